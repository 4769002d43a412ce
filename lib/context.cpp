#include "context.hpp"

#include <exception>

namespace svc {

Context::Context(Store& store, Clock clock, std::string actor)
    : m_store(store), m_clock(clock), m_actor(std::move(actor)) {
    m_store.on_write_lock([this] { m_clock.reread(); });
}

Context::~Context() {
    m_store.on_write_lock(nullptr);
}

UnitOfWork::UnitOfWork(Context& ctx) : m_uncaught(std::uncaught_exceptions()) {
    if (!ctx.store().in_transaction()) m_tx.emplace(ctx.store());
}

ReadUnit::ReadUnit(Context& ctx) {
    if (!ctx.store().in_transaction()) m_tx.emplace(ctx.store());
}

UnitOfWork::~UnitOfWork() noexcept(false) {
    // Leaving by an exception: the transaction's own destructor rolls back.
    if (m_tx && std::uncaught_exceptions() == m_uncaught) m_tx->commit();
}

const Policy& Context::policy() {
    if (!m_policy) {
        if (auto active = m_store.policies().active_policy()) {
            m_policy = parse_policy(active->text, "policy version " + std::to_string(active->version));
            m_policy_version = active->version;
        } else {
            m_policy = parse_policy(default_policy_text(), "default policy");
            m_policy_version = 0;
        }
    }
    return *m_policy;
}

std::int64_t Context::policy_version() {
    policy();
    return m_policy_version;
}

}  // namespace svc
