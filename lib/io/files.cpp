#include "io/files.hpp"

#include <sys/stat.h>

namespace svc::io {

std::optional<std::string> read_whole(std::FILE* file, std::size_t limit) {
    std::string text;
    struct stat st {};
    if (::fstat(::fileno(file), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) <= limit)
        text.reserve(static_cast<std::size_t>(st.st_size));
    char chunk[65536];
    for (std::size_t n = 0; (n = std::fread(chunk, 1, sizeof chunk, file)) > 0;) {
        if (n > limit - text.size()) return std::nullopt;
        text.append(chunk, n);
    }
    if (std::ferror(file)) return std::nullopt;
    return text;
}

}  // namespace svc::io
