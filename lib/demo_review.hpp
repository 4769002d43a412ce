#pragma once
// The demo's weekly reviews: action items agreed at each Monday's review (some done, some
// left overdue) and the quality inspection of each week's closed tickets, so
// `svc review weekly` on a demo store has every section filled.
#include "demo.hpp"

namespace svc {

// After the tickets are replayed, inside the caller's transaction.
void generate_demo_reviews(Context& ctx, const DemoOptions& options);

}  // namespace svc
