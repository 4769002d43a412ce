// svc wallboard: the queue and its deadlines as one HTML page for a screen on the floor.
#include "wallboard.hpp"

#include <cstdlib>

#include "cli.hpp"
#include "error.hpp"
#include "io/files.hpp"
#include "render/wallboard_page.hpp"

namespace svc::cli {

namespace {

struct WallboardOptions {
    std::optional<std::string> output, team, refresh, mode, lang;
};

// The page's language: the verb's --lang, else the language of messages (the global --lang,
// else the locale's): Chinese for zh_*, English for anything else.
render::Language page_language(const std::optional<std::string>& flag, const std::string& messages) {
    if (flag) {
        if (auto l = render::parse_language(*flag)) return *l;
        fail(ErrorKind::usage, "--lang: unknown language '{}' (expected zh or en)", *flag);
    }
    return render::parse_language(messages).value_or(render::Language::en);
}

// "0644", "640": permission bits only (no set-id or sticky bits).
unsigned file_mode(const std::string& text) {
    unsigned mode = 0;
    bool valid = text.size() >= 3 && text.size() <= 4;
    for (char c : text) {
        valid = valid && c >= '0' && c <= '7';
        mode = mode * 8 + static_cast<unsigned>(c - '0');
    }
    if (!valid || mode > 0777)
        fail(ErrorKind::usage, "--mode: '{}' is not a file mode (octal permission bits such as 0644 or 0640)", text);
    return mode;
}

int run_wallboard(const WallboardOptions& o, Session& s) {
    render::WallboardPage page;
    page.language = page_language(o.lang, s.globals().lang);
    if (o.refresh) {
        page.refresh = *o.refresh == "off" ? 0 : s.duration_flag("--refresh", *o.refresh);
        if (*o.refresh != "off" && page.refresh < 5)
            fail(ErrorKind::usage, "--refresh: '{}' is too often for a page to reload (5s or more, or off)",
                 *o.refresh);
    }
    const unsigned mode = file_mode(o.mode.value_or("0644"));
    if (o.mode && (!o.output || *o.output == "-")) fail(ErrorKind::usage, "--mode '{}' needs -o FILE", *o.mode);

    WallboardRequest request;
    request.team = o.team;
    const std::string html = render::wallboard_html(read_wallboard(s.context(), request), page);
    if (!o.output || *o.output == "-") {
        s.out() << html;
        return 0;
    }
    // Written whole and renamed into place: a screen reloading it never shows half a page.
    if (auto why = io::write_atomically(*o.output, html, mode)) fail(ErrorKind::usage, "-o: {}", *why);
    s.info(trf("wallboard written to {}", *o.output));
    return 0;
}

}  // namespace

void add_wallboard_command(CLI::App& app, Dispatch& d) {
    auto o = std::make_shared<WallboardOptions>();
    CLI::App* wallboard = app.add_subcommand(
        "wallboard", "The queue, its deadlines and today's figures as one HTML page for a screen on the floor");
    wallboard->group(N_("Commands"));
    optional_flag(wallboard, "-o,--output", o->output, "Write the page to this file (atomically) instead of stdout");
    optional_flag(wallboard, "--team", o->team, "The queue of a team's agents (default: the whole centre)");
    optional_flag(wallboard, "--refresh", o->refresh, "How often the page reloads itself: 60s (default), 5m, or off");
    optional_flag(wallboard, "--mode", o->mode, "File mode of the page (default 0644: it holds masked names only)");
    optional_flag(wallboard, "--lang", o->lang, "Language of the page: zh|en (default: the locale's)");
    examples(wallboard,
             "  svc wallboard -o /var/www/html/wallboard.html\n"
             "  svc wallboard --team east --lang zh -o /srv/screens/east.html --refresh 30s\n"
             "  svc wallboard --refresh off --lang en > /tmp/board.html && xdg-open /tmp/board.html");
    d.on(wallboard, [o](Session& s) { return run_wallboard(*o, s); });
}

}  // namespace svc::cli
