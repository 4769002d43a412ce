// svc kb: the knowledge base (统一话术) and the reply check for scripts (kb lint).
#include "kb.hpp"

#include <fmt/format.h>

#include "cli.hpp"
#include "error.hpp"
#include "render/views.hpp"

namespace svc::cli {

namespace {

struct AddOptions {
    std::string title;
    std::optional<std::string> body, file, category;
    std::vector<std::string> tags;
};
struct ShowOptions {
    std::string id;
    bool history = false;
    std::optional<std::int64_t> version;
};
struct ListOptions {
    std::optional<std::string> tag, category;
    bool all = false;
};
struct SearchOptions {
    std::string text;
    bool all = false;
    std::int64_t limit = 20;
};
struct UpdateOptions {
    std::string id;
    std::optional<std::string> title, body, file, category;
    std::vector<std::string> tags;
};
struct RetireOptions {
    std::string id;
    std::optional<std::string> reason;
};
struct LintOptions {
    std::string file;
};

// The body from --body or --file (FILE or - for standard input), never both.
std::optional<std::string> body_of(const std::optional<std::string>& body, const std::optional<std::string>& file) {
    if (body && file) fail(ErrorKind::usage, "give the body as --body TEXT or --file FILE, not both");
    if (file) return read_input("--file", *file);
    return body;
}

int run_add(const AddOptions& o, Session& s) {
    NewKbEntry e;
    e.title = o.title;
    const auto body = body_of(o.body, o.file);
    if (!body) fail(ErrorKind::usage, "the entry needs a body: --body TEXT or --file FILE");
    e.body = *body;
    e.category = o.category;
    e.tags = o.tags;
    const std::int64_t id = add_kb_entry(s.context(), e);
    s.print_id(id);
    return 0;
}

int run_show(const ShowOptions& o, Session& s) {
    const std::int64_t id = parse_kb_id("ID", o.id);
    if (o.history && o.version) fail(ErrorKind::usage, "give --history or --version N, not both");
    if (o.history)
        s.print(render::kb_version_rows(kb_history(s.context(), id)));
    else if (o.version)
        s.print(render::kb_version_record(get_kb_version(s.context(), id, *o.version)));
    else
        s.print(render::kb_record(get_kb_entry(s.context(), id)));
    return 0;
}

int run_update(const UpdateOptions& o, Session& s) {
    const std::int64_t id = parse_kb_id("ID", o.id);
    KbChanges c;
    c.title = o.title;
    c.body = body_of(o.body, o.file);
    c.category = o.category;
    if (!o.tags.empty()) c.tags = o.tags;
    const std::int64_t version = update_kb_entry(s.context(), id, c);
    s.info(trf("knowledge-base entry {} is now version {}", id, version));
    return 0;
}

int run_lint(const LintOptions& o, Session& s) {
    const std::string text = read_input("FILE", o.file);
    const std::vector<Finding> findings = check_text(s.policy().language, text);
    if (!findings.empty()) s.print(render::finding_rows(findings));
    std::size_t avoided = 0, vague = 0;
    for (const Finding& f : findings) (f.kind == FindingKind::avoid ? avoided : vague)++;
    if (findings.empty()) return 0;
    s.warn(trf("{}: {} avoided phrase{}, {} vague time commitment{}", input_name(o.file), avoided,
               avoided == 1 ? "" : "s", vague, vague == 1 ? "" : "s"));
    // An avoided phrase is what a reply would be refused for; vague ones only warn.
    return avoided > 0 ? 4 : 0;
}

}  // namespace

void add_kb_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun =
        app.add_subcommand("kb", "Knowledge base (统一话术): versioned reply scripts, search, reply check");
    noun->group(N_("Nouns"));

    auto add_o = std::make_shared<AddOptions>();
    CLI::App* add = noun->add_subcommand("add", "Add an entry (version 1); prints its id");
    add->add_option("--title", add_o->title, "Title")->required();
    optional_flag(add, "--body", add_o->body, "The text; placeholders {customer} {agent} {ticket} {due} {summary}");
    optional_flag(add, "--file", add_o->file, "Read the text from FILE (- for standard input)");
    add->add_option("--tag", add_o->tags, "Tag (repeat or comma-separate)")->delimiter(',');
    optional_flag(add, "--category", add_o->category, "Category");
    examples(add,
             "  svc kb add --title '退款到账时间' --body '{customer}您好, 退款将在 {due} 前原路退回' --tag 退款\n"
             "  svc kb add --title '物流延误' --file scripts/delay.txt --category 物流");
    d.on(add, [add_o](Session& s) { return run_add(*add_o, s); });

    auto show_o = std::make_shared<ShowOptions>();
    CLI::App* show = noun->add_subcommand("show", "Show an entry, an old version of it, or its history");
    show->add_option("ID", show_o->id, "Entry number")->required();
    show->add_flag("--history", show_o->history, "List every version with who wrote it and when");
    show->add_option_function<std::int64_t>(
        "--version", [o = show_o.get()](std::int64_t v) { o->version = v; }, "Show version N as it was written");
    examples(show, "  svc kb show 3\n  svc kb show 3 --history\n  svc kb show 3 --version 1");
    d.on(show, [show_o](Session& s) { return run_show(*show_o, s); });

    auto history_o = std::make_shared<ShowOptions>();
    CLI::App* history = noun->add_subcommand("history", "List an entry's versions (as show --history)");
    history->add_option("ID", history_o->id, "Entry number")->required();
    examples(history, "  svc kb history 3");
    d.on(history, [history_o](Session& s) {
        history_o->history = true;
        return run_show(*history_o, s);
    });

    auto list_o = std::make_shared<ListOptions>();
    CLI::App* list = noun->add_subcommand("list", "List entries; retired ones only with --all");
    optional_flag(list, "--tag", list_o->tag, "With this tag");
    optional_flag(list, "--category", list_o->category, "In this category");
    list->add_flag("--all", list_o->all, "Retired entries too");
    examples(list, "  svc kb list --tag 退款\n  svc kb list --all --format json");
    d.on(list, [list_o](Session& s) {
        s.print(render::kb_rows(list_kb_entries(s.context(), {list_o->tag, list_o->category, list_o->all})));
        return 0;
    });

    auto search_o = std::make_shared<SearchOptions>();
    CLI::App* search = noun->add_subcommand(
        "search", "Full-text search in titles and bodies, best first, with a snippet; every word must occur");
    search
        ->add_option("TEXT", search_o->text,
                     "Words to find (Chinese or English; words of 1-2 characters match as substrings)")
        ->required();
    search->add_flag("--all", search_o->all, "Retired entries too");
    search->add_option("--limit", search_o->limit, "At most this many hits (default 20)");
    examples(search, "  svc kb search 退款\n  svc kb search '退款 refund'");
    d.on(search, [search_o](Session& s) {
        s.print(render::kb_hit_rows(search_kb(s.context(), search_o->text, search_o->all, search_o->limit)));
        return 0;
    });

    auto update_o = std::make_shared<UpdateOptions>();
    CLI::App* update = noun->add_subcommand("update", "Change an entry: a new version, the old ones kept");
    update->add_option("ID", update_o->id, "Entry number")->required();
    optional_flag(update, "--title", update_o->title, "New title");
    optional_flag(update, "--body", update_o->body, "New text");
    optional_flag(update, "--file", update_o->file, "Read the new text from FILE (- for standard input)");
    update->add_option("--tag", update_o->tags, "Tags: replace all of them (repeat or comma-separate)")->delimiter(',');
    optional_flag(update, "--category", update_o->category, "New category");
    examples(update,
             "  svc kb update 3 --body '{customer}您好, 退款将在 3 个工作日内到账'\n  svc kb update 3 --tag 退款,售后");
    d.on(update, [update_o](Session& s) { return run_update(*update_o, s); });

    auto retire_o = std::make_shared<RetireOptions>();
    CLI::App* retire = noun->add_subcommand("retire", "Retire an entry: hidden from lists and refused by respond --kb");
    retire->add_option("ID", retire_o->id, "Entry number")->required();
    optional_flag(retire, "--reason", retire_o->reason, "Why (kept in the audit trail)");
    examples(retire, "  svc kb retire 3 --reason '退款政策已调整'");
    d.on(retire, [retire_o](Session& s) {
        const std::int64_t id = parse_kb_id("ID", retire_o->id);
        retire_kb_entry(s.context(), id, retire_o->reason);
        return 0;
    });

    auto lint_o = std::make_shared<LintOptions>();
    CLI::App* lint = noun->add_subcommand(
        "lint", "Check text against the policy's [language] rules; exit 4 for an avoided phrase, 0 for vague ones");
    lint->add_option("FILE", lint_o->file, "The text to check (- for standard input)")->required();
    examples(lint, "  svc kb lint scripts/refund.txt\n  echo '我们会尽快处理' | svc kb lint -");
    d.on(lint, [lint_o](Session& s) { return run_lint(*lint_o, s); });
}

}  // namespace svc::cli
