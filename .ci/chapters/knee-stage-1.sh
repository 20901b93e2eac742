# Stage 1 alone: the highest rate served well (the knee) through payment.service and on monolith-v1's own port, side
# by side in one run. Needs: stage 1 up, alone.
log "the knee of stage 1 alone, through payment.service and on monolith-v1's own port"
watch_machine
run_readme knee-stage1
machine_was "stage 1's knee"
containers_cpu "stage 1's knee" "$OUT"
KNEE_STAGE1=$(knee_of http://payment.service/payroll "$OUT")
KNEE_OWN_PORT=$(knee_of http://127.0.0.1:8080/payroll "$OUT")
[[ -n $KNEE_STAGE1 && -n $KNEE_OWN_PORT && $KNEE_OWN_PORT -gt 0 ]] || fail "the capacity mode found no knee"
target "stage 1's knee through payment.service / on monolith-v1's own port" \
  "$(awk -v a="$KNEE_STAGE1" -v b="$KNEE_OWN_PORT" 'BEGIN { printf "%.2f", a / b }')" ge 0.80 0.60
figure "the knee of stage 1 alone" "${KNEE_STAGE1}/s through payment.service, ${KNEE_OWN_PORT}/s on monolith-v1's own port"
