// svc demo: a realistic demo store.
#include "demo.hpp"

#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <iostream>

#include "cli.hpp"
#include "error.hpp"

namespace svc::cli {

namespace {

struct DemoCommandOptions {
    std::uint64_t seed = 1;
    int days = 28;
    int per_day = 300;
    std::optional<std::string> end;
    bool bulk = false;
};

int run_demo(const DemoCommandOptions& o, Session& s) {
    s.allow_new_store();
    DemoOptions d;
    d.seed = o.seed;
    d.days = o.days;
    d.per_day = o.per_day;
    d.bulk = o.bulk;
    d.end = o.end ? s.instant_flag("--end", *o.end) : s.now();
    // A bulk run frees and grows the heap by the page all the time; giving memory back to
    // the system at every free costs more than the whole insert work, so keep it.
    if (o.bulk) ::mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    const bool show_progress = ::isatty(STDERR_FILENO) == 1 && !s.globals().quiet;
    const DemoReport r = generate_demo(s.context(), d, [&](std::int64_t done, std::int64_t total) {
        if (show_progress) std::cerr << fmt::format("\rsvc: demo: {} of about {} tickets", done, total) << std::flush;
    });
    if (show_progress) std::cerr << '\n';
    s.info(trf("demo store {}: {} agents, {} customers, {} tickets with {} events, seed {}, ending {}",
               s.context().store().path(), r.agents, r.customers, r.tickets, r.events, o.seed,
               format_instant(d.end, s.policy().zone)));
    s.info(trf("you ({}) are registered as a manager; the team: svc agent list", s.context().actor()));
    return 0;
}

}  // namespace

void add_demo_commands(CLI::App& app, Dispatch& d) {
    auto o = std::make_shared<DemoCommandOptions>();
    CLI::App* demo =
        app.add_subcommand("demo", "Fill a new store with a realistic, reproducible demo team and tickets");
    demo->group(N_("Nouns"));
    demo->add_option("--seed", o->seed, "Random seed: the same seed and end give the same store")
        ->capture_default_str();
    demo->add_option("--days", o->days, "Days of history")->capture_default_str()->check(CLI::Range(1, 3660));
    demo->add_option("--per-day", o->per_day, "Tickets per day (about)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    optional_flag(demo, "--end", o->end, "The demo's now: the last day of history (default: the clock's now)");
    demo->add_flag("--bulk", o->bulk, "Write each ticket once in its final state: millions of tickets in minutes");
    examples(demo,
             "  svc demo && svc ticket list --overdue\n"
             "  svc demo --db /tmp/demo.db --seed 7 --days 90 --per-day 1000\n"
             "  svc demo --db /tmp/big.db --bulk --days 90 --per-day 11112");
    d.on(demo, [o](Session& s) { return run_demo(*o, s); });
}

}  // namespace svc::cli
