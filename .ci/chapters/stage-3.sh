# Stage 3: the final version, the live microservice sending each payroll once and the monolith none; payment.service
# moved there under load, then rolled back to stages 2 and 1 under load; payrolls of every stage readable in each.
# Needs: stages 1 and 2 up (the chapters before).
first_id=${first_id:-1}
direct_id=${direct_id:-$first_id}
log "stage 3"
run_readme stage3-up
refuses_climbing_paths 8084 8085
run_readme stage3-direct
expect "POST /payroll on the final version directly is 201" "$OUT" "HTTP/1.1 201"
s3_direct_id=$(grep -o '"id":[0-9]*' <<<"$OUT" | head -1 | cut -d: -f2)
sent_once() { [[ $(lines_for "Notification sent to Juablaz: Payroll $1 shipped") -eq 1 ]]; }
await "the live microservice sent payroll $s3_direct_id" 30 sent_once "$s3_direct_id"
switch_under_load stage3-proxy final-version
run_readme stage3-payroll
expect "POST /payroll through payment.service is 201" "$OUT" "HTTP/1.1 201"
s3_id=$(grep -o '"id":[0-9]*' <<<"$OUT" | head -1 | cut -d: -f2)
await "the live microservice sent payroll $s3_id" 30 sent_once "$s3_id"
run_readme stage3-logs
page_check stage-3 -Ddashboard.route=final-version -Ddashboard.shown=route,served,comparison,differences \
  -Ddashboard.verdict=consistent -Ddashboard.absent=experiment,canary,comparing-proxy
expect "the microservice sent it" "$OUT" "Notification sent to Juablaz: Payroll $s3_id shipped to Juablaz of 320"
IDS=()
send_payrolls ci-s3 10
final_delivered() { [[ $(sql monolith "SELECT count(*) FROM candidate_delivery WHERE mode = 'MICROSERVICE' AND delivered_at IS NULL") -eq 0 ]]; }
await "every stage 3 event delivered" 30 final_delivered
ms_live=$(docker compose -f docker-compose/3_docker-compose.yml ps -q notification-ms)
[[ $(docker logs "$ms_live" 2>&1 | grep -c 'Notification sent to ci-s3-') -eq 10 ]] || fail "the live microservice did not send the 10 payrolls once each"
[[ $(lines_for 'Notification sent to ci-s3-') -eq 10 ]] || fail "a stage 3 payroll was notified by someone else too"
echo "ok - the 10 stage 3 payrolls were sent once each, by the microservice only"
await "exactly one 'Notification sent' line per payroll across all stages" 30 every_payroll_once
await "the grace period has passed" 30 grace_elapsed
expect "the comparison of the parallel run stays true" "$(comparation)" "true"

log "rollback"
switch_under_load rollback monolith-v2
run_readme rollback-check
expect "payment.service is back on monolith-v2" "$OUT" "payment.service -> monolith-v2:8080"
readable_everywhere() { # stage label
  local id
  for id in "$first_id" "$direct_id" "$s3_direct_id" "$s3_id"; do
    [[ $(call "http://127.0.0.1/payroll/$id") == "200 "* ]] || fail "payroll $id is not readable through payment.service in $1"
  done
  echo "ok - payrolls from stages 1, 2 and 3 are readable through payment.service in $1"
}
readable_everywhere "stage 2"
switch_under_load rollback-stage1 monolith-v1
readable_everywhere "stage 1"
await "exactly one 'Notification sent' line per payroll after every switch" 30 every_payroll_once

# Stage 3's services idle on the same two cores from here on; the examples and the benchmarks use stages 1 and 2.
docker compose -f docker-compose/3_docker-compose.yml stop final-version notification-ms

