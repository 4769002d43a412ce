#include "time/clock.hpp"

#include <chrono>

namespace svc {

Clock Clock::system() {
    const auto now = std::chrono::system_clock::now();
    return Clock(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

}  // namespace svc
