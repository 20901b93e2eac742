# Example 4, the canary release, on the stack its walkthrough brings up: the list, the cold load at 150/s, past the knee
# (800/s, then 100/s), the knee, the split at 10/50/90 %, sticky users, served counts against the generator's table,
# the ramp and rollback under load, and the automated analysis: one release promoted across a restart, two rolled
# back (5xx, a different wording). Needs: stages 1 and 2 up, stage 3 stopped.
log "Example 4: the canary release"
# The generator's table: "version (all) requests share % errors ..." and "instance requests share % errors ..." rows.
share_of() { awk -v v="$1" '$1 == v && $2 == "(all)" { print $4 }' <<<"$2"; }
# The generator's answer table in one line: "201 1990 99.5 % 0 ...; 503 10 0.5 % 10 ...".
answers_of() { awk '/^answer +requests/ { on = 1; next } on && NF { $1 = $1; print }' <<<"$1" | paste -sd';' -; }
errors_of() { awk -v v="$1" '$1 == v && $2 == "(all)" { print $6 }' <<<"$2"; }
requests_of() { awk -v v="$1" '$1 == v && $2 == "(all)" { print $3 }' <<<"$2"; }
instance_rows() { awk 'length($1) == 6 && $1 ~ /^[0-9a-f]+$/ && $3 ~ /^[0-9.]+$/ { print $1, $2 }' <<<"$1"; }
within() { awk -v v="$1" -v w="$2" -v d="$3" 'BEGIN { exit !(v >= w - d && v <= w + d) }'; }
check_share() { # weight, generator output, errors allowed in % (default 0)
  local canary requests errors; canary=$(share_of monolith-v2 "$2")
  within "${canary:-0}" "$1" 3 || fail "at weight $1, monolith-v2 served ${canary:-0} % of the requests"
  requests=$(awk '$1 == "total" { print $2 }' <<<"$2")
  errors=$(awk '$1 == "total" { print $5 }' <<<"$2")
  awk -v e="$errors" -v n="$requests" -v max="${3:-0}" 'BEGIN { exit !(n > 0 && 100 * e / n <= max) }' \
    || fail "at weight $1, $errors of $requests requests failed (at most ${3:-0} %): $(answers_of "$2")"
  figure "canary at weight $1" "monolith-v2 served $canary % of $requests requests, $errors failed"
  echo "ok - at weight $1 monolith-v2 served $canary % of the requests (within ±3 points), $errors of $requests failed"
}
# Each instance's own count and its version's, as GET /inventory answers them through payment.service: asked 60
# times at weight 50, every instance answers at least once (each misses 60 times with a chance of 3 in 10^8).
inventory_snapshot() {
  local i
  for i in $(seq 60); do curl -s payment.service/inventory; echo; done \
    | sed -n 's/.*"service":"\([^"]*\)".*"instance":"\([^"]*\)",.*"served":\([0-9]*\),"cluster":{"instances":[0-9]*,"served":\([0-9]*\)}.*/\1 \2 \3 \4/p' \
    | sort -u
}

run_readme canary-up
refuses_climbing_paths 8086
expect "under compose, GET /rollouts says where rolling updates are watched" "$(call http://127.0.0.1:8086/rollouts)" \
  "the canary analysis watches rolling updates when the lab runs on Docker Swarm"
run_readme canary-list
expect "GET /payroll lists the payrolls through payment.service" "$OUT" '"content":[{"id":'
expect "capped to the size asked" "$OUT" '"page":{"size":2,"number":0,'
expect "the answer names who served it" "$OUT" "X-Served-By: monolith-v1/"
run_readme canary-10
expect "payment.service splits 90/10" "$OUT" "payment.service -> monolith-v1:8080, canary monolith-v2:8080 at 10 %"
# Right after the stack came up, as a user runs it: every instance warmed itself up before it said it was ready.
run_readme canary-generator
check_share 10 "$OUT" 20
# Every request answered (no timeout, no connection error); how many 2xx depends on the machine's speed: the goal is
# the lab's target, the floor catches a collapse (before admission control and the warm-up: 14 % at 150/s).
unanswered=$(awk '/^answer +requests/ { f = 1; next } f && NF && $1 !~ /^[0-9]+$/ { n += $1 == "timeout" ? $2 : $3 }
  END { print n + 0 }' <<<"$OUT")
(( unanswered == 0 )) || fail "right after start-up, $unanswered requests got no answer"
target "2xx % right after start-up, 150/s, canary at 10 %" "$(ok_percent "$OUT")" ge 99 80
figure "Example 4 right after start-up, 150/s for 20 s, canary at 10 %" "$(grep 'answered 2xx' <<<"$OUT")"
[[ $(instance_rows "$OUT" | wc -l) -eq 4 ]] || fail "expected 4 instances in the generator's table"
echo "ok - requests spread over both instances of each version"
run_readme canary-inventory
expect "an instance answers for its version" "$OUT" '"cluster":{"instances":2,'
# A weight the proxy cannot read: refused, the split in force stays; that split asked for again is live at once (the
# proxy used to wait for a change with nothing to reload, and the switch gave up after 30 s).
OUT=$(CANARY_WEIGHT=15% docker compose -f docker-compose/4_docker-compose-proxy.yml up -d 2>&1) && fail "a weight of 15% was taken: $OUT"
expect "a weight of 15% refused" "$(docker compose -f docker-compose/4_docker-compose-proxy.yml logs payment-proxy-switch 2>&1)" \
  "payment.service refused the route 'monolith-v1:8080 monolith-v2:8080 15%'"
expect "the split in force stays" "$(curl -s http://127.0.0.1/proxy/health)" "canary monolith-v2:8080 at 10 %"
asked=$SECONDS
OUT=$(./lab canary 10 2>&1) || fail "the weight in force, asked for again after a refused one: $OUT"
(( SECONDS - asked <= 10 )) || fail "the weight in force, asked for again after a refused one, took $(( SECONDS - asked )) s"
echo "ok - the weight in force, asked for again, live in $(( SECONDS - asked )) s"

log "the knee of Example 4's stack (canary at 10 %) through payment.service"
watch_machine
run_readme knee-example4
machine_was "Example 4's knee"
containers_cpu "Example 4's knee" "$OUT"
KNEE_EXAMPLE4=$(knee_of http://payment.service/payroll "$OUT")
[[ -n $KNEE_EXAMPLE4 ]] || fail "the capacity mode found no knee"
figure "the knee of Example 4's stack, canary at 10 %" "${KNEE_EXAMPLE4}/s through payment.service"
if [[ -n ${KNEE_STAGE1:-} ]]; then
  target "Example 4's knee / stage 1's knee, through payment.service" \
    "$(awk -v a="$KNEE_EXAMPLE4" -v b="$KNEE_STAGE1" 'BEGIN { printf "%.2f", a / b }')" ge 0.50 0.30
fi

log "past the knee: 800 payrolls a second through payment.service for 10 s, then 100 a second"
rows_before=$(payroll_count)
lines_before=$(lines_for 'Notification sent')
run_readme load-overload
OVERLOAD=$(awk '/^sending /{ n++ } n == 1' <<<"$OUT")
outcomes=$(awk '/^answer +requests/ { f = 1; next } f && NF { print $1 }' <<<"$OVERLOAD" | sort -u | paste -sd, -)
[[ $outcomes == 201,503 || $outcomes == 201 ]] || fail "past the knee, answers other than 201 and 503: $outcomes"
echo "ok - past the knee every request was answered 201 or 503: no timeout, no connection error, no nginx 500"
read -r refused said_when <<<"$(awk '$1 == "503" { print $2, $5 }' <<<"$OVERLOAD")"
[[ ${refused:-0} == "${said_when:-0}" ]] || fail "$said_when of $refused answers 503 said when to retry"
echo "ok - each of the ${refused:-0} answers 503 carried Retry-After"
OVERLOAD_OK=$(awk '$1 == "201" { print $2 }' <<<"$OVERLOAD")
OVERLOAD_SECONDS=$(grep -o 'requests in [0-9.]* s' <<<"$OVERLOAD" | grep -o '[0-9.]*')
OVERLOAD_P99=$(awk '$1 == "total" { print $8 }' <<<"$OVERLOAD")
GOODPUT=$(awk -v n="$OVERLOAD_OK" -v s="$OVERLOAD_SECONDS" 'BEGIN { printf "%d", n / s }')
# Goodput past the knee against the knee itself: a stack that degrades gracefully keeps serving a good part of its
# capacity while it refuses the rest (0.68-0.75 on a 2-core machine; 0.46 on one four times slower, where the
# generator sending 800 a second takes much of the two cores itself).
target "payrolls served a second while 800 a second were sent" "$GOODPUT" ge 250 0
target "goodput at 800/s / the knee of Example 4's stack" \
  "$(awk -v a="$GOODPUT" -v b="$KNEE_EXAMPLE4" 'BEGIN { printf "%.2f", a / b }')" ge 0.80 0.30
target "p99 of every answer past the knee, ms" "$OVERLOAD_P99" le 2000 8000   # the floor: well before a timeout
expect "5 s later, 100 a second: every payroll answered 201" "$(awk '/^sending /{ n++ } n == 2' <<<"$OUT")" "1,000 answered 2xx, 0 errors"
kept=$(( $(payroll_count) - rows_before ))
(( kept == OVERLOAD_OK + 1000 )) || fail "$((OVERLOAD_OK + 1000)) payrolls were answered 201, $kept were stored"
echo "ok - the $((OVERLOAD_OK + 1000)) payrolls answered 201 were all stored, and nothing else"
# Stage 3's containers are stopped here: count the overload's own lines, not every payroll's.
overload_notified() { (( $(lines_for 'Notification sent') - lines_before == OVERLOAD_OK + 1000 )); }
await "exactly one 'Notification sent' line for each of them" 60 overload_notified
await "the parallel run's verdict is true again by itself once the load stopped" 90 comparation_is true
figure "past the knee, 800/s for 10 s" "$(grep 'answered 2xx' <<<"$OVERLOAD"); goodput ${GOODPUT}/s, p99 of every answer ${OVERLOAD_P99} ms"

run_readme canary-sticky
[[ $(grep -c '50 always served by the same version, 0 by more than one' <<<"$OUT") -eq 2 ]] \
  || fail "a user was served by both versions at one weight"
moved=$(paste -d' ' /tmp/users-at-10.txt /tmp/users-at-50.txt | awk '$1 == $3 && $2 != $4 { print $2 " -> " $4 }' | sort | uniq -c)
[[ $(wc -l </tmp/users-at-10.txt) -eq 50 && $(wc -l </tmp/users-at-50.txt) -eq 50 ]] || fail "expected 50 users in each run"
grep -q 'monolith-v2 -> monolith-v1' <<<"$moved" && fail "a user moved back from the canary to the primary: $moved"
STICKY=$(awk '{ print $2 " -> " $4 }' <(paste -d' ' /tmp/users-at-10.txt /tmp/users-at-50.txt) | sort | uniq -c | paste -sd';' -)
echo "ok - 50 users kept their side at 10 and at 50; from 10 to 50 none moved back: $STICKY"
figure "canary stickiness, 50 users from weight 10 to 50" "$STICKY"

# At 50 (where the sticky block left it): the generator's per-instance table against GET /inventory.
sleep 2   # each instance publishes its count about once a second
before=$(inventory_snapshot)
[[ $(wc -l <<<"$before") -eq 4 ]] || fail "GET /inventory did not answer from all 4 instances: $before"
GEN50=$(generate http://payment.service/payroll 20 "$PAYROLL" --rate 100 --max-error-rate 100)   # check_share judges
echo "$GEN50" | tail -12
check_share 50 "$GEN50"
counts_agree() {
  local after version instance served cluster b_served b_cluster got
  after=$(inventory_snapshot)
  [[ $(wc -l <<<"$after") -eq 4 ]] || return 1
  while read -r version instance served cluster; do
    read -r b_served b_cluster <<<"$(awk -v i="$instance" '$2 == i { print $3, $4 }' <<<"$before")"
    got=$(awk -v i="$instance" '$1 == i { print $2 }' <<<"$(instance_rows "$GEN50")")
    (( served - b_served == ${got:-0} )) || return 1
    (( cluster - b_cluster == $(requests_of "$version" "$GEN50") )) || return 1
  done <<<"$after"
}
await "GET /inventory's counts agree with the generator's table, per instance and per version" 15 counts_agree

./lab canary 90 >/dev/null
GEN90=$(generate http://payment.service/payroll 20 "$PAYROLL" --rate 100 --max-error-rate 100)
check_share 90 "$GEN90"

# The full ramp and the rollback to stage 1 under load: not one request may fail. The load goes on for 5 s on stage 1,
# then stops (it waits for its answers and reports).
generate http://payment.service/payroll 120 "$PAYROLL" --rate 50 >/tmp/ci-ramp 2>&1 &
load=$!
run_readme canary-ramp
run_readme canary-rollback
proxy_points_to monolith-v1 || fail "the rollback's command returned before payment.service pointed to monolith-v1"
sleep 5
kill "$load" 2>/dev/null || fail "the load of 120 s ended before the rollback was over"
wait "$load" || { tail -15 /tmp/ci-ramp; fail "requests failed while moving the weight"; }
RAMP=$(grep 'answered 2xx' /tmp/ci-ramp)
expect "0 → 10 → 20 → 50 → 100 → 0 and the rollback under load" "$RAMP" "answered 2xx, 0 errors"
figure "canary ramp 0 -> 10 -> 20 -> 50 -> 100 -> 0 and rollback under 50 requests/s" "$RAMP"

# The canary analysis: a healthy release promoted (the analysis restarted in the middle of it), one answering 20 %
# 5xx rolled back, one whose microservice notifies differently rolled back on the parallel run's verdict.
release_json() { curl -s --max-time 5 localhost:8086/release; }
release_field() { release_json | grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
release_done() { local status; status=$(release_field status); [[ -n $status && $status != PROGRESSING ]]; }
proxy_route_is() { [[ $(curl -s --max-time 2 http://127.0.0.1/proxy/health) == "payment.service -> $1" ]]; }
release_at() { release_json | grep -q "\"weight\":$1,"; }
released() { # what, README block, expected status, outcome's start, seconds at most
  local what=$1 block=$2 status=$3 outcome=$4 seconds=$5 load started took json
  generate http://payment.service/payroll "$seconds" "$PAYROLL" --rate 50 --max-error-rate 100 >/tmp/ci-release 2>&1 &
  load=$!
  started=$SECONDS
  run_readme "$block"
  expect "$what: the release started" "$OUT" '"status":"PROGRESSING"'
  [[ $what != healthy ]] || {
    await "$what: the release reached its second step" 60 release_at 50
    docker compose -f docker-compose/4_docker-compose.yml restart canary-analysis
    ./lab wait 4
  }
  await "$what: the release ended" "$seconds" release_done
  took=$(( SECONDS - started ))
  json=$(release_json)
  expect "$what: $status" "$json" "\"status\":\"$status\""
  expect "$what: the reason is in the history" "$json" "\"outcome\":\"$outcome"
  if [[ $what == healthy ]]; then
    expect "the restart was resumed" "$json" "the analysis restarted: step 2 resumes at 50 %"
    await "payment.service sends everyone to monolith-v2" 10 proxy_route_is "monolith-v1:8080, canary monolith-v2:8080 at 100 %"
  else
    await "payment.service is back on monolith-v1" 10 proxy_route_is "monolith-v1:8080, canary monolith-v2:8080 at 0 %"
  fi
  kill "$load" 2>/dev/null; wait "$load" 2>/dev/null || true
  # The generator's last progress line counts every answer so far.
  [[ $what != healthy ]] || expect "no request failed during the healthy release, the restart included" \
    "$(grep '^\[' /tmp/ci-release | tail -1)" "  errors 0  "
  figure "canary release, $what" "$status in ${took}s: $(release_field outcome)"
  echo "ok - $what release: $status in ${took}s"
}
released healthy canary-release PROMOTED "promoted: every check held" 150
run_readme canary-release-status
expect "GET /release shows the release" "$OUT" '"history":['

run_readme canary-faults
released "20 % 5xx" canary-faults-release ROLLED_BACK "rolled back to 0 %: errors failed: " 60
run_readme canary-faults-off
run_readme canary-template
released "a different notification" canary-template-release ROLLED_BACK "rolled back to 0 %: parallel run failed: " 90
curl -s localhost:8086/actuator/prometheus | grep -E '^canary_(weight|releases_total)' || fail "the analysis' meters"
page_check example-4-canary -Ddashboard.shown=route,served,comparison,differences,canary "-Ddashboard.verdict=differences open"
run_readme canary-template-restore

