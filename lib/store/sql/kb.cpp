// The knowledge base and the reply checks in the store. The full-text index (kb_fts) is
// kept in step with kb_entry by triggers (schema v6), so every write here updates it in the
// caller's transaction.
#include <fmt/format.h>

#include <algorithm>

#include "store/sql/sql_store.hpp"
#include "text.hpp"

namespace svc {

namespace {

// The tags ride along as one sorted, comma-joined column: one query per list, not per row.
#define SVC_KB_COLUMNS                                                                                       \
    "e.id, e.title, e.body, e.category, e.version, e.created_at, e.created_by, e.updated_at, e.updated_by, " \
    "e.retired_at, e.retired_by, e.retire_reason, "                                                          \
    "(SELECT group_concat(tag, ',') FROM (SELECT tag FROM kb_tag WHERE entry_id = e.id ORDER BY tag) AS tags)"

std::vector<std::string> split_tags(const std::string& joined) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < joined.size()) {
        const std::size_t comma = joined.find(',', pos);
        const std::size_t end = comma == std::string::npos ? joined.size() : comma;
        if (end > pos) out.push_back(joined.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

std::string join_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) out += (out.empty() ? "" : ",") + t;
    return out;
}

KbEntry read_entry(const sql::Statement& s) {
    KbEntry e;
    e.id = s.integer(0);
    e.title = s.text(1);
    e.body = s.text(2);
    e.category = s.opt_text(3);
    e.version = s.integer(4);
    e.created_at = s.integer(5);
    e.created_by = s.text(6);
    e.updated_at = s.integer(7);
    e.updated_by = s.text(8);
    e.retired_at = s.opt_integer(9);
    e.retired_by = s.opt_text(10);
    e.retire_reason = s.opt_text(11);
    e.tags = split_tags(s.opt_text(12).value_or(""));
    return e;
}

KbVersion read_version(const sql::Statement& s) {
    KbVersion v;
    v.entry_id = s.integer(0);
    v.version = s.integer(1);
    v.title = s.text(2);
    v.body = s.text(3);
    v.category = s.opt_text(4);
    v.tags = split_tags(s.text(5));
    v.at = s.integer(6);
    v.actor = s.text(7);
    return v;
}

constexpr const char* k_insert_kb =
    "INSERT INTO kb_entry (title, body, category, version, created_at, created_by, updated_at, updated_by, "
    "retired_at, retired_by, retire_reason) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id";
constexpr const char* k_update_kb =
    "UPDATE kb_entry SET title = ?2, body = ?3, category = ?4, version = ?5, created_at = ?6, created_by = ?7, "
    "updated_at = ?8, updated_by = ?9, retired_at = ?10, retired_by = ?11, retire_reason = ?12 WHERE id = ?1";
constexpr const char* k_find_kb = "SELECT " SVC_KB_COLUMNS " FROM kb_entry e WHERE e.id = ?1";
constexpr const char* k_delete_kb_tags = "DELETE FROM kb_tag WHERE entry_id = ?1";
constexpr const char* k_insert_kb_tag = "INSERT INTO kb_tag (entry_id, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr const char* k_insert_kb_version =
    "INSERT INTO kb_version (entry_id, version, title, body, category, tags, at, actor) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
#define SVC_KB_VERSION_COLUMNS "entry_id, version, title, body, category, tags, at, actor"
constexpr const char* k_kb_versions =
    "SELECT " SVC_KB_VERSION_COLUMNS " FROM kb_version WHERE entry_id = ?1 ORDER BY version";
constexpr const char* k_find_kb_version =
    "SELECT " SVC_KB_VERSION_COLUMNS " FROM kb_version WHERE entry_id = ?1 AND version = ?2";
constexpr const char* k_insert_reply_check =
    "INSERT INTO reply_check (ticket_id, agent, at, kb_id, forced, vague, phrases, promise_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
constexpr const char* k_reply_checks =
    "SELECT id, ticket_id, agent, at, kb_id, forced, vague, phrases, promise_id FROM reply_check "
    "WHERE ticket_id = ?1 ORDER BY at, id";

void bind_entry(sql::Statement& s, const KbEntry& e) {
    s.bind_from(2, e.title, e.body, e.category, e.version, e.created_at, e.created_by, e.updated_at, e.updated_by,
                e.retired_at, e.retired_by, e.retire_reason);
}

// A LIKE pattern that matches `text` literally anywhere.
std::string like_pattern(std::string_view text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

}  // namespace

std::int64_t SqlKb::insert_kb_entry(const KbEntry& e) {
    auto& s = m_db.cached(k_insert_kb);
    bind_entry(s, e);
    const std::int64_t id = s.insert_id();
    auto& tag = m_db.cached(k_insert_kb_tag);
    for (const auto& t : e.tags) {
        tag.bind_all(id, t);
        tag.run();
    }
    return id;
}

void SqlKb::update_kb_entry(const KbEntry& e) {
    auto& s = m_db.cached(k_update_kb);
    s.bind(1, e.id);
    bind_entry(s, e);
    s.run();
    auto& del = m_db.cached(k_delete_kb_tags);
    del.bind(1, e.id);
    del.run();
    auto& tag = m_db.cached(k_insert_kb_tag);
    for (const auto& t : e.tags) {
        tag.bind_all(e.id, t);
        tag.run();
    }
}

std::optional<KbEntry> SqlKb::find_kb_entry(std::int64_t id) {
    auto& s = m_db.cached(k_find_kb);
    s.bind(1, id);
    std::optional<KbEntry> out;
    if (s.step()) out = read_entry(s);
    s.reset();
    return out;
}

std::vector<KbEntry> SqlKb::list_kb_entries(const KbQuery& q) {
    std::string sql = "SELECT " SVC_KB_COLUMNS " FROM kb_entry e";
    sql::Conditions c;
    if (!q.all) c.add("e.retired_at IS NULL");
    if (q.category) c.add("e.category = " + c.param(*q.category));
    if (q.tag) c.add("e.id IN (SELECT entry_id FROM kb_tag WHERE tag = " + c.param(*q.tag) + ")");
    sql += c.where() + " ORDER BY e.id";
    sql::Statement s = m_db.prepare(sql);
    c.bind(s);
    std::vector<KbEntry> out;
    while (s.step()) out.push_back(read_entry(s));
    return out;
}

void SqlKb::insert_kb_version(const KbVersion& v) {
    auto& s = m_db.cached(k_insert_kb_version);
    s.bind_all(v.entry_id, v.version, v.title, v.body, v.category, join_tags(v.tags), v.at, v.actor);
    s.run();
}

std::vector<KbVersion> SqlKb::kb_versions(std::int64_t entry_id) {
    auto& s = m_db.cached(k_kb_versions);
    s.bind(1, entry_id);
    std::vector<KbVersion> out;
    while (s.step()) out.push_back(read_version(s));
    s.reset();
    return out;
}

std::optional<KbVersion> SqlKb::find_kb_version(std::int64_t entry_id, std::int64_t version) {
    auto& s = m_db.cached(k_find_kb_version);
    s.bind_all(entry_id, version);
    std::optional<KbVersion> out;
    if (s.step()) out = read_version(s);
    s.reset();
    return out;
}

std::vector<KbHit> SqlKb::search_kb(const KbSearch& q) {
    const bool pg = m_db.engine() == sql::Engine::postgresql;
    sql::Conditions c;
    std::string sql;
    // SQLite searches its trigram full-text index (kb_fts); PostgreSQL matches each word as a
    // substring (its trigram index kb_entry_trgm serves ILIKE) and ranks the matches here.
    const bool fts = !q.fts.empty() && !pg;
    if (fts) {
        // Title matches weigh ten times body matches; the snippet comes from the column that
        // matched best.
        sql = "SELECT " SVC_KB_COLUMNS
              ", bm25(kb_fts, 10.0, 1.0), snippet(kb_fts, -1, '[', ']', '…', 12) "
              "FROM kb_fts JOIN kb_entry e ON e.id = kb_fts.rowid";
        c.add("kb_fts MATCH " + c.param(q.fts));
    } else {
        sql = "SELECT " SVC_KB_COLUMNS ", NULL, '' FROM kb_entry e";
    }
    std::vector<std::string> words = q.substrings;
    if (pg) words.insert(words.end(), q.terms.begin(), q.terms.end());
    for (const auto& word : words)
        // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does the same.
        c.add(fmt::format("(e.title || '\n' || e.body) {} {} ESCAPE '\\'", pg ? "ILIKE" : "LIKE",
                          c.param(like_pattern(word))));
    if (!q.all) c.add("e.retired_at IS NULL");
    sql += c.where();
    const bool ranked_here = pg && !q.terms.empty();
    sql += fts ? " ORDER BY 14, e.id" : " ORDER BY e.updated_at DESC, e.id";
    if (!ranked_here) sql += " LIMIT " + c.param(q.limit);
    sql::Statement s = m_db.prepare(sql);
    c.bind(s);
    std::vector<KbHit> out;
    while (s.step()) out.push_back({read_entry(s), s.opt_real(13), s.opt_text(14).value_or("")});
    if (ranked_here) {
        // As bm25 does (the title weighing ten times the body, k1 = 1.2, b = 0.75, lengths
        // against the average of the matches), so that a short title with the words ranks
        // above a long one: a lower score is better.
        auto occurrences = [](const std::string& field, const std::string& term) {
            const std::string hay = text::ascii_lower(field), needle = text::ascii_lower(term);
            double n = 0;
            for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size()))
                ++n;
            return n;
        };
        double title_length = 0, body_length = 0;
        for (const KbHit& h : out) {
            title_length += static_cast<double>(h.entry.title.size());
            body_length += static_cast<double>(h.entry.body.size());
        }
        title_length = std::max(1.0, title_length / static_cast<double>(std::max<std::size_t>(out.size(), 1)));
        body_length = std::max(1.0, body_length / static_cast<double>(std::max<std::size_t>(out.size(), 1)));
        auto saturated = [](double tf, double length, double average) {
            constexpr double k1 = 1.2, b = 0.75;
            return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average));
        };
        for (KbHit& h : out) {
            double weight = 0;
            for (const auto& term : q.terms)
                weight +=
                    10.0 * saturated(occurrences(h.entry.title, term), static_cast<double>(h.entry.title.size()),
                                     title_length) +
                    saturated(occurrences(h.entry.body, term), static_cast<double>(h.entry.body.size()), body_length);
            h.score = -weight;
        }
        std::stable_sort(out.begin(), out.end(), [](const KbHit& a, const KbHit& b) { return *a.score < *b.score; });
        if (static_cast<std::int64_t>(out.size()) > q.limit) out.resize(static_cast<std::size_t>(q.limit));
    }
    return out;
}

std::int64_t SqlKb::insert_reply_check(const ReplyCheckRecord& r) {
    auto& s = m_db.cached(k_insert_reply_check);
    s.bind_all(r.ticket_id, r.agent, r.at, r.kb_id, r.forced ? 1 : 0, r.vague ? 1 : 0, r.phrases, r.promise_id);
    return s.insert_id();
}

std::vector<ReplyCheckRecord> SqlKb::reply_checks(std::int64_t ticket_id) {
    auto& s = m_db.cached(k_reply_checks);
    s.bind(1, ticket_id);
    std::vector<ReplyCheckRecord> out;
    while (s.step())
        out.push_back({s.integer(0), s.integer(1), s.text(2), s.integer(3), s.opt_integer(4), s.integer(5) != 0,
                       s.integer(6) != 0, s.text(7), s.opt_integer(8)});
    s.reset();
    return out;
}

}  // namespace svc
