# What the parallel run costs the user: monolith-v2 in parallel-run mode against monolith-v1 (latency and throughput
# ratios, the outbox's backlog under saturation), the same with the microservice stopped and 10,000 events waiting,
# then the drain. Needs: stages 1 and 2 up, monolith-v2 in parallel-run mode (as Example 4 leaves it).
# The first benchmark: it comes after the walkthroughs that share stage 2's databases (1 to 4), and ends once the
# hundreds of thousands of events it sends are all compared, so that the work it leaves never slows one that follows;
# and right after Example 4, whose monolith-v2 already runs the parallel run: the `up -d` below leaves it as it is,
# where a start would cost a JVM's start and `./lab wait 2`. (Example 4 recreated it for its last release, so its JIT
# compiler is still busy, and the benchmark's own warm-up waits for that.)
log "what the parallel run costs: monolith-v2 in parallel-run mode against monolith-v1"
# Nothing of Example 4 runs beside the benchmarks.
docker compose -f docker-compose/4_docker-compose.yml stop
OUT=$(docker compose -f docker-compose/2_docker-compose.yml up -d monolith-v2 2>&1)
echo "$OUT"
expect "monolith-v2 kept running from Example 4" "$OUT" "monolith-v2-1  Running"
./lab wait 2
open_differences() {
  curl -s http://127.0.0.1:8083/notification/comparation/report | grep -o '"differences":{"page":0,"size":[0-9]*,"total":[0-9]*' | grep -o '[0-9]*$'
}
nothing_pending() { curl -s http://127.0.0.1:8083/notification/comparation/report | grep -q '"pending":{"monolith":0,"candidate":0}'; }
await "the comparison has settled before the benchmark" 60 nothing_pending
# Example 4's release of a different notification left its differences open, on purpose; the benchmark adds none.
open_before=$(open_differences)
echo "ok - $open_before differences open before the benchmark"
run_readme bench-overhead
OVERHEAD=$(grep -E '^(summary|keep_up):' <<<"$OUT")
OVERHEAD_DETAIL=$(grep -E '^(  (baseline|candidate) |keep-up:)' <<<"$OUT")
overhead_meets_targets "" "$OVERHEAD"
backlog_end=$(ratio backlog_end "$OVERHEAD")
backlog_max=$(ratio backlog_max "$OVERHEAD")
(( backlog_max < 5000 && backlog_end < 5000 )) || fail "the outbox backlog grew under saturation: $OVERHEAD"
figure "parallel run overhead, microservice up" "$OVERHEAD"
figure "parallel run overhead, microservice up, detail" "$(tr '\n' ';' <<<"$OVERHEAD_DETAIL")"
echo "ok - the outbox backlog stayed bounded at saturation: max $backlog_max, end $backlog_end"
run_readme bench-outage
OUTAGE=$(grep -E '^summary:' <<<"$OUT")
OUTAGE_DETAIL=$(grep -E '^(  (baseline|candidate) |prefill:)' <<<"$OUT")
overhead_meets_targets ", microservice stopped" "$OUTAGE"
waiting=$(sql monolith 'SELECT count(*) FROM candidate_delivery WHERE delivered_at IS NULL')
figure "parallel run overhead, microservice stopped" "$OUTAGE; $waiting events waiting"
figure "parallel run overhead, microservice stopped, detail" "$(tr '\n' ';' <<<"$OUTAGE_DETAIL")"
(( waiting >= 10000 )) || fail "expected at least 10,000 events waiting, found $waiting"
echo "ok - $waiting events waited in the outbox during the measure"
run_readme bench-drain
DRAIN=$(grep -E '^drain: backlog=' <<<"$OUT")
figure "outbox drain" "$DRAIN"
per_s=$(ratio per_s "$DRAIN")
target "outbox drain, events/s" "$per_s" ge 1000 300
echo "ok - the outbox drained at $per_s events/s: 10,000 in $(awk -v r="$per_s" 'BEGIN { printf "%.1f", 10000 / r }') s"
await "every waiting event delivered" 60 all_delivered
total_spy=$(sql notification "SELECT count(*) FROM notification WHERE delivery = 'SPY'")
total_outbox=$(sql monolith "SELECT count(*) FROM candidate_delivery WHERE mode = 'PARALLEL_RUN'")
[[ $total_spy -eq $total_outbox ]] || fail "spy has $total_spy records for $total_outbox events"
echo "ok - each of the $total_outbox events recorded once by the microservice"
settled_as_before() { nothing_pending && [[ $(open_differences) == "$open_before" ]]; }
await "the benchmark's pairs all compared and matched: still $open_before differences open" 120 settled_as_before

