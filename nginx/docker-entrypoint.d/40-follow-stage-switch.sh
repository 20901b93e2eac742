#!/bin/sh
# Runs in the payment-proxy container before nginx starts. The stage's proxy overlay writes where payment.service
# points into the shared volume /etc/nginx/runtime (its payment-proxy-switch service); this watches that file and
# reloads nginx gracefully when it changes: the listening socket stays open and requests in flight finish on the
# old workers, so a switch between stages drops nothing.
set -eu
runtime=/etc/nginx/runtime
active=$runtime/upstream.conf

# Until a switch has written it, payment.service points at stage 1.
[ -s "$active" ] || echo 'set $payment_backend monolith-v1:8080;' > "$active"

(
  applied=$(cat "$active")
  echo "payment.service: $applied"
  while sleep 0.2; do
    wanted=$(cat "$active" 2>/dev/null) || continue
    [ -n "$wanted" ] && [ "$wanted" != "$applied" ] || continue
    if nginx -t -q 2>/dev/null && nginx -s reload; then
      applied=$wanted
      echo "payment.service switched: $applied"
    fi
  done
) &
