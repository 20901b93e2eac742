# A microservice that words the notification differently: the comparison names exactly the affected payrolls with both
# messages, the page shows them (a blank reason refused, one acknowledged through its form), every difference
# acknowledged makes it true again, and the course's wording is restored. Needs: stage 2 up.
log "a different wording in the microservice"
run_readme stage2-template
PAYROLL_ID=$(grep -o 'payroll [0-9]*' <<<"$OUT" | cut -d' ' -f2)
[[ -n $PAYROLL_ID ]] || fail "the README's template block printed no payroll id"
IDS=()
send_payrolls ci-t 5
await "the grace period and the lateness window have passed" 40 window_elapsed
expect "comparation is false with the changed wording" "$(comparation)" "false"
affected=$(printf '%s\n' "$PAYROLL_ID" "${IDS[@]}" | sort -n | paste -sd, -)
[[ $(report_ids FIELD_MISMATCH) == "$affected" ]] || fail "field mismatches $(report_ids FIELD_MISMATCH) != $affected"
report=$(curl -s 'http://127.0.0.1:8083/notification/comparation/report?size=500')
expect "the report shows the monolith's message" "$report" "\"monolithMessage\":\"Payroll $PAYROLL_ID shipped to Juablaz of 320\""
expect "and the microservice's" "$report" "\"candidateMessage\":\"Payroll $PAYROLL_ID shipped to Juablaz for 320\""
echo "ok - the report shows both messages for exactly the 6 affected payrolls"
# The page shows them; a blank reason is refused there with the comparison's own words, and the latest difference
# acknowledged through its form moves to the acknowledged ones (acknowledged again by the loop below: no harm).
page_check stage-2 -Ddashboard.route=monolith-v2 -Ddashboard.shown=route,served,comparison,differences \
  -Ddashboard.absent=experiment,canary,comparing-proxy "-Ddashboard.verdict=differences open" -Ddashboard.acknowledge=true
for id in "${IDS[@]}"; do
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"by":"ci","reason":"template experiment"}' \
    "http://127.0.0.1:8083/notification/comparation/differences/$id/acknowledgement" || fail "acknowledging $id"
done
export PAYROLL_ID
run_readme stage2-acknowledge
expect "the acknowledgement is kept with who and why" "$OUT" '"acknowledgedBy":"ana","acknowledgementReason":"new wording approved by product"'
expect "comparation is true once every difference is acknowledged" "$(tail -1 <<<"$OUT")" "true"
run_readme stage2-template-restore
IDS=()
send_payrolls ci-r 3
await "the spy holds the 3 payrolls after the restore" 30 spy_has_all
[[ $(sql notification "SELECT count(*) FROM notification WHERE payroll_id IN ($(in_list "${IDS[@]}")) AND message LIKE '% of %'") -eq 3 ]] \
  || fail "the course's wording is not back"
echo "ok - the course's wording is back"
await "the grace period has passed" 30 grace_elapsed
expect "comparation stays true" "$(comparation)" "true"

