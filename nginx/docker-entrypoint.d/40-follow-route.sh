#!/bin/sh
# Runs in the payment-proxy container before nginx starts. Where payment.service points is one line in the shared
# volume, /etc/nginx/runtime/route, written by a stage's proxy overlay (its payment-proxy-switch service), by
# ./lab canary, or by the canary analysis:
#
#   monolith-v2:8080                        a stage: every request to one service
#   monolith-v1:8080 monolith-v2:8080 10    a canary release: primary, canary, and the canary's weight, 0 to 100
#
# This renders the line, with the address of every instance each name has on the network (replicas answer to their
# version's name), into /etc/nginx/payment-route.conf, and reloads nginx gracefully when either changes: the listening
# socket stays open and requests in flight finish on the old workers, so a switch drops nothing. Each side is an
# upstream{} whose connections nginx keeps open, so a request costs no new connection to the service. An instance
# joins once it says it is ready (its readiness probe: started and warmed up); a name with no ready instance (its
# stage is not up yet) is answered 503 problem+json naming it.
#
# Once nginx serves the new route, the line goes to /etc/nginx/runtime/applied ("refused: ..." for a line it cannot
# read, and the route in force stays): a switch waits for it, so its command returns once the route is live.
set -eu
runtime=/etc/nginx/runtime
route=$runtime/route
applied=$runtime/applied
conf=/etc/nginx/payment-route.conf

# Requests a side holds at once, at most, shared among its instances (each gets its part as its max_conns, as a
# circuit breaker bounds a whole cluster's requests); past it on every instance of the side, nginx answers 503 at once.
# Per side, not per instance: the instances of a side share the machine's cores, and a bound per instance lets in
# more work as instances are added. Example 4's two instances a side held 48 each: past its knee, 192 requests in
# flight on two cores, a p99 of 2.2-3.0 s; at 32 each, 1.2-1.9 s, as many served a second. Each service bounds its own
# work too (ADMISSION_* settings: an adaptive limit of 48 to 64, and a short backlog): this bound keeps a flood from
# piling up connections in front of them, and refuses it at once. Idle connections nginx keeps open to each side, per
# worker.
MAX_CONNS=${PAYMENT_PROXY_MAX_CONNS:-64}
case $MAX_CONNS in '' | *[!0-9]* | 0) echo "PAYMENT_PROXY_MAX_CONNS must be a whole number, 1 or more: '$MAX_CONNS'" >&2; exit 1 ;; esac
KEEPALIVE=${PAYMENT_PROXY_KEEPALIVE:-64}

# The canary analysis runs as the lab's service user (uid 10001, like every Java service) and moves the weight too.
chown 10001 "$runtime"
# Until something has written it, payment.service points at stage 1 (a swarm stack names its own stage's first).
[ -s "$route" ] || echo "${PAYMENT_SERVICE_FIRST_ROUTE:-monolith-v1:8080}" > "$route"

# Whether $1 reads host:port (a DNS name of at most 63 characters, a port of at most 5 digits). The shell's own
# patterns, no process: the route is read four times a second.
is_target() {
  case $1 in *:*) ;; *) return 1 ;; esac
  target_host=${1%:*}
  target_port=${1##*:}
  case $target_host in '' | [!a-z0-9]* | *[!a-z0-9.-]*) return 1 ;; esac
  case $target_port in '' | *[!0-9]*) return 1 ;; esac
  [ ${#target_host} -le 63 ] && [ ${#target_port} -le 5 ]
}

# The IPv4 addresses of a name on the lab's network, in $found, one a line, sorted; none when it does not resolve.
# glibc's getent lists them all (three lines each, one per socket type); Alpine's (musl) does not know ahostsv4, and
# BusyBox's nslookup lists them there.
IPV4='^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$'
addresses() {
  found=$(getent ahostsv4 "$1" 2>/dev/null | awk -v ip="$IPV4" '$2 == "STREAM" && $1 ~ ip { print $1 }' | sort -u) || found=
  [ -n "$found" ] || found=$(nslookup "$1" 2>/dev/null | awk -v ip="$IPV4" '/^Name:/ { name = 1; next }
    name && /^Address/ { sub(/^Address( [0-9]+)?:[ \t]*/, ""); sub(/[ \t].*/, ""); if ($0 ~ ip) print }' | sort -u) || found=
}

# Whether the instance at $1 (ip:port) says it is ready: a Java service answers its readiness probe once it has
# started and warmed up. An instance is asked until it is, then trusted while its address stays in the name.
ready=" "
next_ready=" "
is_ready() {
  case $ready in *" $1 "*) next_ready="$next_ready$1 "; return 0 ;; esac
  wget -q -T 1 -O /dev/null "http://$1/actuator/health/readiness" 2>/dev/null || return 1
  next_ready="$next_ready$1 "
}

# An upstream{} for one side: $1 its name, $2 host:port. Every ready instance the name resolves to is a server of it.
upstream() {
  host=${2%:*}
  port=${2##*:}
  servers=
  addresses "$host"
  for ip in $found; do
    if is_ready "$ip:$port"; then servers="$servers $ip:$port"; fi
  done
  if [ -z "$servers" ]; then
    # None (yet): a local server that says so. A later rendering, once one is ready, replaces it.
    printf 'upstream %s {\n    server unix:/var/run/nginx-%s.sock;\n}\n' "$1" "$1"
    printf 'server {\n    listen unix:/var/run/nginx-%s.sock;\n    default_type application/problem+json;\n' "$1"
    printf '    add_header X-Served-By payment-proxy always;\n    add_header Retry-After 1 always;\n'
    printf '    return 503 %s;\n}\n' "'{\"type\":\"about:blank\",\"title\":\"Service unavailable\",\"status\":503,\"detail\":\"$host is not running, or not ready yet; retry shortly\"}\\n'"
    return
  fi
  set -- "$1" $servers
  each=$(( (MAX_CONNS + $# - 2) / ($# - 1) ))   # the side's bound shared among its instances, rounded up
  printf 'upstream %s {\n    zone %s 64k;\n' "$1" "$1"
  shift
  for server in "$@"; do
    printf '    server %s max_conns=%s;\n' "$server" "$each"
  done
  # Shorter than the services' own idle timeout (Tomcat's 60 s), so nginx never reuses a connection they are closing.
  printf '    keepalive %s;\n    keepalive_timeout 10s;\n}\n' "$KEEPALIVE"
}

# The route line on $1, nginx configuration on stdout; fails on a line it cannot read. A user key (X-User-Id) is
# hashed onto the split, so a user stays on one side at a given weight, and raising the weight only moves users
# from the primary to the canary (the canary takes the first WEIGHT % of the hash range); without a key, each request
# is split on its own id.
render() {
  next_ready=" "
  render_route "$1" || return 1
  ready=$next_ready
}

render_route() {
  # shellcheck disable=SC2086
  set -- $1
  case $# in
    1)
      is_target "$1" || return 1
      upstream payment_primary "$1"
      printf 'split_clients "$payment_split_key" $payment_backend {\n    * payment_primary;\n}\n'
      printf 'map $host $payment_route {\n    default "%s";\n}\n' "$1"
      ;;
    3)
      is_target "$1" && is_target "$2" || return 1
      case $3 in '' | *[!0-9]*) return 1 ;; esac
      [ ${#3} -le 3 ] || return 1
      weight=$(expr "$3" + 0)
      [ "$weight" -le 100 ] || return 1
      upstream payment_primary "$1"
      upstream payment_canary "$2"
      printf 'split_clients "$payment_split_key" $payment_backend {\n'
      if [ "$weight" -eq 100 ]; then
        printf '    * payment_canary;\n'
      elif [ "$weight" -gt 0 ]; then
        printf '    %s%% payment_canary;\n    * payment_primary;\n' "$weight"
      else
        printf '    * payment_primary;\n'
      fi
      printf '}\n'
      printf 'map $host $payment_route {\n    default "%s, canary %s at %s %%";\n}\n' "$1" "$2" "$weight"
      ;;
    *) return 1 ;;
  esac
}

# What /proxy/health says once nginx serves the route on $1.
route_words() {
  # shellcheck disable=SC2086
  set -- $1
  if [ $# -eq 1 ]; then echo "payment.service -> $1"; else echo "payment.service -> $1, canary $2 at $(expr "$3" + 0) %"; fi
}

# Waits (5 s at most) until a new connection to nginx is served by workers that have the route on $1.
live() {
  want=$(route_words "$1")
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
    [ "$(wget -q -T 1 -O - http://127.0.0.1/proxy/health 2>/dev/null)" = "$want" ] && return 0
    sleep 0.2
  done
  return 1
}

# Waits until nginx serves the route on $1, however long its reload takes (on a machine whose cores are all busy,
# more than 5 s): a switch must not return while a new connection may still reach the route it left.
until_live() {
  live "$1" && return 0
  echo "payment.service: nginx does not serve '$1' 5 s after its reload; waiting"
  until live "$1"; do :; done
}

# Whether process $1 is an nginx worker that accepts connections. `nginx -s reload` returns before the master has
# told the old workers to stop: until each calls itself "worker process is shutting down", a new connection may still
# reach one of them and the route it had, even after a new worker has answered with the new one.
# A process gone between listing /proc and reading it is not one (the shell's own complaint about it silenced too).
accepting() { [ "$({ tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null)" = "nginx: worker process " ]; }

accepting_workers() {
  for proc in /proc/[0-9]*; do
    if accepting "${proc#/proc/}"; then echo "${proc#/proc/}"; fi
  done
}

# Waits (30 s at most) until none of the workers $1 accepts connections any more.
until_retired() {
  for pid in $1; do
    i=0
    while [ $i -lt 300 ] && accepting "$pid"; do
      sleep 0.1
      i=$((i + 1))
    done
  done
}

say_applied() { echo "$1" > "$applied.next" && mv "$applied.next" "$applied"; }

in_force=$(cat "$route")
render "$in_force" > "$conf" || { echo "payment.service: unreadable route '$in_force', stage 1 instead"; in_force=monolith-v1:8080; render "$in_force" > "$conf"; }
echo "payment.service: $in_force"

(
  # Said once nginx, which starts after this script, serves the first route.
  until live "$in_force"; do :; done
  say_applied "$in_force"
  refused=
  read_route=
  tick=0
  # The route line is read four times a second and followed at once when it changes; the instances of the route in
  # force are looked up once a second (an instance that joins waits for its readiness anyway). At rest: about 2 % of
  # a core, most of it starting getent, awk and sort (5 % when both were read twice a second).
  while sleep 0.25; do
    wanted=
    IFS= read -r wanted 2>/dev/null < "$route" || [ -n "$wanted" ] || continue
    [ -n "$wanted" ] || continue
    tick=$(( (tick + 1) % 4 ))
    [ "$wanted" != "$read_route" ] || [ $tick -eq 0 ] || continue
    read_route=$wanted
    target=$wanted
    if ! render "$wanted" > "$conf.next"; then
      if [ "$wanted" != "$refused" ]; then   # said once; the route in force stays, its instances still followed
        echo "payment.service: refused route '$wanted' (expected 'host:port' or 'host:port host:port weight'), kept '$in_force'"
        say_applied "refused: $wanted"
        refused=$wanted
      fi
      target=$in_force
      render "$in_force" > "$conf.next"
    fi
    # The same route to the same instances: nothing to reload. Asked for again after a line that was refused, the
    # route in force is the one asked for: said at once (a switch waits for it).
    if cmp -s "$conf.next" "$conf"; then
      if [ "$target" = "$wanted" ] && [ -n "$refused" ]; then say_applied "$wanted"; refused=; fi
      continue
    fi
    cp "$conf" "$conf.previous"
    mv "$conf.next" "$conf"
    retiring=$(accepting_workers)
    if nginx -t -q 2>/dev/null && nginx -s reload; then
      if [ "$target" != "$in_force" ]; then
        until_retired "$retiring"
        until_live "$target"
        echo "payment.service switched: $target"
      fi
      in_force=$target
      [ "$target" != "$wanted" ] || { say_applied "$wanted"; refused=; }
    else
      mv "$conf.previous" "$conf"
      if [ "$target" = "$wanted" ] && [ "$wanted" != "$refused" ]; then
        echo "payment.service: nginx refused route '$wanted', kept '$in_force'"
        say_applied "refused: $wanted"
        refused=$wanted
      fi
    fi
  done
) &
