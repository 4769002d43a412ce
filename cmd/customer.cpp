// svc customer: add, show, list, note, update.
#include <fmt/format.h>

#include <algorithm>

#include "cli.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "followups.hpp"
#include "render/views.hpp"
#include "vocabulary.hpp"

namespace svc::cli {

namespace {

struct CustomerAddOptions {
    NewCustomer customer;
};
struct CustomerShowOptions {
    std::string key;
    bool reveal = false;
};
struct CustomerListOptions {
    std::optional<std::string> tier, search;
    std::optional<std::int64_t> limit;
    bool reveal = false;
};
struct CustomerNoteOptions {
    std::string key, text;
};
struct CustomerLostOptions {
    std::string key, reason;
    std::optional<std::string> at;
};
struct CustomerAtRiskOptions {
    std::optional<std::string> period;
    bool reveal = false;
};

struct CustomerUpdateOptions {
    std::string key;
    CustomerChanges changes;
    bool no_survey = false, survey = false;
};

int run_customer_add(const CustomerAddOptions& o, Session& s) {
    const std::int64_t id = add_customer(s.context(), o.customer);
    s.print_id(id);
    return 0;
}

int run_customer_show(const CustomerShowOptions& o, Session& s) {
    CustomerProfile p = customer_profile(s.context(), o.key);
    if (o.reveal) {
        record_reveal(s.context(), "customer show", p.customer.id);
        p = customer_profile(s.context(), std::to_string(p.customer.id));  // with the contacts revealed
    }
    s.print(render::customer_record(p, o.reveal));
    return 0;
}

int run_customer_list(const CustomerListOptions& o, Session& s) {
    CustomerFilter f{o.tier, o.search, o.limit};
    const bool capped = !f.limit && s.is_terminal();
    if (capped) f.limit = k_terminal_rows;
    if (o.reveal) record_reveal(s.context(), "customer list", std::nullopt);
    const auto customers = list_customers(s.context(), f);
    s.print(render::customer_rows(customers, o.reveal));
    if (capped && static_cast<std::int64_t>(customers.size()) == k_terminal_rows)
        s.report_cap(k_terminal_rows, count_customers(s.context(), f), "customers");
    return 0;
}

int run_customer_note(const CustomerNoteOptions& o, Session& s) {
    const std::int64_t id = add_customer_note(s.context(), o.key, o.text);
    s.print_id(id);
    return 0;
}

int run_customer_at_risk(const CustomerAtRiskOptions& o, Session& s) {
    std::optional<Period> period;
    if (o.period) period = s.period_flag("--period", *o.period);
    if (o.reveal) record_reveal(s.context(), "customer at-risk", std::nullopt);
    const auto customers = customers_at_risk(s.context(), period);
    s.print(render::at_risk_rows(customers, o.reveal));
    // How the warnings ended, for the people reading them (the rows say who).
    const auto lost =
        std::count_if(customers.begin(), customers.end(), [](const AtRiskCustomer& c) { return c.lost_now(); });
    if (!customers.empty())
        s.info(trf("{} of {} customers warned about are recorded lost (svc customer lost)", lost, customers.size()));
    return 0;
}

int run_customer_lost(const CustomerLostOptions& o, Session& s) {
    std::optional<Instant> at;
    if (o.at) at = s.instant_flag("--at", *o.at);
    s.print_id(record_customer_lost(s.context(), o.key, o.reason, at));
    return 0;
}

int run_customer_update(CustomerUpdateOptions o, Session& s) {
    if (o.no_survey && o.survey) fail(ErrorKind::usage, "--no-survey and --survey contradict each other");
    if (o.no_survey) o.changes.no_survey = true;
    if (o.survey) o.changes.no_survey = false;
    update_customer(s.context(), o.key, o.changes);
    return 0;
}

}  // namespace

void add_customer_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand("customer", "Customers, their contact details and profile notes");
    noun->group(N_("Nouns"));
    const std::string tiers = "Tier: " + vocab::joined(vocab::tiers);

    auto add_o = std::make_shared<CustomerAddOptions>();
    CLI::App* add = noun->add_subcommand("add", "Register a customer; prints the new id");
    add->add_option("--name", add_o->customer.name, "Name")->required();
    optional_flag(add, "--phone", add_o->customer.phone, "Phone number (unique)");
    optional_flag(add, "--email", add_o->customer.email, "E-mail address");
    optional_flag(add, "--tier", add_o->customer.tier, tiers + " (default standard)");
    optional_flag(add, "--ref", add_o->customer.ref, "Your own id for the customer (unique), e.g. a CRM number");
    optional_flag(add, "--note", add_o->customer.note, "A first profile note");
    examples(add,
             "  svc customer add --name 张伟 --phone 13800001234 --tier gold\n"
             "  id=$(svc customer add --name 'Li Na' --ref CRM-1001 --note '家里有小孩')");
    d.on(add, [add_o](Session& s) { return run_customer_add(*add_o, s); });

    auto show_o = std::make_shared<CustomerShowOptions>();
    CLI::App* show = noun->add_subcommand("show", "A customer's profile and notes, newest first");
    show->add_option("CUSTOMER", show_o->key, "Id, ref or phone")->required();
    show->add_flag("--reveal", show_o->reveal, "Show phone and e-mail unmasked (recorded in the audit trail)");
    examples(show, "  svc customer show 42\n  svc customer show 13800001234 --reveal");
    d.on(show, [show_o](Session& s) { return run_customer_show(*show_o, s); });

    auto list_o = std::make_shared<CustomerListOptions>();
    CLI::App* list = noun->add_subcommand("list", "List customers (contact details masked)");
    optional_flag(list, "--tier", list_o->tier, tiers);
    optional_flag(list, "--search", list_o->search, "Text in the name, phone, e-mail or ref");
    list->add_option_function<std::int64_t>(
            "--limit", [o = list_o.get()](std::int64_t n) { o->limit = n; },
            "At most N rows (default 50 on a terminal, all when piped)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
    list->add_flag("--reveal", list_o->reveal, "Show phone and e-mail unmasked (recorded in the audit trail)");
    examples(list, "  svc customer list --tier platinum\n  svc customer list --search 张 --format csv");
    d.on(list, [list_o](Session& s) { return run_customer_list(*list_o, s); });

    auto note_o = std::make_shared<CustomerNoteOptions>();
    CLI::App* note = noun->add_subcommand("note", "Add a profile note the whole team will see");
    note->add_option("CUSTOMER", note_o->key, "Id, ref or phone")->required();
    note->add_option("TEXT", note_o->text, "The note")->required();
    examples(note, "  svc customer note 42 '家里有小孩, 下午三点后方便接电话'");
    d.on(note, [note_o](Session& s) { return run_customer_note(*note_o, s); });

    auto risk_o = std::make_shared<CustomerAtRiskOptions>();
    CLI::App* risk =
        noun->add_subcommand("at-risk", "Churn warning (流失预警): repeated complaints, broken promises, with reasons");
    optional_flag(risk, "--period", risk_o->period,
                  "Look at this period (default: the policy's repeat_window up to now)");
    risk->add_flag("--reveal", risk_o->reveal, "Show phones unmasked (recorded in the audit trail)");
    examples(risk,
             "  svc customer at-risk\n  svc customer at-risk --period last-month --format csv\n"
             "  svc customer at-risk --period 2026-Q3 --format tsv | awk -F'\\t' '$6 != \"\"'   # the ones lost");
    d.on(risk, [risk_o](Session& s) { return run_customer_at_risk(*risk_o, s); });

    auto lost_o = std::make_shared<CustomerLostOptions>();
    CLI::App* lost = noun->add_subcommand(
        "lost", "Record that a customer left (流失), the outcome of a churn warning; counts against retention");
    lost->add_option("CUSTOMER", lost_o->key, "Id, ref or phone")->required();
    lost->add_option("--reason", lost_o->reason, "Why they left, as they said it")->required();
    optional_flag(lost, "--at", lost_o->at, "When they left (default: now)");
    examples(lost,
             "  svc customer lost 42 --reason '多次投诉物流慢, 已改用其他平台'\n"
             "  svc customer lost 13800001234 --reason '会员到期不再续费' --at 2026-11-30");
    d.on(lost, [lost_o](Session& s) { return run_customer_lost(*lost_o, s); });

    auto back_key = std::make_shared<std::string>();
    CLI::App* back = noun->add_subcommand("returned", "A customer recorded lost is back (won back, or a mistake)");
    back->add_option("CUSTOMER", *back_key, "Id, ref or phone")->required();
    examples(back, "  svc customer returned 42");
    d.on(back, [back_key](Session& s) {
        record_customer_returned(s.context(), *back_key);
        return 0;
    });

    auto upd_o = std::make_shared<CustomerUpdateOptions>();
    CLI::App* upd = noun->add_subcommand("update", "Change a customer's details");
    upd->add_option("CUSTOMER", upd_o->key, "Id, ref or phone")->required();
    optional_flag(upd, "--name", upd_o->changes.name, "New name");
    optional_flag(upd, "--phone", upd_o->changes.phone, "New phone ('' clears)");
    optional_flag(upd, "--email", upd_o->changes.email, "New e-mail ('' clears)");
    optional_flag(upd, "--tier", upd_o->changes.tier, tiers);
    optional_flag(upd, "--ref", upd_o->changes.ref, "New ref ('' clears)");
    upd->add_flag("--no-survey", upd_o->no_survey, "The customer opted out of satisfaction surveys");
    upd->add_flag("--survey", upd_o->survey, "The customer may be surveyed again");
    examples(upd, "  svc customer update 42 --tier platinum\n  svc customer update 13800001234 --no-survey");
    d.on(upd, [upd_o](Session& s) { return run_customer_update(*upd_o, s); });
}

}  // namespace svc::cli
