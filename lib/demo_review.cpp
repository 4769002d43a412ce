#include "demo_review.hpp"

#include <array>
#include <string_view>

#include "review.hpp"

namespace svc {

namespace {

// What a review typically agrees: process changes, not blame.
constexpr std::array<std::string_view, 8> k_action_texts{"取件码短信改为下单即发, 并在 App 内可查",
                                                         "回电承诺统一登记为跟进事项, 超时自动提醒",
                                                         "物流延迟超过 48 小时主动告知顾客",
                                                         "退款进度各节点短信通知顾客",
                                                         "质检表加一项: 是否主动告知补偿方案",
                                                         "安装预约改为提前一天电话确认",
                                                         "优惠券结算失败时提示具体原因",
                                                         "试行: 前线补偿权限从 50 元提高到 80 元"};
constexpr std::array<std::string_view, 3> k_done_notes{"已上线", "已完成全员培训", "流程文件已更新"};
constexpr std::array<std::string_view, 4> k_qa_notes{"安抚到位, 解释清楚", "未主动告知处理时限", "回电及时, 记录完整",
                                                     "首问负责落实, 未让顾客重复描述"};
constexpr std::array<std::string_view, 3> k_owners{"zhou.min", "wu.lei", "li.manager"};
constexpr std::array<std::string_view, 2> k_inspectors{"zhou.min", "wu.lei"};

// splitmix64 again: the demo's own stream, so the ticket replay is unchanged by it.
struct Stream {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::int64_t below(std::int64_t n) {
        return n <= 0 ? 0 : static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
    }
};

}  // namespace

void generate_demo_reviews(Context& ctx, const DemoOptions& o) {
    const Zone& zone = ctx.policy().zone;
    const Instant end = o.end;
    const Instant start = end - static_cast<Seconds>(o.days) * k_day;
    Stream rng{o.seed ^ 0x5eedULL};
    // The complete weeks of the demo, oldest first.
    std::vector<Period> weeks;
    for (Period w = last_complete_week(zone, end); w.start >= start; w = previous_period(w, zone))
        weeks.insert(weeks.begin(), w);
    std::vector<std::int64_t> open_actions;
    for (std::size_t i = 0; i < weeks.size(); ++i) {
        const Period& week = weeks[i];
        const Instant review = week.end + 10 * k_hour;  // Monday 10:00, the review meeting
        // Quality inspection of the week's closed tickets, Tuesday to Thursday after it.
        const std::vector<QaCandidate> closed = ctx.store().reviews().qa_candidates(week.start, week.end);
        const std::vector<QaCandidate> sample = draw_sample(closed, 4, o.seed + i, true);
        for (std::size_t k = 0; k < sample.size(); ++k) {
            const Instant at = week.end + k_day + 9 * k_hour + rng.below(3 * k_day - 12 * k_hour);
            if (at >= end) continue;
            ctx.replay_at(at, std::string(k_inspectors[k % k_inspectors.size()]));
            const int score = static_cast<int>(60 + rng.below(41));
            score_ticket(ctx, sample[k].ticket_id, score,
                         rng.below(3) == 0 ? std::nullopt : std::optional(std::string(k_qa_notes[rng.below(4)])));
        }
        if (review >= end) continue;
        // Last time's items: most get done before the next review, some slip.
        std::vector<std::int64_t> still_open;
        for (std::int64_t id : open_actions) {
            const auto a = ctx.store().reviews().find_review_action(id);
            const Instant done_at = review - (1 + rng.below(5)) * k_day + 5 * k_hour + rng.below(2 * k_hour);
            if (rng.below(10) < 6 && a && done_at > a->created_at) {
                ctx.replay_at(done_at, a->owner);
                complete_review_action(ctx, id, std::string(k_done_notes[rng.below(3)]));
            } else {
                still_open.push_back(id);
            }
        }
        open_actions = std::move(still_open);
        // This review's items, each from two of the week's complaints.
        const std::vector<ComplaintRow> complaints = ctx.store().reviews().complaints_created(week.start, week.end);
        ctx.replay_at(review, "li.manager");
        for (int n = 0; n < 2; ++n) {
            NewReviewAction a;
            a.text = std::string(k_action_texts[rng.below(k_action_texts.size())]);
            a.owner = std::string(k_owners[rng.below(k_owners.size())]);
            a.due = review + (7 + 7 * rng.below(2)) * k_day;
            a.week = week;
            for (int t = 0; t < 2 && !complaints.empty(); ++t)
                a.tickets.push_back(
                    complaints[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(complaints.size())))].id);
            open_actions.push_back(add_review_action(ctx, a));
        }
    }
}

}  // namespace svc
