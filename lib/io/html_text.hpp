#pragma once
// HTML made readable as plain text, for mail that comes only as HTML: tags dropped, the
// contents of <script>, <style> and <head> left out, blocks (p, div, br, li, tr, headings)
// on lines of their own, a list item marked "- ", a link followed by its address when that
// differs from its text, character references decoded, runs of blank space collapsed.
#include <string>
#include <string_view>

namespace svc::io {

std::string html_to_text(std::string_view html);

}  // namespace svc::io
