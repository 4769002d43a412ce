// svc today: the day's work list.
#include "today.hpp"

#include "cli.hpp"
#include "render/views.hpp"

namespace svc::cli {

void add_today_command(CLI::App& app, Dispatch& d) {
    auto o = std::make_shared<TodayRequest>();
    CLI::App* today = app.add_subcommand(
        "today", "The day's work list: breaches, promises, callbacks, revisits, surveys, escalations, duty");
    today->group(N_("Commands"));
    optional_flag(today, "--team", o->team, "The list of a team's agents");
    today->add_flag("--all", o->all, "Everyone's list");
    examples(today,
             "  svc today\n"
             "  svc today --team east --format csv > today.csv\n"
             "  svc today --all --format jsonl | jq -r 'select(.kind == \"breached\") | .ticket'");
    d.on(today, [o](Session& s) {
        s.print(render::work_rows(todays_work(s.context(), *o), s.now()));
        return 0;
    });
}

}  // namespace svc::cli
