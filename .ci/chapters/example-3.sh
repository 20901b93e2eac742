# Example 3, the comparing proxy: equal once the noise is told apart, a candidate writing totals as text (412 naming
# the field with both values), subset mode, mirroring, the candidate down (mirroring still answers; the verdict is a
# 502 naming it), all back. Needs: the engine; the example brings its own targets up and down.
log "Example 3: the comparing proxy"
COMPARE="docker compose -f docker-compose/comparing-proxy_docker-compose.yml"
answer() { grep '^{' <<<"$OUT" | sed -n "$1p"; }  # the Nth JSON answer of a block, compose's progress lines aside
run_readme compare-up
refuses_climbing_paths 8087 8088
run_readme compare-equal
expect "a POST through the proxy is equal once the noise is told apart" "$(answer 1)" '"endpoint":"POST /payroll","method":"POST","path":"/payroll","outcome":"equal"'
expect "the two primaries' createdAt is the noise" "$(answer 1)" '"noise":["/body/createdAt"]'
expect "GET /payroll/{id} is equal" "$(answer 2)" '"endpoint":"GET /payroll/{id}","method":"GET","path":"/payroll/1","outcome":"equal"'
[[ $($COMPARE logs compare-primary | grep -c 'Notification sent to Juablaz') -eq 1 ]] || fail "the primary did not notify the POST once"
[[ $($COMPARE logs compare-secondary compare-candidate | grep -c 'Notification sent' || true) -eq 0 ]] \
  || fail "a shadow target notified"
echo "ok - the POST notified once, by the primary; the secondary and the candidate notified nobody"
run_readme compare-text-totals
expect "a candidate writing totals as text is a 412" "$OUT" '"title":"The candidate answered differently","status":412'
expect "naming the field with both values" "$OUT" '"detail":"1 difference: /body/total: primary 320.00, candidate \"320.00\""'
expect "the difference in full" "$OUT" '{"pointer":"/body/total","kind":"field mismatch","primary":320.00,"candidate":"320.00","noise":false}'
figure "comparing proxy, a candidate writing totals as text" "$(grep '^{' <<<"$OUT" | head -1)"
page_check example-3-comparing-proxy -Ddashboard.shown=comparing-proxy \
  '-Ddashboard.expect=comparing-proxy=/body/total: 320.00 to "320.00"'
run_readme compare-subset
expect "strict refuses an added field" "$(answer 1)" '"detail":"1 difference: /body/currency: primary null, candidate \"EUR\""'
expect "as added by the candidate" "$(answer 1)" '"kind":"added by candidate"'
expect "subset accepts it" "$(answer 2)" '"endpoint":"GET /payroll/{id}","method":"GET","path":"/payroll/1","outcome":"equal"'
run_readme compare-mirror
expect "mirroring answers with the primary's own payroll" "$(answer 1)" '{"id":2,"shipTo":"Juablaz","total":320.00,'
expect "DELETE is refused" "$(answer 2)" '"status":405,"title":"Unsafe method not allowed"'
expect "the report counts the POST" "$OUT" '"totals":[{"endpoint":"POST /payroll","equal":1,"different":0,"failed":0,'
expect "and says how strong one equal answer is" "$OUT" '"summary":"0 of 1 mismatched: below 95 % at 95 %"'
$COMPARE stop compare-candidate
mirrored=$(curl -s --max-time 15 -o /dev/null -w '%{http_code} %{time_total}' http://127.0.0.1:8087/payroll/2)
expect "with the candidate down, mirroring still answers the primary's payroll" "$mirrored" "200 "
comparison_failed() { curl -s http://127.0.0.1:8088/actuator/comparisons | grep -q '"endpoint":"GET /payroll/{id}","equal":0,"different":0,"failed":1'; }
await "the comparison without a candidate counted as failed" 15 comparison_failed
curl -s http://127.0.0.1:8088/actuator/comparisons | grep -o '"failures":{[^}]*}' | head -1
COMPARINGPROXY_ANSWER=verdict $COMPARE up -d --wait --no-deps comparing-proxy
down=$(curl -s --max-time 15 -w ' %{http_code}' http://127.0.0.1:8087/payroll/2)
expect "with the candidate down, the verdict is a 502 naming it" "$down" '"failures":{"candidate":'
expect "a 502, not a hang" "$down" " 502"
$COMPARE up -d --wait
expect "all back: equal again" "$(curl -s http://127.0.0.1:8087/payroll/2)" '"outcome":"equal"'
$COMPARE down
# Its targets are built under names of their own: the stages' containers still run the images their names give, so
# the stages' next `up` leaves them running.
for service in monolith-v1 monolith-v2; do
  running=$(docker inspect -f '{{.Image}}' "docker-compose-$service-1" 2>/dev/null) || continue   # not up: nothing to keep
  [[ $running == "$(docker image inspect -f '{{.Id}}' "parallel-run-lab/$service:latest")" ]] \
    || fail "after Example 3, parallel-run-lab/$service:latest is no longer the image $service runs"
  echo "ok - $service still runs the image named parallel-run-lab/$service:latest"
done

