#pragma once
// What every operation needs, passed explicitly: the store, the clock, the acting agent and
// the team policy (parsed on first use, from the store's active version).
#include <optional>
#include <string>

#include "policy/policy.hpp"
#include "store/store.hpp"
#include "time/clock.hpp"

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

// One operation's writes, all or none. An operation a user can do declares one at its top
// (`const UnitOfWork unit(ctx);`): it takes the store's write lock, and when the operation
// returns its writes are committed; when it throws they are rolled back. An operation called
// from inside another joins the outer unit, so the outer one decides.
class UnitOfWork {
public:
    explicit UnitOfWork(Context& ctx);
    // Commits unless an exception is leaving the scope (then rolls back); a failed commit
    // throws, which is why this destructor may.
    ~UnitOfWork() noexcept(false);
    UnitOfWork(const UnitOfWork&) = delete;
    UnitOfWork& operator=(const UnitOfWork&) = delete;

private:
    std::optional<WriteTransaction> m_tx;  // empty when joined to an outer unit
    int m_uncaught;
};

// One consistent view for an operation that only reads (a deferred BEGIN, no write lock);
// joins an outer unit of work when there is one. It ends in a rollback: an operation that
// writes anything, an audit row included, takes a UnitOfWork instead.
class ReadUnit {
public:
    explicit ReadUnit(Context& ctx);
    ReadUnit(const ReadUnit&) = delete;
    ReadUnit& operator=(const ReadUnit&) = delete;

private:
    std::optional<ReadSnapshot> m_tx;
};

}  // namespace svc
