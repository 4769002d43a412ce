// svc duty: the duty roster (值班表): add, list, remove.
#include "duty.hpp"

#include <fmt/format.h>

#include "cli.hpp"
#include "render/views.hpp"

namespace svc::cli {

namespace {

struct DutyListOptions {
    std::optional<std::string> period, login;
    bool now = false;
};

int run_duty_add(const NewDuty& o, Session& s) {
    const std::vector<DutyShift> added = add_duty(s.context(), o);
    const Zone& zone = s.policy().zone;
    s.info(trf("{} shift{} for {}, {} to {}", added.size(), added.size() == 1 ? "" : "s", o.login,
               format_instant_short(added.front().starts_at, zone), format_instant_short(added.back().ends_at, zone)));
    for (const DutyShift& d : added) s.print_id(d.id);
    return 0;
}

int run_duty_list(const DutyListOptions& o, Session& s) {
    DutyFilter f;
    if (o.period) f.period = s.period_flag("--period", *o.period);
    f.login = o.login;
    f.now = o.now;
    s.print(render::duty_rows(list_duty(s.context(), f)));
    return 0;
}

int run_duty_remove(std::int64_t id, Session& s) {
    const DutyShift d = remove_duty(s.context(), id);
    s.info(trf("removed duty shift {} of {} ({} to {})", d.id, d.login,
               format_instant_short(d.starts_at, s.policy().zone), format_instant_short(d.ends_at, s.policy().zone)));
    return 0;
}

}  // namespace

void add_duty_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand("duty", "The duty roster (值班): who covers weekends, holidays and nights");
    noun->group(N_("Nouns"));

    auto add_o = std::make_shared<NewDuty>();
    CLI::App* add = noun->add_subcommand("add", "Put an agent on duty for a date or a range of dates");
    add->add_option("DATES", add_o->dates, "YYYY-MM-DD, A..B (both included), today or tomorrow")->required();
    add->add_option("LOGIN", add_o->login, "The agent on duty")->required();
    optional_flag(add, "--hours", add_o->hours,
                  "Hours of each date, HH:MM-HH:MM (several separated by commas; default: the policy's working "
                  "and duty hours of the date)");
    optional_flag(add, "--note", add_o->note, "A note for the roster (phone, site)");
    examples(add,
             "  svc duty add 2026-10-01..2026-10-07 li.sup --hours 10:00-16:00\n"
             "  svc duty add tomorrow zhao.sup --note '备用手机 13900000000'");
    d.on(add, [add_o](Session& s) { return run_duty_add(*add_o, s); });

    auto list_o = std::make_shared<DutyListOptions>();
    CLI::App* list = noun->add_subcommand("list", "List the shifts of the roster, from today on by default");
    optional_flag(list, "--period", list_o->period, "Shifts that overlap this period (2026-10, this-week…)");
    optional_flag(list, "--login", list_o->login, "Only this agent's shifts");
    list->add_flag("--on-duty", list_o->now, "Only the shifts running now: who is on duty");
    examples(list,
             "  svc duty list --period 2026-10-01..2026-10-07\n"
             "  svc duty list --on-duty --format tsv --no-header | cut -f2");
    d.on(list, [list_o](Session& s) { return run_duty_list(*list_o, s); });

    auto remove_id = std::make_shared<std::int64_t>(0);
    CLI::App* remove = noun->add_subcommand("remove", "Take one shift off the roster (the trail keeps it)");
    remove->add_option("ID", *remove_id, "Shift id (svc duty list)")->required();
    examples(remove, "  svc duty remove 12");
    d.on(remove, [remove_id](Session& s) { return run_duty_remove(*remove_id, s); });
}

}  // namespace svc::cli
