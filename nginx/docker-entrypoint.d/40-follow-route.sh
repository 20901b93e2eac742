#!/bin/sh
# Runs in the payment-proxy container before nginx starts. Where payment.service points is one line in the shared
# volume, /etc/nginx/runtime/route, written by a stage's proxy overlay (its payment-proxy-switch service), by
# ./lab canary, or by the canary analysis:
#
#   monolith-v2:8080                        a stage: every request to one service
#   monolith-v1:8080 monolith-v2:8080 10    a canary release: primary, canary, and the canary's weight, 0 to 100
#
# This renders the line into /etc/nginx/payment-route.conf and reloads nginx gracefully when it changes: the listening
# socket stays open and requests in flight finish on the old workers, so a switch drops nothing. A line it cannot
# read is refused with a log line, and the route in force stays.
set -eu
runtime=/etc/nginx/runtime
route=$runtime/route
conf=/etc/nginx/payment-route.conf

# The canary analysis runs as the lab's service user (uid 10001, like every Java service) and moves the weight too.
chown 10001 "$runtime"
# Until something has written it, payment.service points at stage 1.
[ -s "$route" ] || echo 'monolith-v1:8080' > "$route"

is_target() { echo "$1" | grep -Eq '^[a-z0-9][a-z0-9.-]{0,62}:[0-9]{1,5}$'; }

# The route line on $1, nginx configuration on stdout; fails on a line it cannot read. A user key (X-User-Id) is
# hashed onto the split, so a user stays on one side at a given weight, and raising the weight only moves users
# from the primary to the canary (the canary takes the first WEIGHT % of the hash range); without a key, each request
# is split on its own id.
render() {
  # shellcheck disable=SC2086
  set -- $1
  case $# in
    1)
      is_target "$1" || return 1
      printf 'split_clients "$payment_split_key" $payment_backend {\n    * %s;\n}\n' "$1"
      printf 'map $host $payment_route {\n    default "%s";\n}\n' "$1"
      ;;
    3)
      is_target "$1" && is_target "$2" || return 1
      case $3 in '' | *[!0-9]*) return 1 ;; esac
      [ ${#3} -le 3 ] || return 1
      weight=$(expr "$3" + 0)
      [ "$weight" -le 100 ] || return 1
      printf 'split_clients "$payment_split_key" $payment_backend {\n'
      if [ "$weight" -eq 100 ]; then
        printf '    * %s;\n' "$2"
      elif [ "$weight" -gt 0 ]; then
        printf '    %s%% %s;\n    * %s;\n' "$weight" "$2" "$1"
      else
        printf '    * %s;\n' "$1"
      fi
      printf '}\n'
      printf 'map $host $payment_route {\n    default "%s, canary %s at %s %%";\n}\n' "$1" "$2" "$weight"
      ;;
    *) return 1 ;;
  esac
}

applied=$(cat "$route")
render "$applied" > "$conf" || { echo "payment.service: unreadable route '$applied', stage 1 instead"; applied=monolith-v1:8080; render "$applied" > "$conf"; }
echo "payment.service: $applied"

(
  while sleep 0.2; do
    wanted=$(cat "$route" 2>/dev/null) || continue
    [ -n "$wanted" ] && [ "$wanted" != "$applied" ] || continue
    if ! render "$wanted" > "$conf.next"; then
      echo "payment.service: refused route '$wanted' (expected 'host:port' or 'host:port host:port weight'), kept '$applied'"
      applied=$wanted   # said once; the route in force is still the last one applied
      continue
    fi
    cp "$conf" "$conf.previous"
    mv "$conf.next" "$conf"
    if nginx -t -q 2>/dev/null && nginx -s reload; then
      applied=$wanted
      echo "payment.service switched: $applied"
    else
      mv "$conf.previous" "$conf"
      echo "payment.service: nginx refused route '$wanted', kept the previous one"
      applied=$wanted
    fi
  done
) &
