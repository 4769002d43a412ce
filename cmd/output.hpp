#pragma once
// Standard output of a command. On a terminal it is kept until it is longer than the
// screen, then handed to a pager ($SVC_PAGER, else $PAGER, else `less -FRX` when less is
// installed; an empty value or --no-pager turns it off); shorter output is written when
// the command ends. Anything else (a pipe, a file) is written as it comes and never paged.
#include <cstdio>
#include <memory>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>

namespace svc::cli {

// The terminal standard output is, or nothing when it is not one.
struct TerminalSize {
    std::size_t columns = 80, rows = 24;
};
std::optional<TerminalSize> stdout_terminal();

class Output {
public:
    explicit Output(bool no_pager);
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    std::ostream& stream() { return m_stream; }
    // Shows what is kept (or ends the pager and waits for it); once, when the command ends,
    // before an error is reported.
    void finish();

private:
    class PagingBuffer : public std::streambuf {
    public:
        PagingBuffer(std::optional<std::string> pager, std::size_t rows);
        void finish();

    protected:
        int overflow(int c) override;
        std::streamsize xsputn(const char* s, std::streamsize n) override;

    private:
        void put(const char* s, std::size_t n);
        void start_pager();
        std::optional<std::string> m_pager;  // the command, while output may still be paged
        std::size_t m_rows;
        std::size_t m_lines = 0;
        std::string m_kept;
        std::FILE* m_pipe = nullptr;
    };
    std::unique_ptr<PagingBuffer> m_buffer;  // none when standard output is written directly
    std::ostream m_stream;
    bool m_finished = false;
};

}  // namespace svc::cli
