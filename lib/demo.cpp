#include "demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

#include "agents.hpp"
#include "audit.hpp"
#include "compensation.hpp"
#include "customers.hpp"
#include "demo_review.hpp"
#include "error.hpp"
#include "followups.hpp"
#include "random.hpp"
#include "sla.hpp"
#include "surveys.hpp"
#include "sweep.hpp"
#include "tickets.hpp"

namespace svc {

namespace {

struct DemoAgent {
    std::string_view login, name, role, team;
};

constexpr std::array<DemoAgent, 15> k_agents{{
    {"li.manager", "李建国", "manager", "ops"},
    {"zhou.min", "周敏", "supervisor", "east"},
    {"wang.fang", "王芳", "agent", "east"},
    {"li.na", "李娜", "agent", "east"},
    {"liu.yang", "刘洋", "agent", "east"},
    {"chen.jing", "陈静", "agent", "east"},
    {"yang.fan", "杨帆", "agent", "east"},
    {"wu.lei", "吴磊", "supervisor", "west"},
    {"zhao.li", "赵丽", "agent", "west"},
    {"huang.hao", "黄浩", "agent", "west"},
    {"zhou.jie", "周杰", "agent", "west"},
    {"xu.ting", "徐婷", "agent", "west"},
    {"sun.qiang", "孙强", "agent", "west"},
    {"hu.yue", "胡悦", "agent", "west"},
    {"ma.chao", "马超", "agent", "west"},
}};

constexpr std::array<std::string_view, 20> k_surnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                                      "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
constexpr std::array<std::string_view, 24> k_given{"伟", "芳",   "娜", "敏", "静", "丽",   "强",   "磊",
                                                   "军", "洋",   "艳", "勇", "杰", "娟",   "涛",   "明",
                                                   "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓燕"};
constexpr std::array<std::string_view, 6> k_profile_notes{
    "家里有小孩, 下午三点后方便接电话", "老人接电话, 请说话慢一点", "只接受短信联系", "工作日晚上七点后联系",
    "老客户, 曾因物流问题投诉过",       "对价格敏感, 关注优惠活动"};

// Everyday service situations: what the customer says, the category, the usual cause and
// what they mostly want. `kinds` weights inquiry / complaint / after-sales.
struct Situation {
    std::string_view summary, category, cause, need;
    std::array<int, 3> kinds;
};

constexpr std::array<Situation, 20> k_situations{{
    {"衣服洗了一次就起球", "质量", "product", "compensation", {1, 6, 3}},
    {"物流延迟, 快递五天还没到", "物流", "logistics", "solution", {3, 6, 1}},
    {"莫名扣款, 账单多了一笔", "账务", "service", "solution", {2, 7, 1}},
    {"退款申请一周了还未到账", "退款", "service", "solution", {2, 7, 1}},
    {"收到的手机屏幕有划痕", "质量", "product", "compensation", {0, 5, 5}},
    {"订单少发了一件, 漏发配件", "物流", "logistics", "solution", {1, 6, 3}},
    {"空调安装师傅没按约定时间上门", "安装", "promise", "respect", {1, 6, 3}},
    {"会员自动续费前没有提醒", "会员", "policy", "vent", {3, 6, 1}},
    {"一直没收到取件码, 取不了快递", "物流", "logistics", "solution", {2, 7, 1}},
    {"客服说好回电, 结果没人联系", "服务", "promise", "respect", {0, 9, 1}},
    {"发票抬头开错了, 需要重开", "账务", "service", "solution", {6, 3, 1}},
    {"优惠券结算时无法使用", "促销", "policy", "vent", {5, 5, 0}},
    {"商品与页面描述不符", "质量", "product", "compensation", {1, 7, 2}},
    {"售后维修进度查询", "售后", "service", "solution", {5, 1, 4}},
    {"咨询保修期和保修范围", "咨询", "other", "solution", {9, 0, 1}},
    {"下单后想修改收货地址", "订单", "customer", "solution", {9, 1, 0}},
    {"如何开通会员, 有什么权益", "会员", "other", "solution", {10, 0, 0}},
    {"冰箱噪音大, 想预约上门检测", "售后", "product", "solution", {2, 2, 6}},
    {"快递员态度恶劣, 没送货上门就签收", "物流", "service", "respect", {0, 9, 1}},
    {"积分兑换的礼品迟迟不发货", "促销", "logistics", "solution", {3, 6, 1}},
}};

constexpr std::array<std::string_view, 6> k_channels{"chat", "phone", "email", "web", "social", "store"};
constexpr std::array<int, 6> k_channel_weights{35, 25, 15, 10, 8, 7};
constexpr std::array<std::string_view, 3> k_kinds{"inquiry", "complaint", "after-sales"};
constexpr std::array<std::string_view, 4> k_priorities{"low", "normal", "high", "urgent"};
constexpr std::array<int, 4> k_priority_weights{10, 74, 14, 2};
constexpr std::array<std::string_view, 4> k_moods{"angry", "anxious", "disappointed", "calm"};
constexpr std::array<int, 4> k_tier_weights{2, 8, 20, 70};
constexpr std::array<std::string_view, 4> k_tiers{"platinum", "gold", "silver", "standard"};
// Contacts per hour of the day: quiet at night, peaks 9–11 and 17–20.
constexpr std::array<int, 24> k_hour_weights{1, 1, 1,  1,  1,  1,  2,  4,  8,  14, 15, 13,
                                             8, 9, 10, 10, 11, 13, 14, 13, 11, 7,  4,  2};
constexpr std::array<std::string_view, 4> k_hold_reasons{"等待顾客提供照片", "等待仓库核实库存", "等待厂家回复",
                                                         "等待物流公司核实"};
constexpr std::array<std::string_view, 5> k_replies{
    "您好, 已经收到您的反馈, 正在为您核实", "非常抱歉给您带来不便, 我们马上处理", "已为您登记, 今天下班前给您答复",
    "已联系仓库加急处理, 请您放心", "感谢您的耐心等待, 处理结果如下"};
constexpr std::array<std::string_view, 4> k_customer_messages{"还是没有收到, 怎么回事?", "请尽快给我一个答复",
                                                              "照片已经发给你们了", "什么时候能处理好?"};
// What an angry customer says when they threaten to go public: the sweep's risk keywords.
constexpr std::array<std::string_view, 3> k_threats{"再不处理我就去12315投诉", "我要找媒体曝光你们",
                                                    "我已经咨询律师了, 准备起诉"};
constexpr std::array<std::string_view, 4> k_notes{"已联系仓库, 明早补发", "顾客情绪激动, 注意安抚",
                                                  "同类问题本周第三次, 建议上报", "已申请特殊处理"};
constexpr std::array<std::string_view, 4> k_resolutions{"已补发, 顾客确认收到", "已退款, 顾客表示满意",
                                                        "已上门处理完毕", "已解释政策, 顾客接受"};

// What customers write back in a survey: mostly content, now and then upset.
constexpr std::array<std::string_view, 4> k_praise{"客服态度很好, 处理及时", "问题解决了, 谢谢", "回复很快, 满意",
                                                   "非常耐心, 点赞"};
constexpr std::array<std::string_view, 6> k_complaints{"等了好几天才解决, 太慢了",   "客服答应回电, 结果没人打来",
                                                       "问题解决了但是补偿太少",     "同一个问题反复找了三次",
                                                       "处理结果不满意, 考虑换品牌", "说好的时间没有做到"};

template <std::size_t N>
std::string_view any(Random& rng, const std::array<std::string_view, N>& items) {
    return items[static_cast<std::size_t>(rng.below(N))];
}

// Replays one ticket's life, one operation at a time, each strictly after the previous one
// and before the end of the demo.
class Life {
public:
    Life(Context& ctx, std::int64_t id, Instant start, Instant end, DemoReport& report)
        : m_ctx(ctx), m_id(id), m_cursor(start), m_end(end), m_report(report) {}

    // Runs `op` at `at` (moved forward to keep order) as `actor`; false once past the end.
    template <typename Op>
    bool at(Instant when, std::string_view actor, Op&& op) {
        when = std::max(when, m_cursor + 1);
        sweep_until(std::min(when, m_end));
        if (when >= m_end) return false;
        m_cursor = when;
        m_ctx.replay_at(when, std::string(actor));
        op();
        ++m_report.events;
        return true;
    }
    Instant cursor() const { return m_cursor; }

    // The cron sweep runs every five minutes: whatever deadline passed before `until` is
    // acted on a few minutes after it passed.
    void sweep_until(Instant until) {
        for (int guard = 0; guard < 8; ++guard) {
            const Ticket t = ticket();
            if (t.status != TicketStatus::open && t.status != TicketStatus::pending) return;
            // The next deadline the sweep has not passed over yet.
            std::optional<Instant> due;
            auto consider = [&](const std::optional<Instant>& d) {
                if (d && *d + 60 > m_cursor && (!due || *d < *due)) due = d;
            };
            if (!t.first_responded_at) consider(t.first_response_due);
            if (t.status == TicketStatus::open) consider(t.resolve_due);
            consider(t.solution_due);
            if (t.risk_keyword && t.level < m_ctx.policy().risk_level) due = m_cursor;
            if (!due) return;
            const Instant sweep_at = std::max(m_cursor + 1, *due + 60 + (*due % 240));
            if (sweep_at >= until) return;
            m_cursor = sweep_at;
            m_ctx.replay_at(sweep_at, "li.manager");
            m_report.events += static_cast<std::int64_t>(sweep_ticket(m_ctx, m_id, SweepWrites::record).size());
        }
    }

    Ticket ticket() { return get_ticket(m_ctx, m_id); }

private:
    Context& m_ctx;
    std::int64_t m_id;
    Instant m_cursor;
    Instant m_end;
    DemoReport& m_report;
};

// The contacts of one day of the demo, in order: per_day ± 15 %, by the hour weights.
std::vector<Instant> arrivals_of(Random& rng, const Zone& zone, std::int64_t day, int per_day, Instant start,
                                 Instant end) {
    const int count = static_cast<int>(std::llround(per_day * rng.between(0.85, 1.15)));
    std::vector<Instant> arrivals;
    arrivals.reserve(static_cast<std::size_t>(count));
    for (int k = 0; k < count; ++k) {
        const std::size_t hour = rng.weighted(k_hour_weights);
        const Instant t = zone.from_local(day * k_day + static_cast<Seconds>(hour) * k_hour + rng.below(k_hour));
        if (t >= start && t < end) arrivals.push_back(t);
    }
    std::sort(arrivals.begin(), arrivals.end());
    return arrivals;
}

struct BulkTeam {
    const std::vector<std::string>& east;
    const std::vector<std::string>& west;
    const std::vector<std::int64_t>& customers;
    const std::vector<std::string>& tiers;  // of each customer, for the SLA rules
};

// The bulk mode: each ticket's life is decided up front and written once, in its final
// state, with its events. Deadlines come from the policy exactly as `ticket open` computes
// them; SLA plans are computed once per kind of ticket.
void bulk_tickets(Context& ctx, const DemoOptions& o, Random& rng, const BulkTeam& team, std::int64_t first_day,
                  std::int64_t end_day, Instant start, DemoReport& report,
                  const std::function<void(std::int64_t, std::int64_t)>& progress) {
    const Policy& policy = ctx.policy();
    const Zone& zone = policy.zone;
    const Instant end = o.end;
    Store& store = ctx.store();
    const std::int64_t policy_version = ctx.policy_version();
    const std::int64_t total = static_cast<std::int64_t>(o.days) * o.per_day;
    std::map<std::string, SlaPlan> plans;
    std::vector<Instant> last_survey(team.customers.size(), std::numeric_limits<Instant>::min() / 2);
    const Seconds suppress = static_cast<Seconds>(policy.survey_suppress_days) * k_day;
    const bool revisits = !policy.revisit_kinds.empty();

    auto after = [&](const std::optional<SlaChoice>& c, Instant from, double fraction, Seconds fallback) {
        if (!c) return from + static_cast<Seconds>(static_cast<double>(fallback) * fraction);
        return into_target(policy, *c, from, fraction);
    };
    // The events the commands would have recorded, at their instants and by their agents.
    auto bulk_event = [&](Instant at, const std::string& actor, std::int64_t ticket, EventKind kind,
                          const json::Value& detail) {
        ctx.replay_at(at, actor);
        record_audit(ctx, kind, ticket, detail);
    };

    for (std::int64_t day = first_day; day < end_day + 1; ++day) {
        for (const Instant created : arrivals_of(rng, zone, day, o.per_day, start, end)) {
            const Situation& s = k_situations[static_cast<std::size_t>(rng.below(k_situations.size()))];
            const std::vector<std::string>& agents = rng.chance(0.5) ? team.east : team.west;
            const std::string& owner = rng.pick(agents);
            const auto customer = static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(team.customers.size())));

            Ticket t;
            t.channel = std::string(k_channels[rng.weighted(k_channel_weights)]);
            const std::array<int, 3> kind_weights{s.kinds[0] * 6, s.kinds[1], s.kinds[2] * 2};
            t.kind = std::string(k_kinds[rng.weighted(kind_weights)]);
            t.priority = std::string(k_priorities[rng.weighted(k_priority_weights)]);
            t.category = std::string(s.category);
            t.summary = std::string(s.summary);
            t.customer_id = team.customers[customer];
            t.owner = t.assignee = owner;
            if (t.kind == "complaint") {
                t.need = std::string(s.need);
                t.mood = std::string(any(rng, k_moods));
            }
            t.created_at = t.updated_at = t.resolve_start = created;
            t.policy_version = policy_version;
            const SlaSubject subject{t.channel, t.kind, t.priority, team.tiers[customer], *t.category};
            const std::string key =
                t.channel + '|' + t.kind + '|' + t.priority + '|' + subject.tier + '|' + subject.category;
            auto plan = plans.find(key);
            if (plan == plans.end()) plan = plans.emplace(key, plan_sla(policy, subject)).first;
            apply_sla(policy, plan->second, t);

            // Its life: the reply, the resolution and the close, each only if it came before the end.
            const double reply_fraction = rng.chance(0.95) ? rng.between(0.1, 0.9) : rng.between(1.1, 3.0);
            const Instant reply = after(plan->second.first_response, created, reply_fraction, k_hour);
            const double resolve_fraction = rng.chance(0.96) ? rng.between(0.3, 0.95) : rng.between(1.05, 2.5);
            const Instant resolved =
                std::max(reply + k_hour, after(plan->second.resolution, created, resolve_fraction, k_day));
            const std::string_view reply_text = any(rng, k_replies);
            const std::string_view resolution = any(rng, k_resolutions);
            if (reply < end) {
                t.first_responded_at = reply;
                t.response_count = 1;
                t.updated_at = reply;
            }
            const bool resolves = reply < end && resolved < end && !rng.chance(0.005);
            if (resolves) {
                t.status = TicketStatus::resolved;
                t.resolved_at = t.updated_at = resolved;
                t.resolution = std::string(resolution);
                t.cause = std::string(s.cause);
                if (resolved + 2 * k_day < end) {
                    t.status = TicketStatus::closed;
                    t.closed_at = t.updated_at = resolved + 2 * k_day;
                }
            }
            refresh_next(t);
            t.id = store.tickets().insert_ticket(t);
            ++report.tickets;

            bulk_event(created, owner, t.id, EventKind::ticket_open,
                       json::Object{{"channel", t.channel},
                                    {"kind", t.kind},
                                    {"priority", t.priority},
                                    {"summary", t.summary},
                                    {"customer", t.customer_id},
                                    {"policy_version", t.policy_version}});
            ++report.events;
            if (t.first_responded_at) {
                json::Object d{{"text", reply_text}, {"first_response", true}};
                if (t.first_response_due) d.emplace_back("met", reply <= *t.first_response_due);
                bulk_event(reply, owner, t.id, EventKind::ticket_respond, json::Value(std::move(d)));
                ++report.events;
            }
            if (!resolves) continue;
            json::Object d{{"resolution", t.resolution}, {"cause", t.cause}};
            if (t.resolve_due) d.emplace_back("met", resolved <= *t.resolve_due);
            bulk_event(resolved, owner, t.id, EventKind::ticket_resolve, json::Value(std::move(d)));
            ++report.events;
            if (t.closed_at) {
                bulk_event(*t.closed_at, owner, t.id, EventKind::ticket_close, {});
                ++report.events;
            }
            // The follow-up visit (回访) the resolution schedules, done mostly on time.
            if (revisits && std::find(policy.revisit_kinds.begin(), policy.revisit_kinds.end(), t.kind) !=
                                policy.revisit_kinds.end()) {
                Followup f;
                f.ticket_id = t.id;
                f.customer_id = t.customer_id;
                f.kind = "revisit";
                f.note = "回访: " + t.summary;
                f.assignee = f.created_by = owner;
                f.created_at = resolved;
                f.due = revisit_due(policy, resolved);
                const Instant done =
                    rng.chance(0.9) ? f.due - rng.below(4 * k_hour) : f.due + k_hour + rng.below(k_day);
                if (rng.chance(0.93) && done < end && done > resolved) {
                    f.state = FollowupState::done;
                    f.done_at = done;
                    f.outcome = "顾客表示满意";
                }
                f.id = store.followups().insert_followup(f);
                bulk_event(resolved, owner, t.id, EventKind::ticket_followup_add,
                           json::Object{{"followup", f.id},
                                        {"kind", f.kind},
                                        {"due", f.due},
                                        {"assignee", f.assignee},
                                        {"note", f.note}});
                ++report.events;
                if (f.done_at) {
                    bulk_event(*f.done_at, owner, t.id, EventKind::ticket_followup_done,
                               json::Object{{"followup", f.id},
                                            {"kind", f.kind},
                                            {"outcome", *f.outcome},
                                            {"on_time", *f.done_at <= f.due}});
                    ++report.events;
                }
            }
            // The survey inside its window, unless the customer was surveyed lately.
            const Instant sent = resolved + policy.survey_window_start + 300 + rng.below(4 * k_hour);
            if (sent < end && sent - last_survey[customer] >= suppress && rng.chance(0.8)) {
                last_survey[customer] = sent;
                Survey v;
                v.ticket_id = t.id;
                v.customer_id = t.customer_id;
                v.agent = owner;
                v.channel = t.channel;
                v.sent_at = sent;
                v.sent_by = "li.manager";
                const Instant answered = sent + 300 + rng.below(20 * k_hour);
                if (rng.chance(0.55) && answered < end) {
                    const bool late = t.resolve_due && resolved > *t.resolve_due;
                    const std::array<int, 5> weights =
                        late ? std::array<int, 5>{12, 14, 24, 30, 20} : std::array<int, 5>{3, 4, 9, 26, 58};
                    v.state = SurveyState::answered;
                    v.answered_at = answered;
                    v.recorded_by = "li.manager";
                    v.csat = static_cast<int>(rng.weighted(weights)) + 1;
                    if (rng.chance(0.7)) {
                        const std::array<int, 5> low{0, 2, 5, 7, 9}, span{4, 5, 4, 3, 2};
                        const auto i = static_cast<std::size_t>(*v.csat - 1);
                        v.nps = std::min(10, low[i] + static_cast<int>(rng.below(span[i])));
                    }
                    if (*v.csat <= 2 || (v.nps && *v.nps <= 6)) v.comment = std::string(any(rng, k_complaints));
                }
                v.id = store.surveys().insert_survey(v);
                bulk_event(sent, "li.manager", t.id, EventKind::ticket_survey_send,
                           json::Object{{"survey", v.id}, {"agent", v.agent}, {"channel", v.channel}});
                ++report.events;
                if (v.answered_at) {
                    json::Object a{{"survey", v.id}, {"agent", v.agent}, {"channel", v.channel}, {"csat", *v.csat}};
                    if (v.nps) a.emplace_back("nps", *v.nps);
                    if (v.comment) a.emplace_back("comment", *v.comment);
                    bulk_event(*v.answered_at, "li.manager", t.id, EventKind::ticket_survey_answer,
                               json::Value(std::move(a)));
                    ++report.events;
                }
            }
            if (progress && report.tickets % 10000 == 0) progress(report.tickets, total);
        }
    }
}

}  // namespace

DemoReport generate_demo(Context& ctx, const DemoOptions& o,
                         const std::function<void(std::int64_t, std::int64_t)>& progress) {
    const UnitOfWork unit(ctx);
    if (o.days < 1 || o.days > 3660) fail(ErrorKind::usage, "--days: {} is not between 1 and 3660", o.days);
    if (o.per_day < 1 || o.per_day > 100000)
        fail(ErrorKind::usage, "--per-day: {} is not between 1 and 100000", o.per_day);
    const std::string you = ctx.actor();
    require_role(ctx, "manager", "generate demo data");
    if (ctx.store().tickets().count_tickets() > 0)
        fail(ErrorKind::refused, "the store {} already holds tickets; give the demo a new store with --db",
             ctx.store().path());

    Random rng(o.seed);
    const Policy& policy = ctx.policy();
    const Zone& zone = policy.zone;
    const Instant end = o.end;
    const std::int64_t end_day = floor_div(zone.to_local(end), k_day);
    const std::int64_t first_day = end_day - o.days;
    const Instant start = zone.from_local(first_day * k_day);
    DemoReport report;

    // The team. Whoever runs the demo joins as a manager so they can go on exploring.
    std::vector<std::string> east, west;
    ctx.replay_at(start, you);
    if (!ctx.store().people().find_agent(you)) {
        add_agent(ctx, {you, you, "manager", std::string("ops"), std::nullopt, std::nullopt});
        ++report.agents;
    }
    for (const DemoAgent& a : k_agents) {
        if (ctx.store().people().find_agent(a.login)) continue;
        add_agent(ctx, {std::string(a.login), std::string(a.name), std::string(a.role), std::string(a.team),
                        std::nullopt, std::nullopt});
        ++report.agents;
    }
    for (const DemoAgent& a : k_agents) {
        if (a.team == "east" && a.role == "agent") east.emplace_back(a.login);
        if (a.team == "west" && a.role == "agent") west.emplace_back(a.login);
    }
    const std::string east_lead = "zhou.min", west_lead = "wu.lei";

    // Customers: about as many as tickets (most contact us once), at most 200,000.
    const std::int64_t total_tickets = static_cast<std::int64_t>(o.days) * o.per_day;
    const std::int64_t customer_count = std::clamp<std::int64_t>(total_tickets, 20, 200000);
    std::vector<std::int64_t> customers;
    std::vector<std::string> tiers;
    customers.reserve(static_cast<std::size_t>(customer_count));
    tiers.reserve(static_cast<std::size_t>(customer_count));
    for (std::int64_t i = 0; i < customer_count; ++i) {
        ctx.replay_at(start, "li.manager");
        NewCustomer c;
        c.name = std::string(any(rng, k_surnames)) + std::string(any(rng, k_given));
        c.phone = fmt::format("1{}{:09}", 3 + rng.below(7), 100000000 + i);
        c.tier = std::string(k_tiers[rng.weighted(k_tier_weights)]);
        c.ref = fmt::format("CRM-{:06}", i + 1);
        if (rng.chance(0.15)) c.note = std::string(any(rng, k_profile_notes));
        customers.push_back(add_customer(ctx, c));
        tiers.push_back(*c.tier);
        if (rng.chance(0.03)) {
            // Proactive care (主动服务): membership renewals and seasonal maintenance.
            NewFollowup care;
            care.customer = std::to_string(customers.back());
            care.kind = "care";
            care.note = rng.chance(0.5) ? "会员即将到期, 提醒续费" : "换季空调清洗保养提醒";
            care.due = start + rng.below(static_cast<std::int64_t>(o.days + 30) * k_day) + k_hour;
            care.every = 365 * k_day;
            care.assignee = "li.manager";
            add_followup(ctx, care);
        }
        ++report.customers;
    }

    if (o.bulk) {
        ctx.store().prepare_bulk_write();
        // The store holds no tickets yet: building the indexes once at the end, each in one
        // sorted pass, costs less than keeping them in order row by row.
        ctx.store().with_bulk_indexes_deferred([&] {
            bulk_tickets(ctx, o, rng, {east, west, customers, tiers}, first_day, end_day, start, report, progress);
        });
        ctx.replay_at(end, you);
        if (progress) progress(report.tickets, report.tickets);
        return report;
    }

    std::int64_t done = 0;
    for (std::int64_t day = first_day; day < end_day + 1; ++day) {
        for (const Instant created : arrivals_of(rng, zone, day, o.per_day, start, end)) {
            const Situation& s = k_situations[static_cast<std::size_t>(rng.below(k_situations.size()))];
            const bool east_team = rng.chance(0.5);
            const std::vector<std::string>& team = east_team ? east : west;
            const std::string& lead = east_team ? east_lead : west_lead;
            const std::string opener = rng.pick(team);

            OpenTicketRequest r;
            r.channel = std::string(k_channels[rng.weighted(k_channel_weights)]);
            // Most contacts are questions; the situations' weights say which kind each leans to.
            const std::array<int, 3> kind_weights{s.kinds[0] * 6, s.kinds[1], s.kinds[2] * 2};
            r.kind = std::string(k_kinds[rng.weighted(kind_weights)]);
            r.summary = std::string(s.summary);
            r.category = std::string(s.category);
            r.priority = std::string(k_priorities[rng.weighted(k_priority_weights)]);
            r.customer = std::to_string(rng.pick(customers));
            if (r.kind == "complaint") {
                r.need = std::string(s.need);
                r.mood = std::string(any(rng, k_moods));
            }
            ctx.replay_at(created, opener);
            const std::int64_t id = open_ticket(ctx, r).id;
            ++report.tickets;
            ++report.events;
            Life life(ctx, id, created, end, report);
            Ticket t = life.ticket();
            const SlaPlan plan = SlaPlan::from_json(t.sla);
            std::string worker = opener;

            // Business-time offsets land in working hours, as real replies do.
            auto after = [&](const std::optional<SlaChoice>& c, Instant from, double fraction, Seconds fallback) {
                if (!c) return from + static_cast<Seconds>(static_cast<double>(fallback) * fraction);
                return into_target(policy, *c, from, fraction);
            };

            // The ticket's life, until it ends or the demo's end comes first.
            const auto live = [&] {
                // First reply: most in time, some late.
                const double reply_fraction = rng.chance(0.95) ? rng.between(0.1, 0.9) : rng.between(1.1, 3.0);
                if (!life.at(after(plan.first_response, created, reply_fraction, k_hour), worker,
                             [&] { respond_ticket(ctx, id, any(rng, k_replies), false); }))
                    return;
                if (rng.chance(0.15)) {
                    // "I'll call you back in ten minutes": kept mostly, now and then late or forgotten.
                    const bool callback = rng.chance(0.6);
                    const Seconds in = callback ? 600 + rng.below(3) * 600 : k_hour + rng.below(4) * k_hour;
                    std::int64_t promise = 0;
                    if (!life.at(life.cursor() + 1, worker, [&] {
                            promise = add_followup(ctx, {id, std::nullopt, callback ? "callback" : "promise",
                                                         callback ? "核实后回电" : "今天内给顾客答复",
                                                         life.cursor() + in, std::nullopt, std::nullopt});
                        }))
                        return;
                    const double f = rng.chance(0.9) ? rng.between(0.3, 0.95) : rng.between(1.2, 3.0);
                    if (rng.chance(0.97) &&
                        !life.at(life.cursor() + static_cast<Seconds>(static_cast<double>(in) * f), worker,
                                 [&] { complete_followup(ctx, promise, callback ? "已回电" : "已答复顾客", false); }))
                        return;
                }
                if (rng.chance(0.2) && !life.at(life.cursor() + rng.below(2 * k_hour), worker,
                                                [&] { note_ticket(ctx, id, any(rng, k_notes)); }))
                    return;
                if (rng.chance(0.08)) {
                    std::string other = rng.pick(team);
                    if (other == worker) other = lead;
                    if (!life.at(life.cursor() + 300 + rng.below(k_hour), worker,
                                 [&] { assign_ticket(ctx, id, other, false); }))
                        return;
                    worker = other;
                }
                if (r.kind == "complaint" && rng.chance(0.03)) {
                    if (!life.at(life.cursor() + 600 + rng.below(4 * k_hour), worker,
                                 [&] { respond_ticket(ctx, id, any(rng, k_threats), true); }))
                        return;
                }
                if (r.kind == "complaint" && r.need && *r.need == "compensation" && rng.chance(0.5)) {
                    // Mostly within the front line's 50 yuan; now and then more, as an exception.
                    const bool over = rng.chance(0.12);
                    const int yuan =
                        over ? 80 + static_cast<int>(rng.below(13)) * 10 : 10 + static_cast<int>(rng.below(5)) * 10;
                    CompensateRequest c;
                    c.ticket = id;
                    c.amount = std::to_string(yuan);
                    c.kind = over ? "refund" : "coupon";
                    c.note = over ? std::string("部分退款") : std::to_string(yuan) + "元优惠券";
                    if (over) c.exception = "顾客多次受影响, 为挽回顾客先行补偿";
                    if (!life.at(life.cursor() + 300 + rng.below(k_hour), worker, [&] { compensate_ticket(ctx, c); }))
                        return;
                }
                if (rng.chance(0.28)) {
                    if (!life.at(life.cursor() + k_hour + rng.below(20 * k_hour), worker,
                                 [&] { respond_ticket(ctx, id, any(rng, k_customer_messages), true); }))
                        return;
                    const double f = rng.chance(0.93) ? rng.between(0.1, 0.9) : rng.between(1.1, 2.5);
                    if (!life.at(after(plan.next_response, life.cursor(), f, 4 * k_hour), worker,
                                 [&] { respond_ticket(ctx, id, any(rng, k_replies), false); }))
                        return;
                }
                if (rng.chance(0.15)) {
                    if (!life.at(life.cursor() + 600 + rng.below(3 * k_hour), worker,
                                 [&] { pend_ticket(ctx, id, any(rng, k_hold_reasons)); }))
                        return;
                    const Instant back = life.cursor() + 2 * k_hour + rng.below(46 * k_hour);
                    const bool by_customer = rng.chance(0.5);
                    if (!life.at(back, worker, [&] {
                            if (by_customer)
                                respond_ticket(ctx, id, any(rng, k_customer_messages), true);
                            else
                                resume_ticket(ctx, id);
                        }))
                        return;
                }
                {
                    // Resolution: most within the target, some late, a few never in the window.
                    if (rng.chance(0.005)) return;
                    t = life.ticket();
                    const double f = rng.chance(0.96) ? rng.between(0.3, 0.95) : rng.between(1.05, 2.5);
                    Instant when = life.cursor() + k_hour;
                    if (plan.resolution && t.resolve_due)
                        when = std::max(when, after(plan.resolution, t.resolve_start,
                                                    f * (1.0 + static_cast<double>(t.resolve_paused) /
                                                                   static_cast<double>(target_length(
                                                                       policy, *plan.resolution, t.resolve_start))),
                                                    0));
                    const std::string_view resolution = any(rng, k_resolutions);
                    if (!life.at(when, worker, [&] { resolve_ticket(ctx, id, resolution, std::string(s.cause)); }))
                        return;
                    if (rng.chance(0.04)) {
                        if (!life.at(life.cursor() + k_day + rng.below(2 * k_day), worker,
                                     [&] { reopen_ticket(ctx, id, "顾客反馈问题依旧"); }))
                            return;
                        if (!life.at(life.cursor() + k_hour + rng.below(8 * k_hour), worker,
                                     [&] { resolve_ticket(ctx, id, "二次处理完毕, 顾客确认", std::string(s.cause)); }))
                            return;
                    }
                    // The follow-up visit (回访) the resolution scheduled for the owner.
                    FollowupQuery visits;
                    visits.ticket_id = id;
                    visits.kind = "revisit";
                    visits.open = true;
                    const auto open_visits = ctx.store().followups().list_followups(visits);
                    const Instant resolved = life.cursor();
                    if (!open_visits.empty() && rng.chance(0.93)) {
                        const Followup& v = open_visits.front();
                        const bool unhappy = rng.chance(0.05);
                        const Instant when =
                            rng.chance(0.9) ? v.due - rng.below(4 * k_hour) : v.due + k_hour + rng.below(k_day);
                        if (!life.at(when, opener, [&] {
                                complete_followup(ctx, v.id, unhappy ? "顾客表示问题没有解决" : "顾客表示满意",
                                                  unhappy);
                            }))
                            return;
                        if (unhappy) {
                            if (!life.at(life.cursor() + 2 * k_hour + rng.below(6 * k_hour), worker,
                                         [&] { resolve_ticket(ctx, id, "重新处理, 顾客确认", std::string(s.cause)); }))
                                return;
                        }
                    }
                    // The satisfaction survey inside its window, and the customer's answer.
                    const Instant survey_at =
                        resolved + policy.survey_window_start + 300 +
                        rng.below(std::max<Seconds>(1, (policy.survey_window_end - policy.survey_window_start) / 4));
                    if (survey_at > life.cursor() && survey_at < end) {
                        ctx.replay_at(survey_at, "li.manager");
                        t = life.ticket();
                        if (!survey_obstacle(ctx, t, *ctx.store().people().find_customer_by_id(t.customer_id), true)) {
                            if (!life.at(survey_at, "li.manager", [&] { send_surveys(ctx, {id}, false); })) return;
                            if (rng.chance(0.55)) {
                                // Late resolutions and broken promises make unhappier customers.
                                const bool late = t.resolve_due && t.resolved_at && *t.resolved_at > *t.resolve_due;
                                const std::array<int, 5> weights =
                                    late ? std::array<int, 5>{12, 14, 24, 30, 20} : std::array<int, 5>{3, 4, 9, 26, 58};
                                SurveyAnswer a;
                                a.ticket = id;
                                a.csat = static_cast<std::int64_t>(rng.weighted(weights)) + 1;
                                if (rng.chance(0.7)) {
                                    const std::array<std::int64_t, 5> low{0, 2, 5, 7, 9}, span{4, 5, 4, 3, 2};
                                    const auto i = static_cast<std::size_t>(a.csat - 1);
                                    a.nps = std::min<std::int64_t>(10, low[i] + rng.below(span[i]));
                                }
                                if (a.csat <= 2 || (a.nps && *a.nps <= 6))
                                    a.comment = std::string(any(rng, k_complaints));
                                else if (rng.chance(0.2))
                                    a.comment = std::string(any(rng, k_praise));
                                if (!life.at(life.cursor() + 300 + rng.below(20 * k_hour), "li.manager",
                                             [&] { record_answer(ctx, a); }))
                                    return;
                            }
                        }
                    }
                    life.at(std::max(life.cursor(), resolved + 2 * k_day), worker, [&] { close_ticket(ctx, id); });
                }
            };
            live();
            life.sweep_until(end);
            if (progress && ++done % 1000 == 0) progress(done, total_tickets);
        }
    }
    generate_demo_reviews(ctx, o);
    ctx.replay_at(end, you);
    if (progress) progress(report.tickets, report.tickets);
    return report;
}

}  // namespace svc
