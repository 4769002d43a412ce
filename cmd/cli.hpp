#pragma once
// The command layer's shared pieces: the global options, the session a verb runs in (store,
// clock, actor, renderer) and the dispatch from CLI11 to a verb's run function.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "config.hpp"
#include "context.hpp"
#include "i18n.hpp"
#include "maintenance.hpp"
#include "render/render.hpp"
#include "time/period.hpp"

namespace svc::cli {

// A list on a terminal without --limit shows this many rows (a pipe gets every row).
inline constexpr std::int64_t k_terminal_rows = 50;

struct GlobalOptions {
    std::string db, config, as, format, now, tz;
    std::string lang;  // the language of messages: --lang, else the locale's ("en", "zh_CN")
    bool no_header = false;
    bool quiet = false;
    bool no_color = false;
    bool wide = false;
    bool no_pager = false;
};

// Everything a verb needs once the command line is parsed. The store is opened (and
// migrated) on first use, so `svc --help` and `policy check` never touch it.
class Session {
public:
    Session(GlobalOptions globals, std::ostream& out, std::ostream& err);
    ~Session();

    // Only `db init`, `demo` and `ticket import --create` make a store; every other command
    // refuses a missing one (a mistyped --db must not become a new, empty store). Call
    // before the store is first used.
    void allow_new_store() { m_allow_new_store = true; }
    Context& context();
    Store& store() { return context().store(); }
    const Policy& policy() { return context().policy(); }
    Instant now() { return context().now(); }

    // Flag parsing with the flag's name in every error.
    Instant instant_flag(std::string_view flag, std::string_view value);
    Seconds duration_flag(std::string_view flag, std::string_view value);
    Period period_flag(std::string_view flag, std::string_view value);

    render::Spec spec();
    // For the cron commands (sweep, followup due): JSON Lines when piped, unless a format
    // was chosen (--format, $SVC_FORMAT or the config); otherwise as spec().
    render::Spec cron_spec();
    bool is_terminal() const { return m_stdout_tty; }
    void print(const render::RowSet& rows);
    void print(const render::Record& record);
    void print_id(std::int64_t id);       // what create commands print
    void info(std::string_view message);  // to stderr unless --quiet
    // After a list cut at k_terminal_rows on a terminal: how many were left out, and how to
    // see them all (on stderr).
    void report_cap(std::int64_t shown, std::int64_t total, std::string_view what);
    void warn(std::string_view message);  // always to stderr
    // With SVC_EXPLAIN set: each statement the command ran and SQLite's plan, to stderr.
    void report_statement_plans();
    std::ostream& out() { return m_out; }

    const GlobalOptions& globals() const { return m_globals; }
    // What opening the store did (migrations, a new store's default policy).
    const InitResult& init_result() {
        context();
        return m_init;
    }
    std::string store_path() const;

private:
    const UserConfig& config();
    Zone display_zone();

    GlobalOptions m_globals;
    std::ostream& m_out;
    std::ostream& m_err;
    bool m_stdout_tty;
    bool m_allow_new_store = false;
    std::optional<UserConfig> m_config;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Context> m_context;
    InitResult m_init;
};

// Collects the verb chosen on the command line; main runs it once parsing succeeded.
struct Dispatch {
    std::function<int(Session&)> action;
    // Makes `verb` select `fn` when it is parsed.
    void on(CLI::App* verb, std::function<int(Session&)> fn);
};

// An optional string flag: set only when given.
CLI::Option* optional_flag(CLI::App* app, const std::string& name, std::optional<std::string>& target,
                           const std::string& help);
// The whole text of FILE, or of standard input for "-"; Error(usage) naming `flag`.
std::string read_input(std::string_view flag, const std::string& file);
// The file, or stdin for "-"; Error(usage) naming `flag` when it cannot be opened.
std::FILE* open_input(std::string_view flag, const std::string& file);
// How a file given as FILE is named in messages.
inline std::string input_name(const std::string& file) {
    return file == "-" ? "<stdin>" : file;
}
// Adds an "Example:" footer (every verb has one).
void examples(CLI::App* app, const std::string& text);

void add_db_commands(CLI::App& app, Dispatch& d);
void add_policy_commands(CLI::App& app, Dispatch& d);
void add_customer_commands(CLI::App& app, Dispatch& d);
void add_agent_commands(CLI::App& app, Dispatch& d);
void add_duty_commands(CLI::App& app, Dispatch& d);
void add_today_command(CLI::App& app, Dispatch& d);
void add_wallboard_command(CLI::App& app, Dispatch& d);
void add_ticket_commands(CLI::App& app, Dispatch& d);
void add_intake_command(CLI::App* ticket, Dispatch& d);
void add_link_commands(CLI::App* ticket, Dispatch& d);
void add_demo_commands(CLI::App& app, Dispatch& d);
void add_escalate_commands(CLI::App& app, Dispatch& d);
void add_followup_commands(CLI::App& app, Dispatch& d);
void add_survey_commands(CLI::App& app, Dispatch& d);
void add_kpi_commands(CLI::App& app, Dispatch& d);
void add_review_commands(CLI::App& app, Dispatch& d);
void add_kb_commands(CLI::App& app, Dispatch& d);
// svc __complete WORD…: completion candidates for the shell scripts in completions/.
int run_complete(CLI::App& app, const std::vector<std::string>& words, const GlobalOptions& globals, std::ostream& out);

}  // namespace svc::cli
