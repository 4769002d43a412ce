#pragma once
// The closed word lists of the service practice: every enum value a flag, a policy file or
// an import may use. Stored and printed exactly as written here.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace svc {

// The value of an enum whose names are `names`, in the order of its values.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_named(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name) return static_cast<Enum>(i);
    return std::nullopt;
}

// Where a ticket is in its life; the moves between them are the lifecycle's (lifecycle.hpp).
// Stored and shown by name.
enum class TicketStatus : std::uint8_t { open, pending, resolved, closed };
inline constexpr std::array<std::string_view, 4> k_ticket_status_names{"open", "pending", "resolved", "closed"};
constexpr std::string_view to_string(TicketStatus s) {
    return k_ticket_status_names[static_cast<std::size_t>(s)];
}
constexpr std::optional<TicketStatus> ticket_status_named(std::string_view name) {
    return enum_named<TicketStatus>(k_ticket_status_names, name);
}

// Where a follow-up is: waiting for its due time, done, or cancelled.
enum class FollowupState : std::uint8_t { open, done, cancelled };
inline constexpr std::array<std::string_view, 3> k_followup_state_names{"open", "done", "cancelled"};
constexpr std::string_view to_string(FollowupState s) {
    return k_followup_state_names[static_cast<std::size_t>(s)];
}
constexpr std::optional<FollowupState> followup_state_named(std::string_view name) {
    return enum_named<FollowupState>(k_followup_state_names, name);
}

// Where a survey is: sent and waiting, answered, or cancelled (an unanswered one past its
// window is shown as expired; that is not stored).
enum class SurveyState : std::uint8_t { sent, answered, cancelled };
inline constexpr std::array<std::string_view, 3> k_survey_state_names{"sent", "answered", "cancelled"};
constexpr std::string_view to_string(SurveyState s) {
    return k_survey_state_names[static_cast<std::size_t>(s)];
}
constexpr std::optional<SurveyState> survey_state_named(std::string_view name) {
    return enum_named<SurveyState>(k_survey_state_names, name);
}

}  // namespace svc

namespace svc::vocab {

inline constexpr std::array<std::string_view, 6> channels{"chat", "phone", "email", "social", "web", "store"};
inline constexpr std::array<std::string_view, 3> kinds{"inquiry", "complaint", "after-sales"};
inline constexpr std::array<std::string_view, 4> priorities{"low", "normal", "high", "urgent"};
inline constexpr std::array<std::string_view, 4> tiers{"platinum", "gold", "silver", "standard"};
inline constexpr std::array<std::string_view, 3> roles{"agent", "supervisor", "manager"};
// What the customer wants out of a complaint: 求补偿/求重视/求解决/求表达.
inline constexpr std::array<std::string_view, 4> needs{"compensation", "respect", "solution", "vent"};
inline constexpr std::array<std::string_view, 4> moods{"angry", "anxious", "disappointed", "calm"};
inline constexpr std::array<std::string_view, 7> causes{"service", "product",  "logistics", "promise",
                                                        "policy",  "customer", "other"};
inline constexpr auto statuses = k_ticket_status_names;
inline constexpr std::array<std::string_view, 5> compensation_kinds{"coupon", "refund", "cash", "gift", "service"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& list, std::string_view sep = "|") {
    std::string out;
    for (auto v : list) {
        if (!out.empty()) out += sep;
        out += v;
    }
    return out;
}

// 0 for the lowest rank (low, standard, agent), used to sort and compare.
template <std::size_t N>
int rank(const std::array<std::string_view, N>& list, std::string_view value) {
    auto it = std::find(list.begin(), list.end(), value);
    return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

}  // namespace svc::vocab

// A status or state prints as its name.
template <typename State>
requires std::is_same_v<State, svc::TicketStatus> || std::is_same_v<State, svc::FollowupState> ||
    std::is_same_v<State, svc::SurveyState>
struct fmt::formatter<State> : fmt::formatter<std::string_view> {
    auto format(State s, format_context& ctx) const {
        return fmt::formatter<std::string_view>::format(svc::to_string(s), ctx);
    }
};
