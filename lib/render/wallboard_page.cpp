#include "render/wallboard_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace svc::render {

namespace {

// A word of the page in both languages.
struct Words {
    std::string_view zh, en;
};

class Speaker {
public:
    explicit Speaker(Language language) : m_language(language) {}
    std::string operator()(const Words& w) const { return html_escape(m_language == Language::zh ? w.zh : w.en); }
    bool chinese() const { return m_language == Language::zh; }

    // A vocabulary value (channel, target, metric, role, priority) in the page's language;
    // the value itself when it has no translation (a policy's own level names).
    std::string value(std::string_view v) const {
        for (const auto& [key, words] : k_values)
            if (key == v) return (*this)(words);
        return html_escape(v);
    }

private:
    static constexpr std::pair<std::string_view, Words> k_values[] = {
        {"chat", {"在线", "chat"}},
        {"phone", {"电话", "phone"}},
        {"email", {"邮件", "e-mail"}},
        {"social", {"社交媒体", "social"}},
        {"web", {"网页", "web"}},
        {"store", {"门店", "store"}},
        {"first_response", {"首次响应", "first response"}},
        {"next_response", {"跟进回复", "next response"}},
        {"solution", {"升级处理", "solution"}},
        {"resolution", {"解决", "resolution"}},
        {"frt_sla", {"首响达标率", "First response in time"}},
        {"res_sla", {"解决达标率", "Resolved in time"}},
        {"csat", {"满意度", "Satisfaction"}},
        {"agent", {"客服", "agent"}},
        {"supervisor", {"主管", "supervisor"}},
        {"manager", {"经理", "manager"}},
        {"low", {"低", "low"}},
        {"normal", {"普通", "normal"}},
        {"high", {"高", "high"}},
        {"urgent", {"紧急", "urgent"}},
    };
    Language m_language;
};

constexpr Words k_weekdays[] = {{"星期一", "Monday"},   {"星期二", "Tuesday"}, {"星期三", "Wednesday"},
                                {"星期四", "Thursday"}, {"星期五", "Friday"},  {"星期六", "Saturday"},
                                {"星期日", "Sunday"}};

// The screen's rows and columns. Sizes follow the viewport, so the page fills a 1920×1080
// wall screen with large type and still fits a 1280×800 laptop without scrolling.
// Colours are the Okabe–Ito set, told apart with red–green colour blindness; every state
// also has a symbol (▲ breached, ◆ at risk, ✓ met, ✗ missed) and a word.
constexpr std::string_view k_css = R"css(
* { box-sizing: border-box; }
html { font-size: clamp(11px, calc(1.05vmin + 0.4vw), 30px); height: 100%; }
body { margin: 0; height: 100%; overflow: hidden; background: #101418; color: #eef2f5;
       font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; line-height: 1.25;
       display: grid; grid-template-rows: auto 1fr; }
header { display: flex; align-items: baseline; gap: 1.2rem; padding: 0.5rem 1rem; background: #1c242c;
         border-bottom: 2px solid #0072b2; }
header h1 { font-size: 1.5rem; margin: 0; flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
header .clock { font-size: 1.5rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
header .mode { font-size: 1rem; color: #b9c4ce; white-space: nowrap; }
main { display: grid; gap: 0.6rem; padding: 0.6rem; min-height: 0;
       grid-template-columns: 1fr 1.3fr 1fr; grid-template-rows: 1fr 1fr 0.85fr;
       grid-template-areas: "queue deadlines today" "escalations deadlines agents" "arrivals arrivals arrivals"; }
.panel { background: #1a2128; border-radius: 0.4rem; padding: 0.5rem 0.8rem; min-height: 0; min-width: 0;
         overflow: hidden; display: flex; flex-direction: column; }
.panel h2 { font-size: 1.05rem; margin: 0 0 0.35rem; color: #9fd3f5; font-weight: 600; white-space: nowrap; }
.queue { grid-area: queue; } .deadlines { grid-area: deadlines; } .today { grid-area: today; }
.escalations { grid-area: escalations; } .agents { grid-area: agents; } .arrivals { grid-area: arrivals; }
.bigs { display: flex; gap: 1.2rem; margin-bottom: 0.4rem; }
.big { display: flex; flex-direction: column; }
.big .n { font-size: 2.4rem; font-weight: 700; line-height: 1.05; font-variant-numeric: tabular-nums; }
.big .l { font-size: 0.9rem; color: #b9c4ce; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th { text-align: left; color: #b9c4ce; font-weight: 500; border-bottom: 1px solid #3a4650; padding: 0.1rem 0.3rem; }
td { padding: 0.12rem 0.3rem; border-bottom: 1px solid #26303a; white-space: nowrap; overflow: hidden;
     text-overflow: ellipsis; max-width: 12rem; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.breached { color: #ff8a5c; } .risk { color: #f0c24b; } .good { color: #56c8a0; } .muted { color: #8896a3; }
.state { font-weight: 700; }
.figure { display: grid; grid-template-columns: 1fr auto; align-items: baseline; padding: 0.1rem 0;
          border-bottom: 1px solid #26303a; }
.figure .name { font-size: 1rem; } .figure .v { font-size: 1.6rem; line-height: 1.15; font-weight: 700; font-variant-numeric: tabular-nums; }
.figure .t { grid-column: 1 / 3; font-size: 0.85rem; color: #b9c4ce; }
.more { color: #b9c4ce; font-size: 0.85rem; margin-top: 0.2rem; }
.chart { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.chart svg { flex: 1; min-height: 0; width: 100%; }
.legend { font-size: 0.85rem; color: #b9c4ce; }
.legend .today { color: #56b4e9; } .legend .usual { color: #e69f00; }
svg text { fill: #d5dde4; font-size: 11px; font-family: inherit; }
@media (max-width: 1500px) { .wide { display: none; } main { grid-template-columns: 1fr 1.2fr 1fr; } }
)css";

std::string percent(std::optional<double> v) {
    return v ? fmt::format("{:.1f}%", *v) : std::string("—");
}

std::string hh_mm(Instant t, const Zone& zone) {
    return format_instant_short(t, zone).substr(11);
}

void big(std::string& out, std::string_view figure, std::int64_t n, const std::string& label,
         std::string_view cls = "") {
    out +=
        fmt::format(R"(<div class="big {}"><span class="n" data-figure="{}">{}</span><span class="l">{}</span></div>)",
                    cls, figure, n, label);
}

void header(std::string& out, const Wallboard& b, const Speaker& say) {
    const std::int64_t day = floor_div(b.zone.to_local(b.now), k_day);
    std::string title = say({"客服监控大屏", "Service floor"});
    if (b.team) title += " · " + say({"团队 ", "team "}) + html_escape(*b.team);
    out += fmt::format(
        "<header><h1>{}</h1><span class=\"mode\">{}</span><span class=\"clock\" data-figure=\"now\" "
        "data-value=\"{}\">{} {}</span></header>\n",
        title,
        b.working_hours ? say({"工作时间", "working hours"})
                        : say({"非工作时间 · 值班", "outside working hours · duty"}),
        format_instant(b.now, b.zone), format_instant_short(b.now, b.zone), say(k_weekdays[weekday_from_days(day)]));
}

void queue_panel(std::string& out, const Wallboard& b, const Speaker& say) {
    out += "<section class=\"panel queue\"><h2>" + say({"排队与在办", "Queue"}) + "</h2><div class=\"bigs\">";
    big(out, "waiting", b.total.waiting, say({"待回复", "waiting"}), b.total.waiting > 0 ? "risk" : "");
    big(out, "open", b.total.open, say({"处理中", "open"}));
    big(out, "pending", b.total.pending, say({"挂起", "on hold"}));
    out += "</div><table><thead><tr><th>" + say({"渠道", "Channel"}) + "</th><th class=\"n\">" +
           say({"待回复", "waiting"}) + "</th><th class=\"n\">" + say({"处理中", "open"}) + "</th><th class=\"n\">" +
           say({"挂起", "on hold"}) + "</th></tr></thead><tbody>";
    for (const ChannelQueue& c : b.channels)
        out +=
            fmt::format(R"(<tr data-channel="{0}"><td>{1}</td><td class="n" data-figure="waiting">{2}</td>)"
                        R"(<td class="n" data-figure="open">{3}</td><td class="n" data-figure="pending">{4}</td></tr>)",
                        html_escape(c.channel), say.value(c.channel), c.waiting, c.open, c.pending);
    if (b.channels.empty())
        out += "<tr><td colspan=\"4\" class=\"muted\">" + say({"没有在办工单", "nothing open"}) + "</td></tr>";
    out += "</tbody></table></section>\n";
}

// A deadline this close is marked (◆ and colour) in the list of those ahead.
constexpr Seconds k_soon = 30 * k_minute;

void deadlines_panel(std::string& out, const Wallboard& b, const Speaker& say) {
    out += "<section class=\"panel deadlines\"><h2>" + say({"时限", "Deadlines"}) + "</h2><div class=\"bigs\">";
    big(out, "breached", b.breached, "▲ " + say({"已超时", "breached"}), b.breached > 0 ? "breached" : "good");
    big(out, "at_risk", b.at_risk, "◆ " + say({"即将超时", "at risk"}), b.at_risk > 0 ? "risk" : "good");
    out += "</div><table><thead><tr><th>" + say({"工单", "Ticket"}) + "</th><th>" + say({"时限", "Target"}) +
           "</th><th class=\"wide\">" + say({"渠道", "Channel"}) + "</th><th>" + say({"客户", "Customer"}) +
           "</th><th>" + say({"处理人", "Agent"}) + "</th><th class=\"n\">" + say({"到期", "Due"}) +
           "</th><th class=\"n\">" + say({"剩余", "Left"}) + "</th></tr></thead><tbody>";
    for (const UpcomingDeadline& d : b.next_deadlines) {
        const Seconds left = d.due - b.now;
        out += fmt::format(
            R"(<tr data-ticket="{0}" data-due="{1}"><td>#{0}</td><td>{2}</td><td class="wide">{3}</td><td>{4}</td>)"
            R"(<td>{5}</td><td class="n">{6}</td><td class="n {7}" data-figure="left" data-value="{8}">{9}</td></tr>)",
            d.ticket, format_instant(d.due, b.zone), say.value(d.target), say.value(d.channel), html_escape(d.customer),
            html_escape(d.assignee), hh_mm(d.due, b.zone), left <= k_soon ? "risk" : "", left,
            (left <= k_soon ? "◆ " : "") + format_duration(left));
    }
    if (b.next_deadlines.empty())
        out += "<tr><td colspan=\"7\" class=\"muted\">" + say({"没有临近的时限", "no deadline ahead"}) + "</td></tr>";
    out += "</tbody></table></section>\n";
}

void today_panel(std::string& out, const Wallboard& b, const Speaker& say) {
    out += "<section class=\"panel today\"><h2>" + say({"今日指标", "Today"}) + "</h2><div class=\"bigs\">";
    big(out, "created", b.created_today, say({"新建", "new"}));
    big(out, "resolved", b.resolved_today, say({"已解决", "resolved"}));
    out += "</div>";
    for (const FigureAgainstTarget& f : b.today) {
        std::string verdict, cls = "muted";
        if (f.value && f.target) {
            const bool met = *f.value >= *f.target;
            cls = met ? "good" : "breached";
            verdict = (met ? "✓ " + say({"达标", "on target"}) : "✗ " + say({"未达标", "below target"})) + " · ";
        }
        const std::string target =
            f.target ? say({"目标 ", "target "}) + fmt::format("{:g}%", *f.target) : say({"未设目标", "no target set"});
        out += fmt::format(
            R"(<div class="figure" data-metric="{0}"><span class="name">{1}</span>)"
            R"(<span class="v {2}" data-figure="{0}" data-value="{3}">{4}</span><span class="t {2}">{5}{6}</span></div>)",
            f.metric, say.value(f.metric), cls, f.value ? fmt::format("{}", *f.value) : "", percent(f.value), verdict,
            target);
    }
    out += "</section>\n";
}

void escalations_panel(std::string& out, const Wallboard& b, const Speaker& say) {
    out += "<section class=\"panel escalations\"><h2>" + say({"升级等待", "Escalations waiting"}) +
           "</h2><table><thead><tr><th>" + say({"级别", "Level"}) + "</th><th>" + say({"负责", "Role"}) +
           "</th><th class=\"n\">" + say({"等待", "waiting"}) + "</th><th class=\"n\">" + say({"超时", "overdue"}) +
           "</th></tr></thead><tbody>";
    for (const LevelQueue& l : b.escalations)
        out += fmt::format(
            R"(<tr data-level="{0}"><td>{0} · {1}</td><td>{2}</td><td class="n" data-figure="waiting">{3}</td>)"
            R"(<td class="n {4}" data-figure="overdue" data-value="{5}">{6}</td></tr>)",
            l.level, html_escape(l.name), say.value(l.role), l.waiting, l.overdue > 0 ? "breached state" : "muted",
            l.overdue, l.overdue > 0 ? fmt::format("▲ {}", l.overdue) : "0");
    out += "</tbody></table></section>\n";
}

// Agents beyond this many are summed up in one line: the panel must not scroll.
constexpr std::size_t k_agents_shown = 8;

void agents_panel(std::string& out, const Wallboard& b, const Speaker& say) {
    std::int64_t on_duty = 0;
    for (const FloorAgent& a : b.agents) on_duty += a.on_duty_until ? 1 : 0;
    out += "<section class=\"panel agents\"><h2>" + say({"在岗与值班", "Working and on duty"}) +
           fmt::format(R"( <span class="muted">(<span data-figure="working">{}</span> · )", b.agents.size()) +
           say({"值班 ", "on duty "}) + fmt::format(R"(<span data-figure="on_duty">{}</span>)</span></h2>)", on_duty) +
           "<table><thead><tr><th>" + say({"客服", "Agent"}) + "</th><th>" + say({"状态", "State"}) +
           "</th><th class=\"n\">" + say({"在办", "open"}) + "</th><th class=\"n\">" + say({"超时", "breached"}) +
           "</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < b.agents.size() && i < k_agents_shown; ++i) {
        const FloorAgent& a = b.agents[i];
        const std::string state = a.on_duty_until
                                      ? "● " + say({"值班至 ", "on duty to "}) + hh_mm(*a.on_duty_until, b.zone)
                                      : "○ " + say.value(a.role);
        out += fmt::format(R"(<tr data-agent="{0}"><td>{1}</td><td>{2}</td><td class="n" data-figure="open">{3}</td>)"
                           R"(<td class="n {4}" data-figure="breached" data-value="{5}">{6}</td></tr>)",
                           html_escape(a.login), html_escape(a.name.empty() ? a.login : a.name), state, a.open,
                           a.breached > 0 ? "breached" : "muted", a.breached,
                           a.breached > 0 ? fmt::format("▲ {}", a.breached) : "0");
    }
    if (b.agents.empty())
        out += "<tr><td colspan=\"4\" class=\"breached\">▲ " +
               say({"现在没有人在岗或值班", "nobody is working or on duty now"}) + "</td></tr>";
    out += "</tbody></table>";
    if (b.agents.size() > k_agents_shown)
        out += "<div class=\"more\">" +
               fmt::format("{} {} {}", say({"另有", "and"}), b.agents.size() - k_agents_shown, say({"人", "more"})) +
               "</div>";
    out += "</section>\n";
}

// Today's arrivals as bars, the usual of the same hour as a dashed mark: told apart by shape
// as well as by colour. Hours still to come have no bar.
std::string arrivals_chart(const Wallboard& b) {
    const int w = 960, h = 150, top = 14, bottom = 18, slot = w / 24;
    const int current_hour = static_cast<int>(floor_div(b.zone.to_local(b.now), k_hour) % 24);
    double max = 1;
    for (const HourArrivals& a : b.hours) max = std::max({max, static_cast<double>(a.today), a.usual.value_or(0)});
    const auto y_of = [&](double v) { return h - bottom - (h - top - bottom) * v / max; };
    std::string out = fmt::format(R"(<svg viewBox="0 0 {} {}" role="img" aria-label="arrivals by hour">)", w, h);
    out += fmt::format(R"(<line x1="0" y1="{0}" x2="{1}" y2="{0}" stroke="#55636f"/>)", h - bottom, w);
    for (const HourArrivals& a : b.hours) {
        const double x = a.hour * slot;
        out += fmt::format(R"(<g data-hour="{}" data-today="{}" data-usual="{}">)", a.hour, a.today,
                           a.usual ? fmt::format("{:.1f}", *a.usual) : "");
        if (a.hour == current_hour)
            out += fmt::format(R"(<rect x="{:.1f}" y="{}" width="{}" height="{}" fill="#22303b"/>)", x, top - 12, slot,
                               h - bottom - top + 12);
        if (a.hour <= current_hour) {
            const double y = y_of(static_cast<double>(a.today));
            out += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#56b4e9"/>)",
                               x + slot * 0.2, y, slot * 0.6, h - bottom - y);
            if (a.today > 0)
                out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)", x + slot * 0.5,
                                   y - 2, a.today);
        }
        if (a.usual)
            out += fmt::format(
                R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#e69f00" stroke-width="3" )"
                R"(stroke-dasharray="5 3"/>)",
                x + slot * 0.08, y_of(*a.usual), x + slot * 0.92, y_of(*a.usual));
        if (a.hour % 2 == 0)
            out += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{:02}</text>)", x + slot * 0.5, h - 4,
                               a.hour);
        out += "</g>";
    }
    return out + "</svg>";
}

void arrivals_panel(std::string& out, const Wallboard& b, const Speaker& say) {
    out += "<section class=\"panel arrivals\"><h2>" + say({"今日每小时来单", "Arrivals by hour today"}) +
           "</h2><div class=\"chart\"><div class=\"legend\"><span class=\"today\">■ " + say({"今日", "today"}) +
           "</span> &nbsp; <span class=\"usual\">┅ ";
    if (b.usual_days > 0)
        out += fmt::format("{} {}{}", say({"此前", "usual of the last"}), b.usual_days,
                           say({" 个同一星期几的平均", " same weekdays"}));
    else
        out += say({"还没有往周同日可比", "no earlier same weekday to compare"});
    out += "</span></div>" + arrivals_chart(b) + "</div></section>\n";
}

}  // namespace

std::string wallboard_html(const Wallboard& board, const WallboardPage& page) {
    const Speaker say(page.language);
    std::string out = "<!DOCTYPE html>\n<html lang=\"";
    out += say.chinese() ? "zh-CN" : "en";
    out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    if (page.refresh > 0) out += fmt::format("<meta http-equiv=\"refresh\" content=\"{}\">\n", page.refresh);
    out += "<title>" + say({"客服监控大屏", "Service floor"}) + (board.team ? " · " + html_escape(*board.team) : "") +
           "</title>\n<style>" + std::string(k_css) + "</style>\n</head>\n<body>\n";
    header(out, board, say);
    out += "<main>\n";
    queue_panel(out, board, say);
    deadlines_panel(out, board, say);
    today_panel(out, board, say);
    escalations_panel(out, board, say);
    agents_panel(out, board, say);
    arrivals_panel(out, board, say);
    out += "</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace svc::render
