#pragma once
// Figures summed per group from rows that stream out of an index range (KPIs, survey
// counts). SQLite's GROUP BY sorts every row before it sums; for a month of a large store
// it is cheaper to stream the rows and sum them here, and without groups to let SQLite sum
// into one row.
#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace svc::summed {

// What each row adds to its group's figures: a quantity is summed, a condition counts the
// rows that meet it. Without groups a condition is `count(*) FILTER (WHERE …)`, which
// SQLite steps faster than a sum of 0s and 1s (a quarter less time over a month of tickets).
struct Value {
    const char* sql = nullptr;  // unset: no value
    bool condition = false;
};
constexpr Value quantity(const char* sql) {
    return {sql, false};
}
constexpr Value condition(const char* sql) {
    return {sql, true};
}

// The query that sums `values` per `group` over `from` (tables and WHERE): with `stream`
// one row per matching row (a condition reads as 0 or 1), else one row of sums, or none
// when nothing matched (as an empty GROUP BY gives). `collect_first` gathers the first
// value's every value with collect() (Database::collected) instead of summing it.
template <typename Values>
std::string query(std::string_view group, const Values& values, std::string_view from, bool stream,
                  bool collect_first) {
    std::string columns(group);
    bool first = true;
    for (const Value& value : values) {
        if (!value.sql) continue;
        if (stream)
            columns += fmt::format(", {}", value.sql);
        else if (first && collect_first)
            columns += fmt::format(", collect({})", value.sql);
        else if (value.condition)
            columns += fmt::format(", count(*) FILTER (WHERE {})", value.sql);
        else
            columns += fmt::format(", sum({})", value.sql);
        first = false;
    }
    if (stream) return fmt::format("SELECT {} FROM {}", columns, from);
    return fmt::format("SELECT {} FROM {} HAVING count(*) > 0", columns, from);
}

// Figures (a struct with a `group` string) found by their group's text. Rows come in index
// order, not by group, so the last group found is kept: runs of one group (and a report
// without groups) need no lookup.
template <typename Figures>
class Groups {
public:
    Figures& at(std::string_view key) {
        if (m_last && m_last->group == key) return *m_last;
        auto it = m_groups.find(key);
        if (it == m_groups.end()) {
            it = m_groups.emplace(std::string(key), Figures{}).first;
            it->second.group = std::string(key);
        }
        m_last = &it->second;
        return *m_last;
    }
    // The groups in order of their text.
    std::vector<Figures> take() {
        std::vector<Figures> out;
        out.reserve(m_groups.size());
        for (auto& [key, figures] : m_groups) out.push_back(std::move(figures));
        m_groups.clear();
        m_last = nullptr;
        return out;
    }

private:
    std::map<std::string, Figures, std::less<>> m_groups;
    Figures* m_last = nullptr;
};

}  // namespace svc::summed
