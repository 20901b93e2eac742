# Stage 2, the parallel run: monolith-v2 and the spy, payment.service moved under load (its command returns once the
# route is live), N payrolls notified once and recorded once by the spy, the comparison true, and true all along under
# a steady load. Needs: stage 1 up (the stage-1 chapter).
log "stage 2"
run_readme stage2-up
run_readme stage2-direct
expect "POST /payroll on monolith-v2 directly is 201" "$OUT" "HTTP/1.1 201"
direct_id=$(grep -o '"id":[0-9]*' <<<"$OUT" | head -1 | cut -d: -f2)
await "the spy recorded payroll $direct_id" 30 curl -fs -o /dev/null "http://127.0.0.1:8081/notifications/$direct_id"
run_readme stage2-spy
refuses_climbing_paths 8081 8082 8083
expect "the spy built the course's message itself" "$OUT" "\"payrollId\":$direct_id,\"recipient\":\"Juablaz\",\"message\":\"Payroll $direct_id shipped to Juablaz of 320\",\"delivery\":\"SPY\""
switch_under_load stage2-proxy monolith-v2
run_readme stage2-payroll
expect "POST /payroll through payment.service is 201" "$OUT" "HTTP/1.1 201"
expect "monolith-v2 sent the notification" "$OUT" "monolith-v2"

N=${CI_N:-20}
IDS=()
send_payrolls ci-n "$N"
await "the spy holds all $N records" 30 spy_has_all
[[ $(lines_for 'Notification sent to ci-n-') -eq $N ]] || fail "expected exactly $N 'Notification sent' lines for ci-n-*"
echo "ok - exactly $N 'Notification sent' lines for the $N payrolls"
[[ $(sql notification "SELECT count(*) FROM notification WHERE ship_to LIKE 'ci-n-%' AND delivery = 'SPY'") -eq $N ]] \
  || fail "expected $N spy records"
expect "the spy logs what it recorded, per batch" "$(docker compose -f docker-compose/2_docker-compose.yml logs notification-ms-spy)" \
  "Notifications recorded (spy, not sent): "
echo "ok - exactly $N spy records, none of them sent"

log "comparison"
await "the grace period has passed" 30 grace_elapsed
run_readme stage2-compare
expect "comparation is true after $N payrolls" "$(head -1 <<<"$OUT")" "true"
expect "the batch logs the course's line" "$OUT" "ConsumitionsCount: "
run_readme stage2-report
expect "the report agrees" "$OUT" '"consistent":true'
expect "and says how strong its verdict is" "$OUT" ' mismatched: below '
figure "the parallel run's verdict, how strong" "$(grep -o '"mismatchRate":{[^}]*}' <<<"$OUT" | grep -o '"summary":"[^"]*"')"
expect "asking again gives the same answer" "$(comparation)" "true"

log "the verdict under steady load: never a phantom difference"
LOAD_RATE=${CI_LOAD_RATE:-20}
LOAD_SECONDS=${CI_LOAD_SECONDS:-60}
pairs_before=$(report_total pairsCompared)
tools/scripts/payroll-load "$LOAD_RATE" "$LOAD_SECONDS" http://payment.service/payroll ci-steady >/tmp/ci-steady &
load=$!
ANSWERS=0
FALSES=0
while kill -0 "$load" 2>/dev/null; do
  answer=$(comparation)
  ANSWERS=$((ANSWERS + 1))
  if [[ $answer != true ]]; then
    FALSES=$((FALSES + 1))
    echo "answer $ANSWERS: $answer"
  fi
  sleep 1
done
wait "$load"
STEADY=$(cat /tmp/ci-steady)
echo "load: $STEADY"
[[ $STEADY == *" non_2xx=0 connection_errors=0 "* ]] || fail "payrolls failed under steady load: $STEADY"
echo "comparation asked $ANSWERS times (once a second) while $LOAD_RATE payrolls a second flowed for ${LOAD_SECONDS}s: $FALSES false"
(( FALSES == 0 )) || fail "comparation answered false $FALSES times under steady matching traffic"
(( ANSWERS >= LOAD_SECONDS - 5 )) || fail "comparation was asked only $ANSWERS times"
await "every pair of the load compared" 40 all_compared_since "$pairs_before" $((LOAD_RATE * LOAD_SECONDS))
expect "still true once all are compared" "$(comparation)" "true"
report_open_zero() { [[ $(report_total missingInCandidate) == 0 && $(report_total fieldMismatch) == 0 && $(report_total missingInMonolith) == 0 ]]; }
report_open_zero || fail "the steady load left differences open"
echo "ok - $(( $(report_total pairsCompared) - pairs_before )) pairs compared, no difference ever recorded"
figure "the verdict under steady load" "$LOAD_RATE payrolls/s for ${LOAD_SECONDS}s ($STEADY); comparation asked $ANSWERS times: $FALSES false"

