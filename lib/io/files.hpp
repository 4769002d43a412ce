#pragma once
// Reading a whole file into memory, for inputs that are small by nature (a policy, a zone,
// a knowledge-base article). Large inputs are read in blocks (io::Input in io/rows.hpp).
#include <cstddef>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

namespace svc::io {

// Everything left in `file`, in one string sized from the file when it has a size; nullopt
// when reading fails or the text grows past `limit` bytes. The file stays open.
std::optional<std::string> read_whole(std::FILE* file, std::size_t limit = std::numeric_limits<std::size_t>::max());

}  // namespace svc::io
