# ./lab and the scripts users run need nothing the bash a Mac ships (3.2) lacks.
log "scripts run on the bash a Mac ships"
tools/scripts/lint-bash32 lab tools/scripts/payroll-load tools/scripts/payroll-latency \
  tools/scripts/parallel-run-overhead tools/scripts/outbox-drain tools/scripts/stack-drift \
  tools/scripts/startup-time
