# What the real-time experiment costs the user: monolith-v2 in experiment mode against monolith-v1; then what the
# image's Class Data Sharing archive saves a start, the same image with it and without. Needs: stages 1 and 2 up.
# Right after Example 2, whose monolith-v2 runs the experiment already (the block's `up -d` leaves it as it is, where a
# start would cost a JVM's start and warm-up).
log "what the real-time experiment costs: monolith-v2 in experiment mode against monolith-v1"
# Nothing of Example 4 runs beside the benchmarks.
docker compose -f docker-compose/4_docker-compose.yml stop
run_readme bench-experiment
expect "monolith-v2 kept running from Example 2" "$OUT" "monolith-v2-1  Running"
EXPERIMENT_BENCH=$(grep -E '^summary:' <<<"$OUT")
EXPERIMENT_BENCH_DETAIL=$(grep -E '^(  (baseline|candidate) )' <<<"$OUT")
EXPERIMENT_BENCH_TOTALS=$(grep -o '"totals":{[^}]*}' <<<"$OUT")
overhead_meets_targets ", experiment mode" "$EXPERIMENT_BENCH"
figure "experiment overhead" "$EXPERIMENT_BENCH"
figure "experiment overhead, detail" "$(tr '\n' ';' <<<"$EXPERIMENT_BENCH_DETAIL")"
figure "experiment totals after the benchmark" "$EXPERIMENT_BENCH_TOTALS"

log "starting a service: monolith-v2 with its Class Data Sharing archive and without"
run_readme bench-startup
STARTUP=$(grep -E '^summary:' <<<"$OUT")
target "time to started, with the archive over without" "$(ratio started_ratio "$STARTUP")" le 0.70 0.85
target "CPU until ready, with the archive over without" "$(ratio cpu_ratio "$STARTUP")" le 0.80 0.90
figure "starting monolith-v2, with its archive and without" "$STARTUP"
