# Example 2, the real-time experiment: monolith-v2 alone in experiment mode, its verdict and the course's line, the
# report, a different wording found and acknowledged, the microservice stopped (every payroll 201, every candidate
# counted as failed). Needs: stages 1 and 2 up; Example 4's replicas and analysis are stopped here.
log "Example 2: the real-time experiment"
# Example 4's replicas of monolith-v2 run the parallel run; Example 2 is monolith-v2 alone, in experiment mode.
docker compose -f docker-compose/4_docker-compose.yml stop monolith-v2-replica canary-analysis
experiment_report() { curl -s "http://127.0.0.1:8082/experiment/notify/report?size=${1:-1}"; }
experiment_total() { experiment_report | grep -o "\"totals\":{[^}]*}" | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }
OUT=$(call http://127.0.0.1:8082/experiment/notify)
expect "out of experiment mode, /experiment is a 404" "$OUT" "404 application/problem+json"
expect "saying how to start the experiment" "$OUT" "runs in parallel-run mode, without the experiment: start it with NOTIFICATION_MODE=experiment"
run_readme experiment-up
await "payment.service points to monolith-v2" 30 proxy_points_to monolith-v2
run_readme experiment-check
expect "a payroll through payment.service" "$OUT" '"shipTo":"Juablaz","total":320.00'
expect "the experiment's verdict is true" "$(sed -n 2p <<<"$OUT")" "true"
expect "the course's line" "$OUT" "The ScientistExperiment result with compare oldCode/newCode is 0 mismatch"
expect "through payment.service /experiment is 404" "$(call http://127.0.0.1/experiment/notify)" "404 application/problem+json"
run_readme experiment-report
expect "the report has both sides' latency" "$OUT" '"latency":{'
expect "and the totals" "$OUT" '"MATCHED":'
expect "and how strong its verdict is" "$OUT" '"mismatchRate":{"compared":'
run_readme experiment-template
expect "a different wording makes the verdict false" "$OUT" $'\nfalse\n'
expect "the mismatch shows the monolith's message" "$OUT" '"controlValue":"Juablaz: Payroll '
expect "and the microservice's" "$OUT" ' shipped to Juablaz for 320"'
expect "it is observation 1" "$OUT" '"content":[{"id":1,'
run_readme experiment-acknowledge
expect "acknowledged with who and why" "$OUT" '"acknowledgedBy":"ana","acknowledgementReason":"new wording approved by product"'
expect "the verdict is true again" "$(curl -s http://127.0.0.1:8082/experiment/notify)" "true"
candidate_failures() { echo $(( $(experiment_total CANDIDATE_FAILED) + $(experiment_total TIMED_OUT) )); }
failed_before=$(candidate_failures)
run_readme experiment-outage
expect "users saw nothing while the microservice was down" "$OUT" "sent=100 ok=100 non_2xx=0 connection_errors=0 "
all_outage_failed() { (( $(candidate_failures) - failed_before == 100 )); }
await "the 100 candidates of the outage counted as failed or timed out" 15 all_outage_failed
[[ $(lines_for 'Notification sent to load-') -ge 100 ]] || fail "the payrolls of the outage were not notified"
EXPERIMENT="microservice stopped: 100 payrolls all 201, 100 candidates failed or timed out; totals: $(experiment_report | grep -o '"totals":{[^}]*}')"
echo "ok - $EXPERIMENT"
figure "experiment" "$EXPERIMENT"
page_check example-2-experiment -Ddashboard.route=monolith-v2 -Ddashboard.shown=route,served,experiment

