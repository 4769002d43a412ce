#include "io/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

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

std::optional<std::string> write_atomically(const std::string& path, std::string_view text,
                                            std::optional<unsigned> mode) {
    if (!mode) {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    const auto slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty() || base == "." || base == "..") return fmt::format("{} is not a file name", path);
    // mkstemp's pattern in the target directory: O_CREAT | O_EXCL on a random name, which a
    // link planted in advance cannot match; O_NOFOLLOW besides.
    std::string tmp = dir + "/." + base + ".XXXXXX";
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return fmt::format("cannot create a file in {}: {}", dir, std::strerror(errno));
    auto failed = [&](const char* doing) {
        const std::string why = fmt::format("cannot {} {}: {}", doing, path, std::strerror(errno));
        ::close(fd);
        ::unlink(tmp.c_str());
        return why;
    };
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return failed("write");
        done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, *mode) != 0) return failed("set the mode of");
    if (::fsync(fd) != 0) return failed("write");
    if (::close(fd) != 0) {
        const std::string why = fmt::format("cannot write {}: {}", path, std::strerror(errno));
        ::unlink(tmp.c_str());
        return why;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = fmt::format("cannot write {}: {}", path, std::strerror(errno));
        ::unlink(tmp.c_str());
        return why;
    }
    return std::nullopt;
}

std::optional<unsigned> file_owner(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return st.st_uid;
}

namespace {

std::optional<std::string> untrusted_entry(const std::string& path, const struct stat& st, unsigned owner) {
    if (st.st_uid != 0 && st.st_uid != owner)
        return fmt::format("{} is owned by uid {}, neither root nor the store's owner (uid {})", path, st.st_uid,
                           owner);
    const bool sticky_dir = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX);
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !sticky_dir)
        return fmt::format("{} is writable by {}", path, (st.st_mode & S_IWOTH) ? "others" : "its group");
    return std::nullopt;
}

}  // namespace

namespace {

// The file and every directory above it, as named.
std::optional<std::string> untrusted_chain(const std::string& path, unsigned owner) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return fmt::format("{}: {}", path, std::strerror(errno));
    // A link's own mode is always 0777 and means nothing: who owns it counts, and where it
    // leads is checked by the caller.
    if (S_ISLNK(st.st_mode)) st.st_mode &= ~static_cast<mode_t>(S_IWGRP | S_IWOTH);
    if (auto why = untrusted_entry(path, st, owner)) return why;
    for (std::string dir = path; dir.size() > 1;) {
        dir.erase(dir.find_last_of('/'));
        if (dir.empty()) dir = "/";
        if (::stat(dir.c_str(), &st) != 0) return fmt::format("{}: {}", dir, std::strerror(errno));
        if (auto why = untrusted_entry(dir, st, owner)) return why;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> untrusted_file(const std::string& path, unsigned owner) {
    if (path.empty() || path.front() != '/') return fmt::format("{} is not an absolute path", path);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return fmt::format("{}: {}", path, std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return fmt::format("{} is not a regular file", path);
    if (auto why = untrusted_chain(path, owner)) return why;
    // A symbolic link is as safe as where it leads, too.
    char* real = ::realpath(path.c_str(), nullptr);
    if (!real) return fmt::format("{}: {}", path, std::strerror(errno));
    const std::string target = real;
    std::free(real);
    if (target != path) return untrusted_chain(target, owner);
    return std::nullopt;
}

std::optional<std::string> untrusted_program(const std::string& path, unsigned owner) {
    if (auto why = untrusted_file(path, owner)) return why;
    if (::access(path.c_str(), X_OK) != 0) return fmt::format("{} is not executable", path);
    return std::nullopt;
}

std::string own_directory() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : self.parent_path().string();
}

}  // namespace svc::io
