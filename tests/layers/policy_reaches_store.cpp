// Must not compile: the policy layer sits below the store and cannot see its headers.
#include "store/store.hpp"
