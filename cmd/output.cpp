#include "output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string_view>

namespace svc::cli {

namespace {

// A positive number from the environment ($COLUMNS, $LINES), else nothing.
std::optional<std::size_t> env_size(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value) return std::nullopt;
    char* end = nullptr;
    const long n = std::strtol(value, &end, 10);
    if (*end != '\0' || n <= 0 || n > 100000) return std::nullopt;
    return static_cast<std::size_t>(n);
}

// Whether a program of that name is on $PATH.
bool on_path(std::string_view program) {
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "";
    while (!rest.empty()) {
        const std::size_t colon = rest.find(':');
        const std::string dir(rest.substr(0, colon));
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        if (!dir.empty() && ::access((dir + "/" + std::string(program)).c_str(), X_OK) == 0) return true;
    }
    return false;
}

// The pager to use: --no-pager none; $SVC_PAGER, else $PAGER, when set (empty or "cat":
// none); else less, quitting at once when the output fits the screen (-F), passing colour
// through (-R) and leaving the screen as it was (-X).
std::optional<std::string> pager_command(bool no_pager) {
    if (no_pager) return std::nullopt;
    for (const char* name : {"SVC_PAGER", "PAGER"})
        if (const char* value = std::getenv(name)) {
            const std::string command = value;
            if (command.find_first_not_of(" \t") == std::string::npos || command == "cat") return std::nullopt;
            return command;
        }
    if (!on_path("less")) return std::nullopt;
    return std::string("less -FRX");
}

}  // namespace

std::optional<TerminalSize> stdout_terminal() {
    if (::isatty(STDOUT_FILENO) != 1) return std::nullopt;
    TerminalSize size;
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
        if (ws.ws_col > 0) size.columns = ws.ws_col;
        if (ws.ws_row > 0) size.rows = ws.ws_row;
    }
    // The shell's idea wins: it is what a user sets to try a width.
    if (auto columns = env_size("COLUMNS")) size.columns = *columns;
    if (auto rows = env_size("LINES")) size.rows = *rows;
    return size;
}

Output::Output(bool no_pager) : m_stream(std::cout.rdbuf()) {
    const auto terminal = stdout_terminal();
    if (!terminal) return;
    auto pager = pager_command(no_pager);
    if (!pager) return;
    m_buffer = std::make_unique<PagingBuffer>(std::move(pager), terminal->rows);
    m_stream.rdbuf(m_buffer.get());
}

Output::~Output() {
    finish();
}

void Output::finish() {
    if (m_finished) return;
    m_finished = true;
    m_stream.flush();
    if (m_buffer) m_buffer->finish();
    std::cout.flush();
}

Output::PagingBuffer::PagingBuffer(std::optional<std::string> pager, std::size_t rows)
    : m_pager(std::move(pager)), m_rows(rows) {}

int Output::PagingBuffer::overflow(int c) {
    if (c != traits_type::eof()) {
        const char ch = static_cast<char>(c);
        put(&ch, 1);
    }
    return traits_type::not_eof(c);
}

std::streamsize Output::PagingBuffer::xsputn(const char* s, std::streamsize n) {
    put(s, static_cast<std::size_t>(n));
    return n;
}

void Output::PagingBuffer::put(const char* s, std::size_t n) {
    if (m_pipe) {
        std::fwrite(s, 1, n, m_pipe);
        return;
    }
    m_kept.append(s, n);
    m_lines += static_cast<std::size_t>(std::count(s, s + n, '\n'));
    // A screenful and a line for the prompt: from here on it goes through the pager.
    if (m_pager && m_lines >= m_rows) start_pager();
}

void Output::PagingBuffer::start_pager() {
    std::fflush(stdout);
    // The user may quit the pager before the end: the rest is dropped, not a crash.
    std::signal(SIGPIPE, SIG_IGN);
    // Like git: LESS and LV say how to behave when the user's own are not set.
    ::setenv("LESS", "FRX", 0);
    ::setenv("LV", "-c", 0);
    m_pipe = ::popen(m_pager->c_str(), "w");
    m_pager.reset();
    if (!m_pipe) {
        std::fwrite(m_kept.data(), 1, m_kept.size(), stdout);
        m_kept.clear();
        return;
    }
    std::fwrite(m_kept.data(), 1, m_kept.size(), m_pipe);
    m_kept.clear();
}

void Output::PagingBuffer::finish() {
    if (m_pipe) {
        ::pclose(m_pipe);
        m_pipe = nullptr;
        return;
    }
    std::fwrite(m_kept.data(), 1, m_kept.size(), stdout);
    m_kept.clear();
    std::fflush(stdout);
}

}  // namespace svc::cli
