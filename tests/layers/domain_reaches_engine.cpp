// Must not compile: the domain knows the store's interfaces, never an engine.
#include "store/sqlite/sqlite_store.hpp"
