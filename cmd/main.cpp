// svc — customer-service operations from the terminal. This file parses the global options,
// hands the command line to the nouns' verbs, and maps errors to exit codes (DESIGN §6).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "error.hpp"
#include "i18n.hpp"
#include "output.hpp"

namespace {

using svc::ErrorKind;

// The exit-code table of DESIGN §6, in one place.
int exit_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
            return 2;
        case ErrorKind::not_found:
            return 3;
        case ErrorKind::refused:
        case ErrorKind::conflict:
            return 4;
        case ErrorKind::storage:
            return 5;
        case ErrorKind::internal:
            return 1;
    }
    return 1;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// The deepest subcommand the user reached, for help and suggestions.
CLI::App* deepest(CLI::App* app) {
    for (CLI::App* sub : app->get_subcommands())
        if (sub->parsed()) return deepest(sub);
    return app;
}

std::string suggestion(CLI::App* at, const std::vector<std::string>& extras) {
    if (extras.empty()) return {};
    const std::string& word = extras.front();
    std::string best;
    std::size_t best_distance = 3;
    for (const CLI::App* sub : at->get_subcommands({})) {
        if (sub->get_name().empty() || sub->get_group().empty()) continue;
        const std::size_t d = edit_distance(word, sub->get_name());
        if (d < best_distance) {
            best_distance = d;
            best = sub->get_name();
        }
    }
    return best.empty() ? std::string() : svc::trf("; did you mean '{}'?", best);
}

// The nouns and top-level commands, in the order help lists them. Those of `verbs_group`
// have their verbs listed as "Verbs"; the others set their own groups.
struct Noun {
    std::string_view name;
    void (*add)(CLI::App&, svc::cli::Dispatch&);
    bool verbs_group;
};
constexpr Noun k_nouns[] = {
    {"today", svc::cli::add_today_command, true},
    {"wallboard", svc::cli::add_wallboard_command, false},
    {"ticket", svc::cli::add_ticket_commands, true},
    {"escalate", svc::cli::add_escalate_commands, true},
    {"followup", svc::cli::add_followup_commands, true},
    {"survey", svc::cli::add_survey_commands, true},
    {"kpi", svc::cli::add_kpi_commands, true},
    {"review", svc::cli::add_review_commands, true},
    {"kb", svc::cli::add_kb_commands, true},
    {"db", svc::cli::add_db_commands, true},
    {"policy", svc::cli::add_policy_commands, false},
    {"customer", svc::cli::add_customer_commands, false},
    {"agent", svc::cli::add_agent_commands, false},
    {"duty", svc::cli::add_duty_commands, false},
    {"demo", svc::cli::add_demo_commands, false},
};

// The noun the command line names: its first word that is neither an option nor the value
// of a global option. Empty when there is none (svc alone, --help, --version).
std::string_view named_noun(const CLI::App& app, int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word == "--") return {};
        if (!word.starts_with('-')) return word;
        if (word.find('=') != std::string_view::npos) continue;
        const CLI::Option* option = app.get_option_no_throw(std::string(word));
        if (option && option->get_type_size() > 0) ++i;  // its value is the next word
    }
    return {};
}

// Registers the nouns: only the one the command line names when it names one, so a command
// sets up its own verbs and not some two hundred others; all of them for help, completion
// and a word that is no noun (its suggestion looks at them all).
void add_nouns(CLI::App& app, svc::cli::Dispatch& dispatch, std::string_view named) {
    const bool one =
        std::any_of(std::begin(k_nouns), std::end(k_nouns), [&](const Noun& n) { return n.name == named; });
    for (const Noun& noun : k_nouns) {
        if (one && noun.name != named) continue;
        noun.add(app, dispatch);
        if (!noun.verbs_group) continue;
        // Verbs inherit their noun's help group; list them as what they are.
        for (CLI::App* verb : app.get_subcommands({}).back()->get_subcommands({})) verb->group(N_("Verbs"));
    }
}

// The value of a global option as typed (--lang zh, --lang=zh), before the command line is
// parsed: the language must be chosen before help texts are set up.
std::string early_option(int argc, char** argv, std::string_view name) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word == "--") break;
        if (word == name && i + 1 < argc) return argv[i + 1];
        if (word.starts_with(name) && word.size() > name.size() && word[name.size()] == '=')
            return std::string(word.substr(name.size() + 1));
    }
    return {};
}

// Help in the user's language: every description and group of `app` and its subcommands
// translated, and CLI11's own words.
void translate_help(CLI::App& app) {
    const auto translated = [](const std::string& text) {
        return text.empty() ? text : std::string(svc::tr(text.c_str()));
    };
    app.description(translated(app.get_description()));
    if (!app.get_group().empty()) app.group(translated(app.get_group()));
    for (CLI::Option* o : app.get_options()) {
        o->description(translated(o->get_description()));
        o->group(translated(o->get_group()));
    }
    for (CLI::App* sub : app.get_subcommands({})) translate_help(*sub);
}

void translate_labels(CLI::App& app) {
    for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("REQUIRED"),
                              N_("Positionals"), N_("Env"), N_("Needs"), N_("Excludes")})
        app.get_formatter()->label(label, svc::tr(label));
}

std::string command_path(const CLI::App* app) {
    std::string path;
    for (const CLI::App* a = app; a; a = a->get_parent()) path = a->get_name() + (path.empty() ? "" : " ") + path;
    return path;
}

}  // namespace

int main(int argc, char** argv) {
    svc::cli::GlobalOptions g;
    // Messages: --lang, else the locale's; chosen before anything is said.
    // (Completion takes the locale's: a half-typed --lang must not silence it.)
    const bool completing = argc >= 2 && std::string_view(argv[1]) == "__complete";
    const std::string lang_flag = completing ? std::string() : early_option(argc, argv, "--lang");
    g.lang = !lang_flag.empty() ? lang_flag : svc::language_from_environment([](const char* name) {
        const char* value = std::getenv(name);
        return std::string(value ? value : "");
    });
    const std::string catalogues = svc::catalogue_dir();
    if (!lang_flag.empty() && !svc::has_messages(lang_flag, catalogues)) {
        std::cerr << "svc: error: --lang: no messages in '" << lang_flag << "' (svc speaks en and zh_CN)\n";
        return 2;
    }
    const bool translating = svc::use_messages(g.lang, catalogues);

    CLI::App app{N_("svc: customer-service operations from the terminal: tickets with SLA deadlines on a business\n"
                    "calendar, tiered escalation, follow-ups, surveys, KPIs and the weekly complaint review."),
                 "svc"};
    app.set_help_flag("-h,--help", N_("Print this help message and exit"));
    app.set_version_flag("--version", std::string("svc ") + SVC_VERSION, N_("Print the version and exit"));
    app.fallthrough();  // global options work after the verb too (svc ticket list --db x.db)
    app.option_defaults()->group(N_("Global options"));

    app.add_option("--db", g.db, "Store file (else $SVC_DB, config store.path, ~/.local/share/svc/svc.db)");
    app.add_option("--config", g.config, "User config file (else $SVC_CONFIG, ~/.config/svc/config.toml)");
    app.add_option("--as", g.as, "Acting agent login (else $SVC_USER, else the OS login)");
    app.add_option("--format", g.format,
                   "Output format: table|tsv|csv|json|jsonl (else $SVC_FORMAT; table on a terminal, tsv when piped)");
    app.add_flag("--no-header", g.no_header, "Leave out the header row of tables, tsv and csv");
    app.add_flag("--no-pager", g.no_pager, "Never page long output on a terminal (also SVC_PAGER= or PAGER=)");
    app.add_flag("--wide", g.wide, "Tables show every field, not only the essential ones (other formats always do)");
    app.add_option("--now", g.now, "Run as if it were this instant (else $SVC_NOW)");
    app.add_option("--tz", g.tz, "Display zone for instants (else config output.zone, else the policy zone)");
    app.add_option("--lang", g.lang, "Language of messages, help and reports: en or zh_CN (else the locale's)");
    app.add_flag("-q,--quiet", g.quiet, "No informational messages on stderr");
    app.add_flag("--no-color", g.no_color,
                 "No colour (also when NO_COLOR is set, TERM is dumb or output is not a terminal)");
    // Nouns and verbs copy these defaults when they are made: their own flags are theirs.
    app.option_defaults()->group(N_("Options"));
    app.footer(
        svc::tr("\nRun 'svc NOUN --help' for a noun's verbs, 'svc NOUN VERB --help' for a verb's flags.\n"
                "Exit codes: 0 done, 1 unexpected failure, 2 bad usage or input, 3 not found,\n"
                "4 refused by policy, 5 store unavailable.\n\n"
                "Examples:\n"
                "  svc db init && svc policy show\n"
                "  svc customer add --name 张伟 --phone 13800001234 --tier gold\n"
                "  svc customer list --format csv > customers.csv"));

    svc::cli::Dispatch dispatch;
    const std::string_view named = completing ? std::string_view() : named_noun(app, argc, argv);
    // svc --version (with global options or not) needs no noun at all; with --help it lists them.
    const auto given = [&](std::string_view word) { return std::find(argv + 1, argv + argc, word) != argv + argc; };
    if (completing || !named.empty() || !given("--version") || given("--help") || given("-h"))
        add_nouns(app, dispatch, named);
    if (translating) {
        translate_help(app);
        translate_labels(app);
    }

    if (completing) {
        // Global options typed before the cursor (--db, --config) still say which store.
        std::vector<std::string> words(argv + 2, argv + argc);
        for (std::size_t i = 0; i + 2 < words.size(); ++i) {
            if (words[i] == "--db") g.db = words[i + 1];
            if (words[i] == "--config") g.config = words[i + 1];
        }
        return svc::cli::run_complete(app, words, g, std::cout);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ExtrasError& e) {
        // CLI11 words it "The following arguments were not expected: a b"; keep the words.
        CLI::App* at = deepest(&app);
        const std::string what = e.what();
        std::vector<std::string> extras;
        if (auto colon = what.rfind(": "); colon != std::string::npos) {
            std::stringstream words(what.substr(colon + 2));
            for (std::string w; words >> w;) extras.push_back(w);
        }
        // CLI11 lists them in no particular order; the word to name is the first one typed
        // (svc tickt list: 'tickt', not 'list').
        const auto typed_at = [&](const std::string& w) { return std::find(argv + 1, argv + argc, w) - argv; };
        std::stable_sort(extras.begin(), extras.end(),
                         [&](const std::string& a, const std::string& b) { return typed_at(a) < typed_at(b); });
        std::string words;
        for (const std::string& w : extras) words += (words.empty() ? "" : " ") + w;
        std::cerr << svc::tr("svc: error: ")
                  << (extras.size() > 1 ? svc::trf("{}: unexpected arguments '{}'", command_path(at), words)
                                        : svc::trf("{}: unexpected argument '{}'", command_path(at), words))
                  << suggestion(at, extras) << '\n'
                  << svc::trf("run '{} --help' for usage", command_path(at)) << '\n';
        return 2;
    } catch (const CLI::ParseError& e) {
        CLI::App* at = deepest(&app);
        std::cerr << svc::tr("svc: error: ") << e.what() << '\n'
                  << svc::trf("run '{} --help' for usage", command_path(at)) << '\n';
        return 2;
    }

    if (!dispatch.action) {
        // A noun without a verb (or svc alone): its help is the most useful answer.
        CLI::App* at = deepest(&app);
        std::cout << at->help();
        return at == &app && argc == 1 ? 0 : 2;
    }

    svc::cli::Output output(g.no_pager);
    svc::cli::Session session(g, output.stream(), std::cerr);
    int rc = 0;
    try {
        rc = dispatch.action(session);
        output.finish();
    } catch (const svc::Error& e) {
        output.finish();
        std::cerr << svc::tr("svc: error: ") << e.what() << '\n';
        rc = exit_code(e.kind());
    } catch (const std::exception& e) {
        output.finish();
        std::cerr << svc::tr("svc: error: ") << svc::trf("unexpected failure: {}", e.what()) << '\n';
        rc = 1;
    }
    try {
        session.report_statement_plans();
    } catch (const std::exception& e) {
        std::cerr << "svc: error: explaining the statements: " << e.what() << '\n';
    }
    return rc;
}
