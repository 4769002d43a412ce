// HTML made readable (mail that has only HTML): any bytes give text, never more than a
// bounded growth of the input (a reference decodes to at most 4 bytes from at least 3, a
// link adds its address once), and no tag survives whole.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "io/html_text.hpp"

using namespace svc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    const std::string_view html(reinterpret_cast<const char*>(data), size);
    fuzz::expect_usage_or_ok("html_to_text", [&] {
        const std::string text = io::html_to_text(html);
        if (text.size() > 2 * size + 16) fuzz::broken("the text grew past twice the HTML");
        if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos && text.size() > size)
            fuzz::broken("plain text grew");
    });
    return 0;
}
