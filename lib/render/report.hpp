#pragma once
// The weekly complaint review as a report: Markdown to paste into chat or mail, one
// self-contained HTML file (inline CSS and SVG, no scripts, A4 print) and JSON with the same
// data. Also the rows of `review action list` and `review sample`.
#include <string>
#include <vector>

#include "render/render.hpp"
#include "review.hpp"

namespace svc::render {

enum class ReportFormat { md, html, json };
std::optional<ReportFormat> parse_report_format(std::string_view name);
inline constexpr std::string_view k_report_format_names = "md|html|json";

// The whole report, ending with a newline. Instants are shown in `zone`. The appendix lists
// the week's complaints, or says they are in `appendix_file` (review_complaint_rows, as CSV).
std::string review_report(const WeeklyReview& review, ReportFormat format, const Zone& zone,
                          const std::optional<std::string>& appendix_file = std::nullopt);
json::Value review_json(const WeeklyReview& review, const Zone& zone);

// The week's complaints, one row each (the appendix as a file of its own).
RowSet review_complaint_rows(const WeeklyReview& review);
RowSet review_action_rows(const std::vector<ActionState>& actions);
RowSet qa_sample_rows(const std::vector<QaCandidate>& tickets);

}  // namespace svc::render
