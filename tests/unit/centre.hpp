#pragma once
// A service centre in memory for the domain tests: a fresh store with the shipped policy,
// a fixed clock and an acting agent, so each test runs the real operations end to end.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents.hpp"
#include "context.hpp"
#include "delivery.hpp"
#include "maintenance.hpp"
#include "render/events.hpp"
#include "support.hpp"
#include "tickets.hpp"

namespace svc::testing {

// Monday 23 November 2026, 10:00 in Shanghai: inside working hours on the shipped calendar.
inline constexpr Instant k_monday_morning = 1795399200;

class Centre {
public:
    explicit Centre(Instant now = k_monday_morning, std::string actor = "li")
        : m_store(open_store(":memory:", 5, true)) {
        m_store->migrate();
        ensure_default_policy(*m_store, now, actor);
        m_ctx = std::make_unique<Context>(*m_store, Clock::fixed(now), std::move(actor));
    }
    Context& ctx() { return *m_ctx; }
    Store& store() { return *m_store; }
    Instant now() const { return m_ctx->now(); }
    // Moves the clock (never needed backwards by an operation, but tests may set any time).
    void at(Instant t) { m_ctx->set_clock(Clock::fixed(t)); }
    void later(Seconds s) { at(now() + s); }
    // Acts as another login from here on, at the same time.
    void as(std::string login) { m_ctx->replay_at(now(), std::move(login)); }

private:
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Context> m_ctx;
};

// An instant on the wall clock of the shipped policy's zone (Shanghai keeps UTC+8 all year).
inline Instant cst(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return utc(y, mo, d, h, mi, s) - 8 * k_hour;
}

// What `ticket open` gets with --name/--phone: the customer is found by phone or registered.
inline OpenTicketRequest request(std::string channel, std::string kind, std::string summary,
                                 std::string phone = "13800001234", std::string name = "张伟") {
    OpenTicketRequest r;
    r.channel = std::move(channel);
    r.kind = std::move(kind);
    r.summary = std::move(summary);
    r.phone = std::move(phone);
    r.name = std::move(name);
    return r;
}

inline std::int64_t open(Centre& c, std::string channel, std::string kind, std::string summary,
                         std::string phone = "13800001234") {
    return open_ticket(c.ctx(), request(std::move(channel), std::move(kind), std::move(summary), std::move(phone))).id;
}

// The actions of a ticket's audit trail, oldest first.
inline std::vector<std::string> events_of(Centre& c, std::int64_t id) {
    std::vector<std::string> out;
    for (const AuditEvent& e : show_ticket(c.ctx(), id).timeline) out.push_back(e.action);
    return out;
}

// The readable text of the last timeline entry with this action, or nothing.
inline std::optional<std::string> last_text(Centre& c, std::int64_t id, std::string_view action) {
    std::optional<std::string> out;
    const TicketDetail d = show_ticket(c.ctx(), id);
    for (const AuditEvent& e : d.timeline)
        if (e.action == action) out = describe_event(e, d.zone);
    return out;
}

inline const TargetStatus* target_of(const TicketDetail& d, SlaTarget t) {
    auto it = std::find_if(d.targets.begin(), d.targets.end(), [&](const TargetStatus& s) { return s.target == t; });
    return it == d.targets.end() ? nullptr : &*it;
}

// Registers an agent as the current actor (a manager, or anyone while none is registered).
inline void agent(Centre& c, std::string login, std::string role, std::optional<std::string> comp_limit = {}) {
    NewAgent a;
    a.login = login;
    a.name = login;
    a.role = std::move(role);
    a.comp_limit = std::move(comp_limit);
    add_agent(c.ctx(), a);
}

// A notify command that takes every payload and keeps it.
class RecordingNotifier : public Notifier {
public:
    bool deliver(const std::string& line, std::string&) override {
        lines.push_back(line);
        return true;
    }
    std::vector<std::string> lines;
};

// A notify command that cannot be reached: every delivery fails.
class FailingNotifier : public Notifier {
public:
    bool deliver(const std::string&, std::string& error) override {
        ++attempts;
        error = "pager unreachable";
        return false;
    }
    int attempts = 0;
};

}  // namespace svc::testing
