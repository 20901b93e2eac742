# What the real-time experiment costs the user: monolith-v2 in experiment mode against monolith-v1. Needs: stages 1
# and 2 up.
log "what the real-time experiment costs: monolith-v2 in experiment mode against monolith-v1"
run_readme bench-experiment
EXPERIMENT_BENCH=$(grep -E '^summary:' <<<"$OUT")
EXPERIMENT_BENCH_DETAIL=$(grep -E '^(  (baseline|candidate) )' <<<"$OUT")
EXPERIMENT_BENCH_TOTALS=$(grep -o '"totals":{[^}]*}' <<<"$OUT")
overhead_meets_targets ", experiment mode" "$EXPERIMENT_BENCH"
figure "experiment overhead" "$EXPERIMENT_BENCH"
figure "experiment overhead, detail" "$(tr '\n' ';' <<<"$EXPERIMENT_BENCH_DETAIL")"
figure "experiment totals after the benchmark" "$EXPERIMENT_BENCH_TOTALS"

