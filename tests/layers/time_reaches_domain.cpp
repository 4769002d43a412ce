// Must not compile: time is below the domain.
#include "tickets.hpp"
