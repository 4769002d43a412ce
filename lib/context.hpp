#pragma once
// What every operation needs, passed explicitly: the store, the clock, the acting agent and
// the team policy (parsed on first use, from the store's active version).
#include "policy/policy.hpp"
#include "store/store.hpp"
#include "time/clock.hpp"

#include <optional>
#include <string>

namespace svc {

class Context {
public:
    // The context reads a system clock again whenever the store takes its write lock.
    Context(Store& store, Clock clock, std::string actor);
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    Store& store() { return m_store; }
    Instant now() const { return m_clock.now(); }
    const std::string& actor() const { return m_actor; }
    // The active policy of the store (the shipped default when the store has none yet).
    const Policy& policy();
    std::int64_t policy_version();
    // Replays (demo data, imports with original timestamps) move the clock and the actor
    // between operations; commands never do.
    void replay_at(Instant now, std::string actor) {
        m_clock = Clock::fixed(now);
        m_actor = std::move(actor);
    }
    // Forget the parsed policy after a new version was loaded.
    void reload_policy() { m_policy.reset(); }
    // A fixed clock (--now) is read in the policy's zone, so it is set after the context
    // has read the policy.
    void set_clock(Clock clock) { m_clock = clock; }

private:
    Store& m_store;
    Clock m_clock;
    std::string m_actor;
    std::optional<Policy> m_policy;
    std::int64_t m_policy_version = 0;
};

}  // namespace svc
