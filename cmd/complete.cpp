// svc __complete WORD…: the candidates for the last word of a command line, one a line,
// each optionally followed by a tab and a description (nouns, verbs and flags), or the one
// line ":files" (":dirs") where a file (directory) name is expected, for the shell to
// complete from the file system. The shell completion scripts call it, so they know every
// noun, verb, flag and enum value the binary knows, and ticket numbers, agent logins and
// customer refs from the store. "--opt=VALUE" completes as "--opt" "VALUE" (bash splits
// there itself; zsh and fish pass the word whole and get "--opt=value" back).

#include <cstdlib>
#include <memory>
#include <optional>
#include <ostream>

#include "cli.hpp"
#include "completion.hpp"
#include "kpi.hpp"
#include "store/store.hpp"
#include "text.hpp"
#include "vocabulary.hpp"

namespace svc::cli {

namespace {

template <std::size_t N>
std::vector<std::string> words_of(const std::array<std::string_view, N>& list) {
    return {list.begin(), list.end()};
}

// The values an option takes, where they form a closed list.
std::vector<std::string> enum_values(const CLI::App* at, const std::string& option) {
    const std::string verb = at->get_name();
    const std::string noun = at->get_parent() ? at->get_parent()->get_name() : "";
    if (option == "--channel") return words_of(vocab::channels);
    if (option == "--priority") return words_of(vocab::priorities);
    if (option == "--status") return words_of(vocab::statuses);
    if (option == "--tier") return words_of(vocab::tiers);
    if (option == "--role") return words_of(vocab::roles);
    if (option == "--need") return words_of(vocab::needs);
    if (option == "--mood") return words_of(vocab::moods);
    if (option == "--cause") return words_of(vocab::causes);
    if (verb == "intake" && option == "--format") return {"email", "json"};  // the input's format
    if (option == "--format") return {"table", "tsv", "csv", "json", "jsonl"};
    if (option == "--sort") return {"due", "created", "updated", "priority"};
    if (noun == "survey" && option == "--state") return {"sent", "answered", "expired", "cancelled"};
    if (verb == "kpi" && option == "--by")
        return {"agent", "team", "channel", "kind", "category", "priority", "tier", "day", "week", "month"};
    if (verb == "kpi" && option == "--metrics") {
        std::vector<std::string> names;
        for (const MetricDef& m : kpi_metrics()) names.emplace_back(m.name);
        return names;
    }
    if (noun == "survey" && option == "--by") return {"agent", "team", "channel", "kind", "category", "tier"};
    if (option == "--kind") {
        if (noun == "followup") return {"callback", "promise", "revisit", "care"};
        if (verb == "compensate") return words_of(vocab::compensation_kinds);
        if (verb == "link") return {"related", "caused-by"};
        return words_of(vocab::kinds);
    }
    return {};
}

// Options whose value is a path: ":files", or ":dirs" for a directory.
std::string_view path_directive(const std::string& option) {
    if (option == "--attachments") return ":dirs";
    if (option == "--db" || option == "--config" || option == "--file" || option == "--output" || option == "-o" ||
        option == "--appendix")
        return ":files";
    return {};
}

// One line of a description: its first line, cut short for a completion menu.
std::string short_description(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    for (char& c : line)
        if (c == '\t') c = ' ';
    constexpr std::size_t k_width = 60;
    return text::display_width(line) > k_width ? text::truncate_to_width(line, k_width) : line;
}

bool takes_value(const CLI::App* at, const std::string& word) {
    for (const CLI::App* a = at; a; a = a->get_parent()) {
        for (const CLI::Option* o : a->get_options()) {
            for (const auto& l : o->get_lnames())
                if ("--" + l == word) return o->get_type_size() != 0;
        }
    }
    return false;
}

// The store's own values, when the store exists: completion never creates one.
std::vector<std::string> store_values(Session& s, const std::string& option, bool ticket_positional,
                                      const std::string& prefix) {
    try {
        std::optional<CompletionValues> kind;
        if (option == "--as" || option == "--assignee" || option == "--owner" || option == "--to" ||
            option == "--agent")
            kind = CompletionValues::agent_logins;
        else if (option == "--customer")
            kind = CompletionValues::customers;
        else if (ticket_positional)
            kind = CompletionValues::open_tickets;
        if (!kind) return {};
        // Opened without `create`: a store that is not there is an error, caught below.
        const std::unique_ptr<Store> store = open_store(s.store_path(), 1, false);
        return completion_values(*store, *kind, prefix);
    } catch (const std::exception&) {
        // No store path (HOME unset, a bad config): nothing to offer.
    }
    return {};
}

}  // namespace

int run_complete(CLI::App& app, const std::vector<std::string>& words, const GlobalOptions& globals,
                 std::ostream& out) {
    std::string current = words.empty() ? "" : words.back();
    if (current == "=") current.clear();  // bash: "--format=" is "--format" "=" ""
    CLI::App* at = &app;
    std::string previous;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        const std::string& w = words[i];
        // bash hands "--format=j" over as "--format" "=" "j": the option is the word before "=".
        if (w == "=") continue;
        previous = w;
        if (w.starts_with("-")) continue;
        for (CLI::App* sub : at->get_subcommands({})) {
            if (sub->get_name() == w) {
                at = sub;
                break;
            }
        }
    }
    // zsh and fish pass "--format=j" whole: its candidates are "--format=json"…
    std::string given_with;
    if (current.starts_with("--") && current.find('=') != std::string::npos) {
        given_with = current.substr(0, current.find('=') + 1);
        previous = current.substr(0, given_with.size() - 1);
        current = current.substr(given_with.size());
    }
    struct Candidate {
        std::string word, description;
    };
    std::vector<Candidate> candidates;
    const auto add_all = [&](const std::vector<std::string>& words) {
        for (const std::string& w : words) candidates.push_back({w, {}});
    };
    const bool value_of_previous = previous.starts_with("-") && takes_value(at, previous);
    Session session(globals, out, out);
    if (value_of_previous) {
        if (const std::string_view directive = path_directive(previous); !directive.empty()) {
            out << directive << '\n';
            return 0;
        }
        add_all(enum_values(at, previous));
        if (candidates.empty()) add_all(store_values(session, previous, false, current));
    } else if (!given_with.empty()) {
        return 0;  // --flag=… of a flag that takes no value
    } else if (current.starts_with("-")) {
        for (const CLI::App* a = at; a; a = a->get_parent())
            for (const CLI::Option* o : a->get_options())
                for (const auto& l : o->get_lnames())
                    candidates.push_back({"--" + l, short_description(o->get_description())});
    } else {
        for (const CLI::App* sub : at->get_subcommands({}))
            if (!sub->get_name().empty() && !sub->get_group().empty())
                candidates.push_back({sub->get_name(), short_description(sub->get_description())});
        bool ticket_positional = false, file_positional = false;
        for (const CLI::Option* o : at->get_options()) {
            if (o->get_positional() && o->check_name("TICKET")) ticket_positional = true;
            if (o->get_positional() && o->check_name("FILE")) file_positional = true;
        }
        if (ticket_positional) {
            // "#12" completes as "12" does, to the numbers themselves.
            if (current.starts_with('#')) current.erase(0, 1);
            add_all(store_values(session, "", true, current));
        }
        if (file_positional && candidates.empty()) {
            out << ":files\n";
            return 0;
        }
    }
    for (const Candidate& c : candidates) {
        if (!c.word.starts_with(current)) continue;
        out << given_with << c.word;
        if (!c.description.empty()) out << '\t' << c.description;
        out << '\n';
    }
    return 0;
}

}  // namespace svc::cli
