#include "store/postgres/libpq.hpp"

#include <dlfcn.h>

#include "error.hpp"

namespace svc::postgres {

namespace {

Libpq load_libpq() {
    // The soname of libpq's stable ABI, as the Debian package libpq5 installs it.
    constexpr const char* k_library = "libpq.so.5";
    void* handle = dlopen(k_library, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        fail(ErrorKind::storage, "a PostgreSQL store needs {} (Debian package libpq5): {}", k_library, dlerror());
    Libpq api;
#define SVC_LIBPQ_LOAD(name)                                               \
    api.name = reinterpret_cast<decltype(api.name)>(dlsym(handle, #name)); \
    if (!api.name) fail(ErrorKind::storage, "{} has no {}: libpq 14 or later is needed", k_library, #name);
    SVC_LIBPQ_FUNCTIONS(SVC_LIBPQ_LOAD)
#undef SVC_LIBPQ_LOAD
    // The library stays loaded for the life of the process.
    return api;
}

}  // namespace

const Libpq& libpq() {
    static const Libpq api = load_libpq();
    return api;
}

}  // namespace svc::postgres
