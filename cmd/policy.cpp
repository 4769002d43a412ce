// svc policy: show, check, load, history.
#include <fmt/format.h>

#include "cli.hpp"
#include "error.hpp"
#include "policy_versions.hpp"
#include "render/views.hpp"
#include "tickets.hpp"

namespace svc::cli {

namespace {

struct PolicyFileOptions {
    std::string file;
    bool recompute_open = false;
};

int run_policy_show(Session& s) {
    s.out() << active_policy_text(s.context());
    return 0;
}

// Valid but probably not meant: said on stderr, neither refused nor hidden by --quiet.
void warn_policy(const Policy& p, Session& s) {
    for (const std::string& w : p.warnings) s.warn(w);
}

int run_policy_check(const PolicyFileOptions& o, Session& s) {
    const Policy p = parse_policy(read_input("FILE", o.file), input_name(o.file));
    warn_policy(p, s);
    s.info(trf("{} is valid: zone {}, {} SLA rule{}, {} escalation levels", input_name(o.file), p.zone_name,
               p.sla.size(), p.sla.size() == 1 ? "" : "s", p.levels.size()));
    return 0;
}

int run_policy_load(const PolicyFileOptions& o, Session& s) {
    const std::string text = read_input("FILE", o.file);
    warn_policy(parse_policy(text, input_name(o.file)), s);  // a bad file never opens the store
    const PolicyLoaded loaded = load_policy(s.context(), text, input_name(o.file), o.recompute_open);
    s.info(trf("loaded {} as policy version {}", input_name(o.file), loaded.version));
    if (!o.recompute_open) {
        s.print_id(loaded.version);
        return 0;
    }
    // With --recompute-open the report of what moved is the output.
    s.info(trf("{} deadline{} of open tickets moved", loaded.moved.size(), loaded.moved.size() == 1 ? "" : "s"));
    s.print(render::moved_deadline_rows(loaded.moved));
    return 0;
}

int run_policy_history(Session& s) {
    s.print(render::policy_history_rows(policy_history(s.context())));
    return 0;
}

}  // namespace

void add_policy_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand("policy", "The team policy: SLA rules, calendar, escalation, authority");
    noun->group(N_("Nouns"));

    CLI::App* show = noun->add_subcommand("show", "Print the active policy as TOML");
    examples(show, "  svc policy show > policy.toml");
    d.on(show, run_policy_show);

    auto check_opts = std::make_shared<PolicyFileOptions>();
    CLI::App* check = noun->add_subcommand("check", "Validate a policy file without storing it");
    check->add_option("FILE", check_opts->file, "Policy file, or - for stdin")->required();
    examples(check, "  svc policy check policy.toml");
    d.on(check, [check_opts](Session& s) { return run_policy_check(*check_opts, s); });

    auto load_opts = std::make_shared<PolicyFileOptions>();
    CLI::App* load = noun->add_subcommand("load", "Validate a policy file and store it as the new active version");
    load->add_option("FILE", load_opts->file, "Policy file, or - for stdin")->required();
    load->add_flag("--recompute-open", load_opts->recompute_open,
                   "Move the unmet deadlines of open tickets to the new rules and list what moved "
                   "(otherwise existing tickets keep the deadlines they were opened with)");
    examples(load,
             "  svc policy load policy.toml --as manager.li\n"
             "  svc policy load policy.toml --recompute-open --format csv > moved.csv");
    d.on(load, [load_opts](Session& s) { return run_policy_load(*load_opts, s); });

    CLI::App* history = noun->add_subcommand("history", "List every policy version: who loaded it, when, from where");
    examples(history, "  svc policy history");
    d.on(history, run_policy_history);
}

}  // namespace svc::cli
