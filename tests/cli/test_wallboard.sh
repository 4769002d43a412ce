#!/usr/bin/env bash
# svc wallboard on a demo store at a fixed now: the page's figures equal what `ticket list
# --overdue`, `escalate list --open` and `kpi --period today` print; it is written
# atomically with mode 0644 (or --mode); bad flags write nothing. With headless Chromium
# (CI installs it) the page is opened at
# 1920×1080 and 1280×800: the figures read from the rendered DOM are the same, and nothing
# overflows the viewport or its panel. SVC_TEST_BROWSER: auto (default; the browser checks run
# when chromium is installed), require (its absence fails) or skip.
source "$(dirname "$0")/lib.sh"

NOW=2026-11-23T15:00:00+08:00
export SVC_NOW=$NOW
run demo --days 14 --per-day 25 --end "$NOW" --quiet
expect_rc 0 "a demo store ending at the board's now"

# figures FILE: one line per figure of the page, "name value" (a channel's, a level's or an
# agent's figures prefixed by it), read with an HTML parser.
figures() {
    python3 - "$1" <<'EOF'
import sys
from html.parser import HTMLParser
class Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scope, self.open_figure, self.text = [], None, ""
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("data-channel", "data-level", "data-agent", "data-ticket"):
            if key in a:
                self.scope.append((tag, key[5:] + "." + a[key]))
        if "data-hour" in a:
            print(f"hour.{a['data-hour']} today={a['data-today']} usual={a['data-usual']}")
        if "data-ticket" in a:
            print(f"deadline {a['data-ticket']} {a['data-due']}")
        if "data-figure" in a:
            prefix = self.scope[-1][1] + "." if self.scope else ""
            self.open_figure = prefix + a["data-figure"]
            self.value = a.get("data-value")
            self.text = ""
    def handle_data(self, data):
        if self.open_figure: self.text += data
    def handle_endtag(self, tag):
        if self.open_figure:
            print(self.open_figure, self.value if self.value is not None else self.text.strip())
            self.open_figure = None
        if self.scope and self.scope[-1][0] == tag: self.scope.pop()
f = Figures()
f.feed(open(sys.argv[1], encoding="utf-8").read())
EOF
}
# figure FILE NAME: the value of one figure.
figure() { figures "$1" | awk -v n="$2" '$1 == n { print $2; exit }'; }

# check_figures FILE WHAT: the page's figures against the commands that print the same.
check_figures() {
    local file=$1 what=$2 level want
    run ticket list --overdue --format tsv --no-header
    expect_eq "$(figure "$file" breached)" "$(rows)" "$what: breached = the rows of ticket list --overdue"
    run ticket list --at-risk --format tsv --no-header
    expect_eq "$(figure "$file" at_risk)" "$(rows)" "$what: at risk = the rows of ticket list --at-risk"
    run ticket list --status open --format tsv --no-header
    expect_eq "$(figure "$file" open)" "$(rows)" "$what: open = ticket list --status open"
    run ticket list --status pending --format tsv --no-header
    expect_eq "$(figure "$file" pending)" "$(rows)" "$what: on hold = ticket list --status pending"
    run escalate list --open --format tsv --no-header
    local escalations=$OUT
    for level in $(figures "$file" | sed -n 's/^level\.\([0-9]*\)\.waiting .*/\1/p'); do
        want=$(printf '%s\n' "$escalations" | awk -F'\t' -v l="$level" '$4 == l' | grep -c . || true)
        expect_eq "$(figure "$file" "level.$level.waiting")" "$want" "$what: level $level waiting = escalate list --open"
        want=$(printf '%s\n' "$escalations" | awk -F'\t' -v l="$level" '$4 == l && $NF == "overdue"' | grep -c . || true)
        expect_eq "$(figure "$file" "level.$level.overdue")" "$want" "$what: level $level overdue = escalate list --open"
    done
    run kpi --period today --metrics created,resolved,frt_sla,res_sla,csat --format tsv --no-header
    expect_eq "$(figure "$file" created) $(figure "$file" resolved) $(figure "$file" frt_sla) $(figure "$file" res_sla) $(figure "$file" csat)" \
        "$(cut -f2- <<<"$OUT" | tr '\t' ' ')" "$what: today's figures = kpi --period today"
}

run wallboard -o "$WORK/board.html" --lang en
expect_rc 0 "the wallboard is written"
expect_err_has "wallboard written to $WORK/board.html" "it says where"
expect_eq "$(stat -c %a "$WORK/board.html")" "644" "mode 0644 by default: it holds no contact data"
expect_eq "$(find "$WORK" -maxdepth 1 -name '.board.html*' | wc -l)" "0" "no temporary file is left beside it"
check_figures "$WORK/board.html" "the page"
expect_eq "$(grep -c '<script\|https\?://\|url(' "$WORK/board.html")" "0" "no script and nothing fetched from anywhere"
expect_eq "$(grep -c '<meta http-equiv="refresh" content="60">' "$WORK/board.html")" "1" "it reloads itself every minute"
expect_eq "$(figures "$WORK/board.html" | grep -c '^hour\.')" "24" "an arrival bar per hour of the day"
breached=$(figure "$WORK/board.html" breached)
if [ "$breached" -gt 0 ]; then pass; else failure "the demo store has breached targets to show"; fi
# Upcoming deadlines: ten, in order, all still ahead.
deadlines=$(figures "$WORK/board.html" | awk '$1 == "deadline" { print $3 }')
expect_eq "$(wc -l <<<"$deadlines")" "10" "the next ten deadlines"
expect_eq "$(sort <<<"$deadlines")" "$deadlines" "soonest first"
expect_eq "$(awk -v now="$NOW" '$0 <= now' <<<"$deadlines" | wc -l)" "0" "none of them passed"
# Their customers' names are masked (张伟 → 张*); no phone number appears anywhere.
run ticket list --status open,pending --format tsv --no-header
for id in $(figures "$WORK/board.html" | awk '$1 == "deadline" { print $2 }'); do
    name=$(awk -F'\t' -v id="$id" '$1 == id { print $7 }' <<<"$OUT")
    masked=$(python3 -c 'import sys; n = sys.argv[1]; print(n[0] + "*" * min(max(len(n) - 1, 1), 4))' "$name")
    expect_eq "$(grep -cF "<td>$name</td>" "$WORK/board.html")" "0" "ticket $id: the customer's name is not shown whole"
    expect_eq "$(grep -cF "<td>$masked</td>" "$WORK/board.html")" "1" "ticket $id: it is shown masked as $masked"
done
expect_eq "$(grep -cE '1[3-9][0-9]{9}' "$WORK/board.html")" "0" "no phone number"


# The language: --lang, else the locale.
run wallboard --lang zh
expect_out_has '<html lang="zh-CN">' "--lang zh"
expect_out_has "已超时" "Chinese words"
# (svc itself is run with the locale: a function would switch the shell's.)
OUT=$(env LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$SVC" wallboard)
expect_out_has '<html lang="zh-CN">' "the locale's language by default"
OUT=$(env LANG=en_US.UTF-8 LC_ALL= LC_MESSAGES=zh_CN.UTF-8 "$SVC" wallboard)
expect_out_has '<html lang="zh-CN">' "LC_MESSAGES before LANG"
OUT=$(env LANG=C.UTF-8 LC_ALL= LC_MESSAGES= "$SVC" wallboard)
expect_out_has '<html lang="en">' "English in the C locale"
expect_out_has "breached" "English words"

# A team's board: its agents' tickets only.
run agent list --format tsv --no-header
agents=$OUT
team=$(awk -F'\t' '$4 != "" { print $4; exit }' <<<"$agents")
run wallboard --team "$team" -o "$WORK/team.html" --refresh 30s --mode 0640
expect_rc 0 "a team's board"
expect_eq "$(stat -c %a "$WORK/team.html")" "640" "--mode sets the file's mode"
expect_eq "$(grep -c 'content="30"' "$WORK/team.html")" "1" "--refresh 30s"
want=0
for login in $(awk -F'\t' -v t="$team" '$4 == t { print $1 }' <<<"$agents"); do
    run ticket list --overdue --assignee "$login" --format tsv --no-header
    want=$((want + $(rows)))
done
expect_eq "$(figure "$WORK/team.html" breached)" "$want" "the team's breached = its agents' overdue tickets"
run wallboard --refresh off
expect_out_lacks "http-equiv" "--refresh off: no reload"

# Bad input: exit 2 (3 for an unknown team), the flag named, nothing written.
for args in "--refresh 1s" "--refresh 0s" "--refresh soon" "--mode 999" "--mode u+rw" "--lang fr" "--team nosuch"; do
    run wallboard -o "$WORK/bad.html" $args
    flag=${args%% *}
    if [ "$flag" = --team ]; then expect_rc 3 "$args is refused"; else expect_rc 2 "$args is refused"; fi
    expect_err_has "$flag" "$args: the error names $flag"
    if [ -e "$WORK/bad.html" ]; then failure "$args: nothing is written"; else pass; fi
done
run wallboard --mode 0600
expect_rc 2 "--mode without -o"
run wallboard -o "$WORK/no/such/dir/board.html"
expect_rc 2 "an output directory that does not exist"
expect_err_has "-o" "the error names -o"

# In a browser, at a wall screen's size and a laptop's.
browser=$(command -v chromium || command -v chromium-browser || true)
case ${SVC_TEST_BROWSER:-auto} in
skip) browser="" ;;
require) [ -n "$browser" ] || failure "chromium is not installed (SVC_TEST_BROWSER=require)" ;;
esac
if [ -z "$browser" ]; then
    echo "note: the browser checks were skipped (chromium not installed, or SVC_TEST_BROWSER=skip)" >&2
else
    # Each page goes into a frame of exactly the screen's size (a browser window's viewport
    # is smaller than the window), all four in one window so the browser starts once. A probe
    # in each frame measures the laid-out page, says what overflows and copies the rendered
    # body out into a result of its own, for --dump-dom to print.
    probe='<script>addEventListener("load", () => {
      const bad = [], d = document.documentElement;
      if (d.scrollWidth > innerWidth || d.scrollHeight > innerHeight) bad.push("page " + d.scrollWidth + "x" + d.scrollHeight);
      for (const p of document.querySelectorAll(".panel"))
        if (p.scrollHeight > p.clientHeight + 1 || p.scrollWidth > p.clientWidth + 1) bad.push(p.className);
      for (const e of document.querySelectorAll("body *")) {
        const r = e.getBoundingClientRect();
        if (r.width > 0 && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1)) bad.push(e.tagName + "." + e.className);
      }
      const result = parent.document.createElement("div");
      result.className = "result";
      result.dataset.frame = frameElement.name;
      result.dataset.viewport = innerWidth + "x" + innerHeight;
      result.dataset.overflow = bad.join(";") || "none";
      result.innerHTML = document.body.innerHTML;
      parent.document.body.appendChild(result);
    });</script>'
    frames=()
    for lang in zh en; do
        run wallboard --lang "$lang" -o "$WORK/page-$lang.html"
        awk -v probe="$probe" '/<\/body>/ { print probe } { print }' "$WORK/page-$lang.html" >"$WORK/probe-$lang.html"
        for size in 1920x1080 1280x800; do frames+=("$lang-$size"); done
    done
    python3 - "$WORK" "${frames[@]}" >"$WORK/frames.html" <<'EOF2'
import html, sys
work, frames = sys.argv[1], sys.argv[2:]
print('<!DOCTYPE html><html><body style="margin:0">')
for f in frames:
    lang, size = f.split("-")
    w, h = size.split("x")
    page = open(f"{work}/probe-{lang}.html", encoding="utf-8").read()
    print(f'<iframe name="{f}" style="display:block;border:0;width:{w}px;height:{h}px" srcdoc="{html.escape(page)}"></iframe>')
print("</body></html>")
EOF2
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=2000,4000 \
        --virtual-time-budget=1000 --dump-dom "file://$WORK/frames.html" >"$WORK/dom.html" 2>/dev/null
    for frame in "${frames[@]}"; do
        # The rendered copy of this frame alone (the frames' own srcdoc is escaped text).
        python3 - "$frame" "$WORK/dom.html" >"$WORK/result.html" <<'EOF2'
import re, sys
dom = open(sys.argv[2], encoding="utf-8").read()
m = re.search(r'<div class="result" data-frame="%s".*?(?=<div class="result"|</body>)' % re.escape(sys.argv[1]), dom, re.S)
print(m.group(0) if m else "")
EOF2
        where="${frame/-/ at }"
        size=${frame#*-}
        expect_eq "$(grep -o 'data-viewport="[^"]*"' "$WORK/result.html")" "data-viewport=\"$size\"" \
            "$where: the page was laid out at that size"
        expect_eq "$(grep -o 'data-overflow="[^"]*"' "$WORK/result.html")" 'data-overflow="none"' \
            "$where: nothing overflows the viewport or a panel"
        check_figures "$WORK/result.html" "$where, from the rendered DOM"
    done
fi

finish
