#!/usr/bin/env bash
# svc ticket intake: the sample mails of tests/cli/mail (UTF-8, GBK with an RFC 2047
# subject, multipart with an attachment, a reply threaded by In-Reply-To, an auto-reply,
# HTML only) make the tickets and messages they should; redelivery changes nothing; bad
# input writes nothing; the recipes of share/examples/mail run as written (their command
# lines, with this test's store), and the webhook bridge takes JSON over HTTP.
source "$(dirname "$0")/lib.sh"
MAIL=$(cd "$(dirname "$0")/mail" && pwd)
EXAMPLES=$(cd "$(dirname "$0")/../../share/examples/mail" && pwd)

run db init
expect_rc 0 "a new store"

# --- a mail in UTF-8 opens a ticket for a new customer ---------------------------------
run ticket intake <"$MAIL/utf8.eml"
expect_rc 0 "a UTF-8 mail"
expect_out "1" "prints the new ticket's number"
expect_err_has "ticket 1 opened for customer 1 (registered now)" "says what it did"
expect_eq "$(q "SELECT channel || '|' || kind || '|' || summary FROM ticket WHERE id = 1")" "email|inquiry|订单还没到" \
    "the decoded subject is the summary"
expect_eq "$(q "SELECT name FROM customer WHERE id = 1")" "张三" "the sender's decoded name registers the customer"
expect_eq "$(q "SELECT email FROM customer WHERE id = 1")" "zhang.san@example.net" "with the sender's address"
run ticket show 1 --format json
expect_out_has '你好，我的订单 202610010001 已经五天了还没到' "the body is the text"

# --- GBK body, GB2312 subject and name ----------------------------------------------
run ticket intake <"$MAIL/gbk.eml"
expect_out "2" "a GBK mail"
expect_eq "$(q "SELECT summary FROM ticket WHERE id = 2")" "退货退款申请" "the GB2312 subject decoded"
expect_eq "$(q "SELECT name FROM customer WHERE id = 2")" "李四" "the GBK name decoded"
run ticket show 2 --format json
expect_out_has '我买的电饭煲有质量问题，内胆掉漆，要求退货退款。' "the GBK body is UTF-8"

# --- multipart: the plain text, the attachment listed and saved ----------------------
run ticket intake --attachments "$WORK/attachments" <"$MAIL/attachment.eml"
expect_out "3" "a mail with an attachment"
run ticket show 3 --format json
expect_out_has '发票抬头开错了，见附件。' "the plain part of multipart/alternative"
expect_out_lacks 'HTML version' "not the HTML part"
expect_out_has 'attached: 发票.pdf (application/pdf, 280 bytes)' "the attachment is listed in the timeline"
pdf_sha=$(python3 -c 'import hashlib; print(hashlib.sha256(b"%PDF-1.4\n% fake invoice\n" + bytes(range(256))).hexdigest())')
saved=$(ls "$WORK/attachments")
expect_eq "$saved" "${pdf_sha:0:16}-发票.pdf" "saved as SHA256PREFIX-NAME"
expect_eq "$(sha256sum "$WORK/attachments/$saved" | cut -d' ' -f1)" "$pdf_sha" "the saved file is the decoded content"

# --- a reply threads by In-Reply-To/References; the quote is left out -----------------
export SVC_NOW=2026-11-23T10:30:00+08:00
run ticket respond 1 '您好, 已为您催促快递, 今天 18:00 前回复您'
export SVC_NOW=2026-11-23T11:00:00+08:00
run ticket intake <"$MAIL/reply.eml"
expect_rc 0 "a reply"
expect_out "1" "joins ticket 1 through References"
expect_err_has "message added to ticket 1" "says so"
run ticket show 1 --format json
expect_out_has '"event":"customer_message","text":"(email) 还是没收到，能不能给个准确时间？"' "the reply's own words"
expect_out_lacks '已为您催促快递。' "without the quoted message"
expect_eq "$(q "SELECT next_response_due IS NOT NULL FROM ticket WHERE id = 1")" "$(sqlite_only && echo 1 || echo t)" \
    "the next-reply deadline runs"

# --- redelivery changes nothing ------------------------------------------------------
before=$(dump)
run ticket intake <"$MAIL/reply.eml"
expect_rc 0 "a redelivered mail"
expect_out "1" "prints the same ticket"
expect_err_has "already taken in" "says it was seen"
expect_eq "$(dump)" "$before" "and writes nothing"

# --- an auto-reply is dropped ---------------------------------------------------------
run ticket intake <"$MAIL/autoreply.eml"
expect_rc 0 "an auto-reply exits 0"
expect_out "" "prints no ticket"
expect_err_has "dropped, not made a ticket: sent automatically (Auto-Submitted: auto-replied)" "says why"
expect_eq "$(dump)" "$before" "and writes nothing"

# --- the centre's own mail come back is dropped ---------------------------------------
sed 's/^own_addresses = \[\]/own_addresses = ["kefu@shop.example"]/' "$(dirname "$0")/../../share/svc/policy.toml" \
    >"$WORK/policy.toml"
run policy load "$WORK/policy.toml"
expect_rc 0 "a policy with the centre's address"
before=$(dump)
sed 's/^From: .*/From: Kefu <KEFU@shop.example>/; s/first-utf8@/own-1@/' "$MAIL/utf8.eml" >"$WORK/own.eml"
run ticket intake <"$WORK/own.eml"
expect_rc 0 "the centre's own mail exits 0"
expect_err_has "the centre's own address" "dropped as a loop"
expect_eq "$(dump)" "$before" "nothing written"

# --- HTML only; a tag naming no ticket opens a new one --------------------------------
run ticket intake <"$MAIL/html.eml"
expect_out "4" "an HTML mail with a tag of no ticket"
run ticket show 4 --format json
expect_out_has '客服你好 & 再见\n\n第二行\n第三行\n- 一\n- 二\n订单 <https://example.com/order/1>' "readable text"
expect_out_lacks 'alert' "without its script"

# --- the subject tag threads when no header does --------------------------------------
printf 'From: li.si@example.cn\nSubject: Re: [svc#2] 退货\nMessage-ID: <tag-1@example.cn>\n\n什么时候退款？\n' \
    >"$WORK/tagged.eml"
run ticket intake <"$WORK/tagged.eml"
expect_out "2" "the [svc#2] tag names the ticket"

# --- a resolved ticket is reopened; a closed one gets a new, linked ticket ------------
export SVC_NOW=2026-11-23T11:30:00+08:00
run ticket resolve 2 --resolution '已退款'
printf 'From: li.si@example.cn\nSubject: Re: 退货\nMessage-ID: <tag-2@example.cn>\nIn-Reply-To: <tag-1@example.cn>\n\n还没到账\n' \
    >"$WORK/again.eml"
export SVC_NOW=2026-11-23T11:40:00+08:00
run ticket intake <"$WORK/again.eml"
expect_out "2" "a reply to a resolved ticket"
expect_err_has "ticket 2 reopened" "reopens it"
expect_eq "$(q "SELECT status || '|' || reopen_count FROM ticket WHERE id = 2")" "open|1" "open again, counted"
run ticket resolve 2 --resolution '已到账'
run ticket close 2
sed 's/tag-2@/tag-3@/' "$WORK/again.eml" >"$WORK/late.eml"
export SVC_NOW=2026-11-23T12:00:00+08:00
run ticket intake <"$WORK/late.eml"
expect_out "5" "a reply to a closed ticket opens a new one"
expect_err_has "related to closed ticket 2" "linked to the closed one"
expect_eq "$(q "SELECT ticket_id || '|' || other_id || '|' || kind FROM ticket_link")" "5|2|related" "the link"
expect_eq "$(q "SELECT status FROM ticket WHERE id = 2")" "closed" "the closed ticket stays closed"

# --- bad input: exit 2, the reason, nothing written -----------------------------------
before=$(dump)
for case in "not-a-mail.txt|not a mail" "no-sender.eml|no sender"; do
    file=${case%%|*}
    run ticket intake <"$MAIL/$file"
    expect_rc 2 "$file"
    expect_err_has "${case#*|}" "$file says why"
done
run ticket intake </dev/null
expect_rc 2 "an empty stdin"
head -c 3000 /dev/zero | tr '\0' 'x' | sed '1s/^/From: a@b.c\n\n/' >"$WORK/big.eml"
run ticket intake --max-size 1K <"$WORK/big.eml"
expect_rc 2 "a mail over --max-size"
expect_err_has "larger than --max-size" "names the flag"
run ticket intake --max-size 12Q <"$MAIL/utf8.eml"
expect_rc 2 "a bad size"
expect_err_has "--max-size: '12Q' is not a size" "names the value"
run ticket intake --format yaml <"$MAIL/utf8.eml"
expect_rc 2 "an unknown input format"
expect_err_has "--format: unknown value 'yaml'" "names the flag"
run ticket intake --format json --attachments "$WORK/x" <<<'{}'
expect_rc 2 "--attachments with json"
echo '{"channel":"chat","text":"x","colour":"red"}' >"$WORK/bad.json"
run ticket intake --format json <"$WORK/bad.json"
expect_rc 2 "a JSON field intake does not know"
expect_err_has "colour: unknown field" "names the field"
expect_eq "$(dump)" "$before" "no bad input wrote anything"

# --- JSON from a bridge; redelivery; reply_to ----------------------------------------
msg='{"channel":"chat","source":"wecom","external_id":"m1","customer":{"name":"李娜","phone":"13900002222"},"text":"快递还没到","time":"2026-11-23T11:50:00+08:00"}'
run ticket intake --format json <<<"$msg"
expect_out "6" "a bridge's message"
expect_eq "$(q "SELECT created_at FROM ticket WHERE id = 6")" "$(epoch 2026-11-23T03:50:00)" \
    "the ticket starts when the customer wrote"
run ticket intake --format json <<<"$msg"
expect_out "6" "delivered twice, taken in once"
run ticket intake --format json <<<'{"channel":"chat","source":"wecom","external_id":"m2","reply_to":"m1","text":"在吗"}'
expect_out "6" "reply_to threads"
expect_eq "$(q "SELECT count(*) FROM ticket")" "6" "no ticket more"

# --- a store that cannot be written: exit 75, the MTA tries again ---------------------
if sqlite_only; then
    run --db "$WORK/missing/none.db" ticket intake <"$MAIL/utf8.eml"
    expect_rc 75 "a store that cannot be opened is a temporary failure"
    expect_err_has "deliver the message again later" "says so"
fi

# --- the recipes of share/examples/mail run as written ------------------------------
# recipe_command FILE: the svc command line of a recipe, with this test's store and
# attachment directory.
recipe_command() {
    grep -o '/usr/bin/svc [^"]*' "$1" | head -1 |
        sed "s|/usr/bin/svc|\"\$SVC\"|; s|/var/lib/svc/svc.db|\"\$SVC_DB\"|; s|/var/lib/svc/attachments|\"\$WORK/recipe\"|"
}
n=0
for recipe in postfix-aliases procmailrc fetchmailrc; do
    n=$((n + 1))
    command=$(recipe_command "$EXAMPLES/$recipe")
    [ -n "$command" ] || failure "$recipe has an svc command line"
    run agent add kefu --name 客服邮箱 --role agent 2>/dev/null
    sed "s/att-1@/recipe-$n@/; s/^Subject: .*/Subject: recipe $recipe/" "$MAIL/attachment.eml" >"$WORK/r.eml"
    OUT=$(WORK=$WORK sh -c "$command" <"$WORK/r.eml" 2>"$WORK/stderr")
    RC=$?
    ERR=$(cat "$WORK/stderr")
    expect_rc 0 "the $recipe command"
    expect_eq "$(q "SELECT summary FROM ticket WHERE id = $OUT")" "recipe $recipe" "$recipe made its ticket"
done
expect_eq "$(ls "$WORK/recipe" | wc -l)" "1" "the recipes saved the attachment (once: same content)"

# --- the webhook bridge -----------------------------------------------------------
"$EXAMPLES/svc-intake-webhook" --port 0 --token secret --svc "$SVC" -- --db "$SVC_DB" --as kefu 2>"$WORK/webhook.log" &
webhook=$!
for _ in $(seq 50); do
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/webhook.log")
    [ -n "$port" ] && break
    sleep 0.1
done
post() { # post BODY [TOKEN]: prints "STATUS BODY"
    python3 - "$port" "$1" "${2:-secret}" <<'EOF'
import sys, urllib.request, urllib.error
port, body, token = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers={"Authorization": "Bearer " + token})
try:
    with urllib.request.urlopen(req) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
EOF
}
OUT=$(post '{"channel":"social","source":"douyin","external_id":"c-1","customer":{"name":"王五","phone":"13700001111"},"text":"评论区投诉: 发货太慢"}')
expect_eq "$OUT" '200 {"ticket": 10}' "the bridge takes a message in"
OUT=$(post '{"channel":"social","source":"douyin","external_id":"c-1","customer":{"name":"王五","phone":"13700001111"},"text":"评论区投诉: 发货太慢"}')
expect_eq "$OUT" '200 {"ticket": 10}' "and a redelivery to the same ticket"
OUT=$(post '{"channel":"fax","text":"x"}')
expect_out_has "400" "a bad message is 400"
expect_out_has "channel: unknown value 'fax'" "with svc's reason"
OUT=$(post '{"channel":"chat","text":"x"}' wrong)
expect_out_has "401" "a wrong token is refused"
kill "$webhook" 2>/dev/null
wait "$webhook" 2>/dev/null

finish
