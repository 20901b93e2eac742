# Stage 1: the README's two commands' first, a payroll through payment.service read back and notified once, every
# kind of bad input refused and nothing stored, the page. Needs: the engine (a fresh lab).
log "stage 1"
run_readme stage1-up
run_readme stage1-payroll
expect "POST /payroll through payment.service is 201" "$OUT" "HTTP/1.1 201"
expect "Location header" "$OUT" "Location: /payroll/"
first_id=$(grep -o '"id":[0-9]*' <<<"$OUT" | head -1 | cut -d: -f2)
run_readme stage1-read
expect "GET /payroll/$first_id reads it back" "$OUT" "\"id\":$first_id,\"shipTo\":\"Juablaz\""
expect "the monolith notified" "$OUT" "Notification sent to Juablaz: Payroll $first_id shipped to Juablaz of 320"

ship_to="ci-$RANDOM$RANDOM"
resp=$(call -H 'Content-Type: application/json' -d "{\"shipTo\":\"$ship_to\",\"total\":12.50}" http://127.0.0.1/payroll)
expect "a payroll through nginx with Host: payment.service is 201" "$resp" "201 application/json"
id=$(grep -o '"id":[0-9]*' <<<"$resp" | cut -d: -f2)
[[ $(notification_lines "$ship_to: Payroll $id shipped to $ship_to of 12.5") -eq 1 ]] \
  || fail "expected exactly one 'Notification sent' line for payroll $id"
echo "ok - exactly one 'Notification sent' line for payroll $id"

before_lines=$(notification_lines)
before_rows=$(payroll_count)
run_readme stage1-bad-input
expect "malformed JSON through payment.service is 400" "$OUT" "HTTP/1.1 400"
expect "as problem+json" "$OUT" "Content-Type: application/problem+json"
expect "saying what is wrong" "$OUT" '"detail":"Malformed JSON"'
page_check stage-1 -Ddashboard.route=monolith-v1 -Ddashboard.shown=route,served \
  -Ddashboard.absent=comparison,differences,experiment,canary,comparing-proxy
check_refused() { # description, expected "status type", curl args...
  local what=$1 want=$2; shift 2
  local got; got=$(call "$@")
  expect "$what is $want" "$got" "$want"
}
check_refused "wrong types" "400 application/problem+json" -H 'Content-Type: application/json' -d '{"shipTo":12,"total":"320"}' http://127.0.0.1/payroll
check_refused "unknown field" "400 application/problem+json" -H 'Content-Type: application/json' -d '{"shipTo":"a","total":1,"x":1}' http://127.0.0.1/payroll
check_refused "three decimals" "400 application/problem+json" -H 'Content-Type: application/json' -d '{"shipTo":"a","total":1.001}' http://127.0.0.1/payroll
check_refused "wrong content type" "415 application/problem+json" -H 'Content-Type: text/plain' -d 'shipTo=a' http://127.0.0.1/payroll
check_refused "wrong method" "405 application/problem+json" -X DELETE http://127.0.0.1/payroll/1
check_refused "unknown route" "404 application/problem+json" http://127.0.0.1/nowhere
check_refused "oversized body" "413 application/problem+json" -H 'Content-Type: application/json' --data-binary "{\"shipTo\":\"$(head -c 20000 /dev/zero | tr '\0' x)\",\"total\":1}" http://127.0.0.1/payroll
[[ $(notification_lines) -eq $before_lines ]] || fail "bad input produced a 'Notification sent' line"
[[ $(payroll_count) -eq $before_rows ]] || fail "bad input stored a payroll"
echo "ok - bad input stored nothing ($before_rows payrolls) and notified nothing ($before_lines lines)"
refuses_climbing_paths 80 8080 8089

