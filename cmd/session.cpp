#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "error.hpp"
#include "io/files.hpp"
#include "maintenance.hpp"
#include "output.hpp"
#include "text.hpp"
#include "time/period.hpp"

namespace svc::cli {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

// An XDG base directory: $VARIABLE when it is an absolute path (the XDG spec says a relative
// one is invalid and to be ignored), else $HOME followed by `fallback`; "" without either.
std::string xdg_base_dir(const char* variable, std::string_view fallback) {
    if (std::string dir = env(variable); dir.starts_with('/')) return dir;
    const std::string home = env("HOME");
    return home.empty() ? std::string() : home + std::string(fallback);
}

std::string os_login() {
    if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
    if (auto u = env("USER"); !u.empty()) return u;
    return "unknown";
}

void make_dirs(const std::string& dir) {
    std::string path;
    std::stringstream parts(dir);
    std::string part;
    if (!dir.empty() && dir[0] == '/') path = "/";
    while (std::getline(parts, part, '/')) {
        if (part.empty()) continue;
        path += part + "/";
        if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
            fail(ErrorKind::storage, "cannot create the directory {}: {}", path, std::strerror(errno));
    }
}

}  // namespace

Session::Session(GlobalOptions globals, std::ostream& out, std::ostream& err)
    : m_globals(std::move(globals)), m_out(out), m_err(err), m_stdout_tty(::isatty(STDOUT_FILENO) == 1) {}

Session::~Session() = default;

const UserConfig& Session::config() {
    if (!m_config) {
        // A file named by --config or SVC_CONFIG must be there; the default one may be
        // missing, but one that is there and cannot be read is an error all the same.
        std::string path = m_globals.config, named_by = "--config";
        if (path.empty()) {
            path = env("SVC_CONFIG");
            named_by = "SVC_CONFIG";
        }
        const bool required = !path.empty();
        if (path.empty()) {
            if (const std::string dir = xdg_base_dir("XDG_CONFIG_HOME", "/.config"); !dir.empty())
                path = dir + "/svc/config.toml";
            named_by = "config";
        }
        m_config = UserConfig{};
        if (path.empty()) return *m_config;
        std::FILE* in = std::fopen(path.c_str(), "rb");
        if (!in) {
            if (!required && (errno == ENOENT || errno == ENOTDIR)) return *m_config;
            fail(ErrorKind::usage, "{}: cannot read {}: {}", named_by, path, std::strerror(errno));
        }
        // A config is a few lines; a megabyte is a wrong file (a device, a dump).
        std::optional<std::string> text = io::read_whole(in, 1 << 20);
        std::fclose(in);
        if (!text) fail(ErrorKind::usage, "{}: cannot read {}: not a file of at most 1 MiB", named_by, path);
        m_config = parse_user_config(*text, path);
    }
    return *m_config;
}

std::string Session::store_path() const {
    if (!m_globals.db.empty()) return m_globals.db;
    if (auto v = env("SVC_DB"); !v.empty()) return v;
    auto& cfg = const_cast<Session*>(this)->config();
    if (cfg.store_path) return *cfg.store_path;
    const std::string data = xdg_base_dir("XDG_DATA_HOME", "/.local/share");
    if (data.empty()) fail(ErrorKind::usage, "no store given: use --db PATH or set SVC_DB (HOME is not set)");
    return data + "/svc/svc.db";
}

Context& Session::context() {
    if (m_context) return *m_context;
    const std::string path = store_path();
    const bool is_default = m_globals.db.empty() && env("SVC_DB").empty() && !config().store_path;
    if (is_default && m_allow_new_store) make_dirs(path.substr(0, path.rfind('/')));
    std::string requested = m_globals.as;
    if (requested.empty()) requested = env("SVC_USER");
    m_store = open_store(path, config().busy_timeout, m_allow_new_store);
    const int schema_before = m_store->migrate();
    std::string actor = m_store->act_as(requested);
    if (actor.empty()) actor = os_login();
    // The command's own statements, not those of bringing the schema up to date.
    if (const std::string explain = env("SVC_EXPLAIN"); !explain.empty() && explain != "0")
        m_store->record_statements();
    // --now / $SVC_NOW without an offset is read in the policy's zone, so the clock is
    // settled after the schema is current and before anything is written.
    Clock clock = Clock::system();
    m_context = std::make_unique<Context>(*m_store, clock, actor);
    const std::string fixed = m_globals.now.empty() ? env("SVC_NOW") : m_globals.now;
    if (!fixed.empty()) {
        const char* flag = m_globals.now.empty() ? "SVC_NOW" : "--now";
        Instant t = 0;
        try {
            t = parse_instant(fixed, m_context->policy().zone, clock.now());
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::usage) throw;
            fail(ErrorKind::usage, "{}: {}", flag, e.what());
        }
        if (!clock_in_range(t))
            fail(ErrorKind::usage, "{}: {} is outside the years svc runs in ({}); deadlines from it would be nonsense",
                 flag, fixed, k_clock_range_text);
        clock = Clock::fixed(t);
        m_context->set_clock(clock);
    }
    m_init.schema_before = schema_before;
    m_init.schema_after = m_store->latest_schema_version();
    m_init.created = ensure_default_policy(*m_store, clock.now(), actor);
    if (m_init.created) m_context->reload_policy();
    return *m_context;
}

void Session::report_statement_plans() {
    if (!m_store) return;
    for (const StatementPlan& plan : m_store->statement_plans()) {
        // One line for the statement, whatever its layout in the source.
        m_err << "svc: sql: " << text::collapse_spaces(plan.sql) << '\n';
        for (const std::string& step : plan.steps) m_err << "svc: plan:   " << step << '\n';
    }
}

template <typename Fn>
static auto with_flag(std::string_view flag, Fn&& fn) {
    try {
        return fn();
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::usage) throw;
        fail(ErrorKind::usage, "{}: {}", flag, e.what());
    }
}

Instant Session::instant_flag(std::string_view flag, std::string_view value) {
    Context& ctx = context();
    return with_flag(flag, [&] { return parse_instant(value, ctx.policy().zone, ctx.now()); });
}

Seconds Session::duration_flag(std::string_view flag, std::string_view value) {
    return with_flag(flag, [&] { return parse_duration(value); });
}

Period Session::period_flag(std::string_view flag, std::string_view value) {
    Context& ctx = context();
    return with_flag(flag, [&] { return parse_period(value, ctx.policy().zone, ctx.now()); });
}

Zone Session::display_zone() {
    if (!m_globals.tz.empty()) return with_flag("--tz", [&] { return Zone::named(m_globals.tz); });
    if (config().zone) return Zone::named(*config().zone);
    return context().policy().zone;
}

render::Spec Session::spec() {
    render::Spec s;
    std::string format = m_globals.format;
    std::string_view source = "--format";
    if (format.empty() && !env("SVC_FORMAT").empty()) {
        format = env("SVC_FORMAT");
        source = "SVC_FORMAT";
    }
    if (format.empty() && config().format) format = *config().format;
    if (format.empty()) format = m_stdout_tty ? "table" : "tsv";
    const auto f = render::parse_format(format);
    if (!f) fail(ErrorKind::usage, "{}: unknown format '{}' (expected {})", source, format, render::k_format_names);
    s.format = *f;
    s.header = !m_globals.no_header;
    s.wide = m_globals.wide;
    s.zone = display_zone();
    const std::string color = config().color.value_or("auto");
    // A dumb terminal shows escape sequences as text.
    s.color = s.format == render::Format::table && !m_globals.no_color && env("NO_COLOR").empty() &&
              (color == "always" || (color == "auto" && m_stdout_tty && env("TERM") != "dumb"));
    // A table on a terminal fits its width; piped output never changes with it.
    if (s.format == render::Format::table)
        if (const auto terminal = stdout_terminal()) s.width = terminal->columns;
    return s;
}

render::Spec Session::cron_spec() {
    render::Spec s = spec();
    const bool chosen = !m_globals.format.empty() || !env("SVC_FORMAT").empty() || config().format.has_value();
    if (!chosen && !m_stdout_tty) s.format = render::Format::jsonl;
    return s;
}

void Session::report_cap(std::int64_t shown, std::int64_t total, std::string_view what) {
    if (total <= shown) return;
    info(trf("{} of {} {} shown: --limit {} shows them all (a pipe always gets every row)", shown, total, what, total));
}

void Session::print(const render::RowSet& rows) {
    render::write_rows(m_out, rows, spec());
}
void Session::print(const render::Record& record) {
    render::write_record(m_out, record, spec());
}

void Session::print_id(std::int64_t id) {
    m_out << id << '\n';
}

void Session::info(std::string_view message) {
    if (!m_globals.quiet) m_err << "svc: " << message << '\n';
}

void Session::warn(std::string_view message) {
    m_err << tr("svc: warning: ") << message << '\n';
}

// ---------------------------------------------------------------------------------------

void Dispatch::on(CLI::App* verb, std::function<int(Session&)> fn) {
    verb->callback([this, fn = std::move(fn)] { action = fn; });
}

CLI::Option* optional_flag(CLI::App* app, const std::string& name, std::optional<std::string>& target,
                           const std::string& help) {
    return app->add_option_function<std::string>(
        name, [&target](const std::string& v) { target = v; }, help);
}

void examples(CLI::App* app, const std::string& text) {
    // A verb's help also names the global options, which it takes before or after itself.
    const CLI::App* root = app;
    while (root->get_parent()) root = root->get_parent();
    std::string global;
    if (root != app) {
        std::string line = " ";
        for (const CLI::Option* o : root->get_options()) {
            const auto& longs = o->get_lnames();
            if (longs.empty() || longs.front() == "help" || longs.front() == "version") continue;
            const std::string type = o->get_type_size() != 0 ? o->get_type_name() : "";
            const std::string item = "--" + longs.front() + (type.empty() ? "" : " " + type);
            if (line.size() + item.size() + 1 > 88) {
                global += line + "\n";
                line = " ";
            }
            line += " " + item;
        }
        global =
            tr("\nGlobal options (before or after the verb; svc --help says what each does):\n") + global + line + "\n";
    }
    app->footer(tr("\nExamples:\n") + text + "\n" + global);
}

std::FILE* open_input(std::string_view flag, const std::string& file) {
    std::FILE* in = file == "-" ? stdin : std::fopen(file.c_str(), "rb");
    if (!in) fail(ErrorKind::usage, "{}: cannot read {}: {}", flag, file, std::strerror(errno));
    return in;
}

std::string read_input(std::string_view flag, const std::string& file) {
    std::FILE* in = open_input(flag, file);
    std::optional<std::string> text = io::read_whole(in);
    if (in != stdin) std::fclose(in);
    if (!text) fail(ErrorKind::usage, "{}: cannot read {}", flag, file);
    return std::move(*text);
}

}  // namespace svc::cli
