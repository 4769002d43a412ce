#pragma once
// Reading a whole file into memory, for inputs that are small by nature (a policy, a zone,
// a knowledge-base article). Large inputs are read in blocks (io::Input in io/rows.hpp).
#include <cstddef>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace svc::io {

// Everything left in `file`, in one string sized from the file when it has a size; nullopt
// when reading fails or the text grows past `limit` bytes. The file stays open.
std::optional<std::string> read_whole(std::FILE* file, std::size_t limit = std::numeric_limits<std::size_t>::max());

// Writes `text` to `path` whole or not at all: into a new temporary file beside it
// (created with O_EXCL | O_NOFOLLOW under a random name, so nothing planted there is
// written through), synced, given `mode` (by default 0666 less the umask, as any new file),
// then renamed over `path`. An error message naming the reason, or nothing when written.
std::optional<std::string> write_atomically(const std::string& path, std::string_view text,
                                            std::optional<unsigned> mode = std::nullopt);

// Why the program at `path` may not be run for a team, or nothing when it may: it must be a
// regular executable file, and it and every directory above it owned by root or by `owner`
// (the store's owner) and writable by nobody else (a directory with the sticky bit, such as
// /tmp, protects the names in it). Someone who could change the file could otherwise make
// every cron user of the store run their code.
std::optional<std::string> untrusted_program(const std::string& path, unsigned owner);
// The same for a file the program reads as its code (a script given to an interpreter).
std::optional<std::string> untrusted_file(const std::string& path, unsigned owner);
// Who owns the file at `path`; nothing when it cannot be looked at.
std::optional<unsigned> file_owner(const std::string& path);

// The directory of the running binary (/proc/self/exe), where what is installed with it is
// found relative to (modules, message catalogues); empty when it cannot be told.
std::string own_directory();

}  // namespace svc::io
