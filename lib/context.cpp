#include "context.hpp"

namespace svc {

Context::Context(Store& store, Clock clock, std::string actor)
    : m_store(store), m_clock(clock), m_actor(std::move(actor)) {
    m_store.db().on_write_lock([this] { m_clock.reread(); });
}

Context::~Context() { m_store.db().on_write_lock(nullptr); }

const Policy& Context::policy() {
    if (!m_policy) {
        if (auto active = m_store.active_policy()) {
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
