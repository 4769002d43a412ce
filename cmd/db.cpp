// svc db: init, check, backup, stats.
#include <fmt/format.h>
#include <unistd.h>

#include "agents.hpp"
#include "audit.hpp"
#include "cli.hpp"
#include "error.hpp"
#include "render/views.hpp"

namespace svc::cli {

namespace {

struct BackupOptions {
    std::string target;
};

int run_db_init(Session& s) {
    s.allow_new_store();
    const InitResult& r = s.init_result();
    if (r.created)
        s.info(trf("created store {} ({}schema {}, default policy as version 1)", s.context().store().path(),
                   s.context().store().engine() == "sqlite" ? "mode 0600, " : "", r.schema_after));
    else if (r.schema_before != r.schema_after)
        s.info(
            trf("upgraded store {} from schema {} to {}", s.context().store().path(), r.schema_before, r.schema_after));
    else
        s.info(trf("store {} is up to date (schema {})", s.context().store().path(), r.schema_after));
    return 0;
}

int run_db_check(Session& s) {
    const StoreCheck check = s.store().check();
    s.print(render::store_check_rows(check));
    if (!check.problems.empty())
        fail(ErrorKind::storage, "store {} failed its check ({} problem{})", s.context().store().path(),
             check.problems.size(), check.problems.size() == 1 ? "" : "s");
    return 0;
}

int run_db_backup(const BackupOptions& o, Session& s) {
    current_actor(s.context());
    // The copy is one step (one consistent snapshot), so progress is its size up front.
    if (::isatty(STDERR_FILENO) == 1)
        s.info(trf("backing up {:.1f} MiB to {} …", static_cast<double>(s.store().file_size()) / (1 << 20), o.target));
    s.store().backup_to(o.target);
    s.info(trf("backed up {} to {} (mode 0600)", s.context().store().path(), o.target));
    return 0;
}

int run_db_stats(Session& s) {
    s.print(render::store_stats_rows(store_stats(s.context()), s.context().store().path()));
    return 0;
}

}  // namespace

void add_db_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand("db", "The store: create, check, back up, count");
    noun->group(N_("Nouns"));

    CLI::App* init = noun->add_subcommand("init", "Create the store (or bring it to the current schema); idempotent");
    examples(init, "  svc db init\n  svc db init --db /srv/svc/team.db");
    d.on(init, run_db_init);

    CLI::App* check =
        noun->add_subcommand("check", "Integrity, foreign keys, schema version and indexes; exit 5 when bad");
    examples(check, "  svc db check || alert-oncall 'svc store damaged'");
    d.on(check, run_db_check);

    auto backup_opts = std::make_shared<BackupOptions>();
    CLI::App* backup = noun->add_subcommand("backup", "Copy the store to FILE while others keep writing");
    backup
        ->add_option("FILE", backup_opts->target,
                     "Target file: a new one, made with mode 0600 (an existing file or link is refused)")
        ->required();
    examples(backup, "  svc db backup /backup/svc-$(date +%F).db");
    d.on(backup, [backup_opts](Session& s) { return run_db_backup(*backup_opts, s); });

    CLI::App* stats = noun->add_subcommand("stats", "Rows per table, file size, schema and policy version");
    examples(stats, "  svc db stats\n  svc db stats --format json");
    d.on(stats, run_db_stats);
}

}  // namespace svc::cli
