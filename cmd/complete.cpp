// svc __complete WORD…: the candidates for the last word of a command line, one a line.
// The shell completion scripts call it, so they know every noun, verb, flag and enum value
// the binary knows, and ticket numbers, agent logins and customer refs from the store.

#include <cstdlib>
#include <memory>
#include <optional>
#include <ostream>

#include "cli.hpp"
#include "completion.hpp"
#include "kpi.hpp"
#include "store/store.hpp"
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
std::vector<std::string> store_values(Session& s, const std::string& option, bool ticket_positional) {
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
        return completion_values(*store, *kind);
    } catch (const std::exception&) {
        // No store path (HOME unset, a bad config): nothing to offer.
    }
    return {};
}

}  // namespace

int run_complete(CLI::App& app, const std::vector<std::string>& words, const GlobalOptions& globals,
                 std::ostream& out) {
    const std::string current = words.empty() ? "" : words.back();
    CLI::App* at = &app;
    std::string previous;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        const std::string& w = words[i];
        previous = w;
        if (w.starts_with("-")) continue;
        for (CLI::App* sub : at->get_subcommands({})) {
            if (sub->get_name() == w) {
                at = sub;
                break;
            }
        }
    }
    std::vector<std::string> candidates;
    const bool value_of_previous = previous.starts_with("--") && takes_value(at, previous);
    Session session(globals, out, out);
    if (value_of_previous) {
        candidates = enum_values(at, previous);
        if (candidates.empty()) candidates = store_values(session, previous, false);
    } else if (current.starts_with("-")) {
        for (const CLI::App* a = at; a; a = a->get_parent())
            for (const CLI::Option* o : a->get_options())
                for (const auto& l : o->get_lnames()) candidates.push_back("--" + l);
    } else {
        for (const CLI::App* sub : at->get_subcommands({}))
            if (!sub->get_name().empty() && !sub->get_group().empty()) candidates.push_back(sub->get_name());
        bool ticket_positional = false;
        for (const CLI::Option* o : at->get_options())
            if (o->get_positional() && o->check_name("TICKET")) ticket_positional = true;
        if (ticket_positional) {
            const auto ids = store_values(session, "", true);
            candidates.insert(candidates.end(), ids.begin(), ids.end());
        }
    }
    for (const std::string& c : candidates)
        if (c.starts_with(current)) out << c << '\n';
    return 0;
}

}  // namespace svc::cli
