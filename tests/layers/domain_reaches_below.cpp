// Compiles: the domain sees its own headers and those of every layer below it. (The control
// for the probes that must not compile: they fail for the layering, not for the setup.)
#include "error.hpp"
#include "policy/policy.hpp"
#include "store/store.hpp"
#include "tickets.hpp"
#include "time/instant.hpp"
