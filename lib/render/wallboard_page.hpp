#pragma once
// The wallboard as one self-contained HTML page: inline CSS and SVG, no script, no font or
// image fetched from anywhere, so it works from file:// and from any static web server.
// Laid out for a 1920×1080 screen with no scrolling, scaling down to a 1280×800 laptop; large
// type; every state has a shape and a word besides its colour. Each figure carries a
// data-figure attribute naming it, for scripts and tests that read the page.
#include <string>

#include "render/render.hpp"
#include "wallboard.hpp"

namespace svc::render {

struct WallboardPage {
    Language language = Language::zh;
    Seconds refresh = 60;  // the page reloads itself this often; 0 = never
};

std::string wallboard_html(const Wallboard& board, const WallboardPage& page);

}  // namespace svc::render
