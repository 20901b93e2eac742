# What every chapter of CI uses: running documented blocks as a user would, calling payment.service, waiting for a
# condition, checking a result, and writing a figure for the summary. Sourced by .ci/run; bash 4 or later.

ROOT=${ROOT:-$PWD}
FIGURES=${FIGURES:-$ROOT/target/ci-figures.txt}
STARTED=${STARTED:-$(date +%s)}
GENERATOR=tools/request-generator/target/request-generator.jar
PAYROLL=tools/request-generator/payroll.json

log() { printf '\n\033[1m== %s\033[0m (at %ss)\n' "$*" "$(( $(date +%s) - STARTED ))"; }  # where CI's time goes
# Where CI's time and the machine's CPU went, chapter by chapter: a mark as each chapter starts, a table at the end
# (the share of all the cores busy in between, whoever used them: the tests beside a chapter count in its share).
CHAPTER_MARKS=${CHAPTER_MARKS:-$ROOT/target/ci-chapters.txt}
chapter_mark() { # the chapter starting ("end" after the last)
  local _cpu user nice system idle iowait irq softirq steal _rest busy=0 all=0
  if [[ -r /proc/stat ]]; then
    read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
    busy=$(( user + nice + system + irq + softirq + steal )); all=$(( busy + idle + iowait ))
  fi
  mkdir -p "$(dirname "$CHAPTER_MARKS")"
  echo "$1 $(date +%s) $busy $all" >>"$CHAPTER_MARKS"
}
chapter_times() {
  [[ -s $CHAPTER_MARKS ]] || return 0
  chapter_mark end
  # The last line is the floor that no order of the chapters beats: the work they gave the cores, in seconds of every
  # core busy (/proc/stat counts in USER_HZ, 100 a second).
  awk -v cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 0)" '
    NR == 1 { printf "%-20s %7s  %s\n", "chapter", "seconds", "CPU busy, of " cores " cores"; first = $3; firstall = $4 }
    NR > 1 { printf "%-20s %7d  %5.0f %%\n", name, $2 - t, ($4 > all ? 100 * ($3 - busy) / ($4 - all) : 0); s += $2 - t }
    { name = $1; t = $2; busy = $3; all = $4 }
    END {
      printf "%-20s %7d  %5.0f %%\n", "all", s, (all > firstall ? 100 * (busy - first) / (all - firstall) : 0)
      if (cores > 0 && busy > first)
        printf "the work: %d s of CPU, %d s with all %d cores busy throughout (about the least any order of these chapters takes)\n", (busy - first) / 100, (busy - first) / 100 / cores, cores
    }' "$CHAPTER_MARKS"
}
# Why CI failed, said where it happened and again as the run's last line (the diagnostics print much in between).
fail() {
  printf '\nCI FAILED: %s\n' "$*" >&2
  mkdir -p "$ROOT/target" && printf '%s\n' "$*" >>"$ROOT/target/ci-failure.txt"
  exit 1
}

# A line of the summary CI prints at the end: "what: value", in the order measured.
figure() { # what, value
  mkdir -p "$(dirname "$FIGURES")"
  printf '%s: %s\n' "$1" "$2" >>"$FIGURES"
}
# The fenced code block that follows '<!-- ci:NAME -->' in README.md or a page of docs/; a name marks one block.
readme_block() {
  local block files
  files=$(grep -lxF "<!-- ci:$1 -->" README.md docs/*.md || true)
  [[ -n $files ]] || fail "no block marked ci:$1 in README.md or docs/"
  [[ $(wc -l <<<"$files") -eq 1 && $(cat $files | grep -cxF "<!-- ci:$1 -->") -eq 1 ]] \
    || fail "more than one block marked ci:$1: $(echo $files)"
  block=$(awk -v marker="<!-- ci:$1 -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$files")
  [[ -n $block ]] || fail "the block marked ci:$1 in $files is empty"
  printf '%s\n' "$block"
}

# Runs a documented block as a user would type it; its output is kept in $OUT for the checks.
run_readme() {
  local block
  block=$(readme_block "$1")
  log "documented block ci:$1"
  printf '$ %s\n' "$block"
  # Shown as it runs (a benchmark takes minutes), and kept for the checks. Not tee /dev/stderr: that reopens the
  # file CI's output may be redirected to, truncating it.
  OUT=$(bash -euo pipefail -c "$block" 2>&1 | while IFS= read -r line || [[ -n $line ]]; do printf '%s\n' "$line" >&2; printf '%s\n' "$line"; done) \
    || fail "README block ci:$1 failed (exit $?${OUT:+; its last line: ${OUT##*$'\n'}})"
}

expect() { # description, haystack, needle
  local found=${2//$'\n'/ \\n }
  (( ${#found} <= 400 )) || found="...${found: -400}"
  [[ $2 == *"$3"* ]] || fail "$1: expected to find '$3' in '$found'"
  echo "ok - $1"
}

# curl through the proxy as a client of payment.service; prints "STATUS CONTENT-TYPE" then the body.
call() {
  curl -s -o /tmp/ci-body -w '%{http_code} %{content_type}\n' --max-time 10 -H 'Host: payment.service' "$@"
  cat /tmp/ci-body; echo
}

notification_lines() { lines_for "Notification sent to ${1:-}"; }  # every "Notification sent" line of the lab

all_delivered() { [[ $(sql monolith 'SELECT count(*) FROM candidate_delivery WHERE delivered_at IS NULL') -eq 0 ]]; }  # the outbox is empty
sql() { # database (monolith|notification), query
  docker compose -f docker-compose/2_docker-compose.yml exec -T "$1-db" psql -U "$1" -d "$1" -tAc "$2" | tr -d '[:space:]'
}
payroll_count() { sql monolith 'SELECT count(*) FROM payroll'; }

await() { # description, seconds, command...: polls the command until it succeeds
  local what=$1 seconds=$2 start=$SECONDS; shift 2
  until "$@"; do
    (( SECONDS - start < seconds )) || fail "$what: not within ${seconds}s"
    sleep 0.5
  done
  echo "ok - $what ($(( SECONDS - start ))s)"
}

# The migration page of the running lab in headless Chromium (LiveDashboardCheck): no console error, the parts
# expected shown or absent with their one-line notice, and a screenshot at a laptop's and a phone's width in
# target/screenshots, kept as the build's artefacts.
page_check() { # screenshot name, then -Ddashboard.* expectations
  local name=$1; shift
  log "the migration page: $name"
  ./mvnw -B -q -o -pl tools/migration-dashboard -am test -Dtest=LiveDashboardCheck -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddashboard.screenshots="$ROOT/target/screenshots" -Ddashboard.screenshot="$name" "$@" \
    || fail "the migration page, $name (see tools/migration-dashboard/target/surefire-reports)"
  figure "screenshot of the migration page" "target/screenshots/$name.png, target/screenshots/$name-phone.png"
}

proxy_points_to() { [[ $(curl -s --max-time 2 http://127.0.0.1/proxy/health) == "payment.service -> $1:8080" ]]; }

# Sends COUNT payrolls through payment.service with shipTo PREFIX-i; all must be 201. Appends the ids to IDS.
send_payrolls() { # prefix count
  local i resp
  for i in $(seq "$2"); do
    resp=$(call -H 'Content-Type: application/json' -d "{\"shipTo\":\"$1-$i\",\"total\":$i.25}" http://127.0.0.1/payroll)
    [[ $resp == "201 "* ]] || fail "payroll $1-$i: $resp"
    IDS+=("$(grep -o '"id":[0-9]*' <<<"$resp" | cut -d: -f2)")
  done
  echo "ok - $2 payrolls '$1-*' answered 201"
}

# Both sides' newest notification is older than SECONDS: with the grace period (5 s in compose), everything has
# been read; with grace period + lateness window (5 + 10 s), every record without its twin has become a difference.
older_than() { # seconds
  local side
  for side in monolith notification; do
    [[ $(sql "$side" "SELECT coalesce(max(created_at) < now() - interval '$1 seconds', true) FROM notification") == t ]] || return 1
  done
}
grace_elapsed() { older_than 6; }
window_elapsed() { older_than 16; }
comparation() { curl -s --max-time 30 http://127.0.0.1:8083/notification/comparation; }
comparation_is() { [[ $(comparation) == "$1" ]]; }
report_total() { # name: one of the report's totals
  curl -s http://127.0.0.1:8083/notification/comparation/report | grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2
}
all_compared_since() { # pairs before, pairs expected since
  (( $(report_total pairsCompared) >= $1 + $2 ))
}
report_ids() { # kind: the payroll ids the report lists with that kind, comma-separated, ascending
  curl -s 'http://127.0.0.1:8083/notification/comparation/report?size=500' \
    | grep -o "\"payrollId\":[0-9]*,\"kind\":\"$1\"" | grep -o '[0-9]*' | sort -n | paste -sd, -
}
monolith_ids() { sql monolith "SELECT string_agg(id::text, ',' ORDER BY id) FROM payroll WHERE $1"; }

# Runs a README block that moves payment.service while 20 payrolls a second flow through it; not one may fail.
switch_under_load() { # README block, service payment.service must end up on
  local before load result
  before=$(payroll_count)
  tools/scripts/payroll-load 20 8 http://payment.service/payroll "ci-switch-$2" >/tmp/ci-load &
  load=$!
  load_flowing() { (( $(payroll_count) >= before + 20 )); }
  await "load is flowing through payment.service" 20 load_flowing
  run_readme "$1"
  # The switch's command returns once nginx serves the new route: no waiting here.
  proxy_points_to "$2" || fail "the switch to $2 returned before payment.service pointed there"
  echo "ok - payment.service pointed to $2 as soon as the switch's command returned"
  wait "$load"
  result=$(cat /tmp/ci-load)
  echo "switch to $2 under load: $result"
  [[ $result == *" non_2xx=0 connection_errors=0 "* ]] || fail "requests failed while switching to $2: $result"
  figure "switch to $2 under 20 payrolls/s" "$result"
}

ratio() { grep -o "$1=[0-9.]*" <<<"$2" | tail -1 | cut -d= -f2; }
at_most() { awk -v v="$1" -v max="$2" 'BEGIN { exit !(v <= max) }'; }
target() { # name, value, comparison (le|ge), target, floor that fails CI
  local met=no
  if [[ $3 == le ]]; then at_most "$2" "$4" && met=yes; at_most "$2" "$5" || fail "$1 = $2, worse than $5"
  else at_most "$4" "$2" && met=yes; at_most "$5" "$2" || fail "$1 = $2, worse than $5"; fi
  echo "ok - $1 = $2 (target $3 $4: $met; fails below $5)"
}
# Always called in a subshell ($(…), a pipeline or &): exec makes it the generator itself, so that $! is the
# generator's own pid and kill stops it (a background shell function would die and leave its java running on).
generate() { exec java -jar "$GENERATOR" "$@"; }
ok_percent() { # the generator's output: the share of requests answered 2xx, in %
  awk '$1 == "total" && $2 ~ /^[0-9]+$/ { n = $2; e = $5 } END { printf "%.1f", n ? 100 * (n - e) / n : 0 }' <<<"$1"
}
# What the machine did while a measure ran, so that a low figure can be told apart from a busy disk or a stolen CPU:
# each second's share of the cores busy, waiting on the disk (iowait) and taken by the hypervisor (steal), read from
# /proc/stat by a loop that costs nothing measurable, and the checkpoints the monolith's database wrote meanwhile.
WATCH=$ROOT/target/ci-machine.txt
checkpoints() { sql monolith 'SELECT num_timed + num_requested FROM pg_stat_checkpointer' 2>/dev/null || echo 0; }
watch_machine() {
  [[ -r /proc/stat ]] || return 0
  WATCH_CHECKPOINTS=$(checkpoints)
  ( while :; do head -1 /proc/stat; sleep 1; done >"$WATCH" ) &
  WATCH_PID=$!
}
machine_was() { # what: a figure "the machine during WHAT"
  [[ -n ${WATCH_PID:-} ]] || return 0
  kill "$WATCH_PID" 2>/dev/null; wait "$WATCH_PID" 2>/dev/null || true; WATCH_PID=
  figure "the machine during $1" "$(awk -v checkpoints=$(( $(checkpoints) - WATCH_CHECKPOINTS )) '
    { busy = $2 + $3 + $4 + $7 + $8 + $9; all = busy + $5 + $6 }
    NR > 1 && all > t { b = 100 * (busy - pb) / (all - t); w = 100 * ($6 - pw) / (all - t); st = 100 * ($9 - ps) / (all - t)
      n++; sb += b; sw += w; sst += st; if (w > mw) mw = w; if (w >= 20) slow++ }
    { pb = busy; pw = $6; ps = $9; t = all }
    END { if (n == 0) { print "no sample"; exit }
      printf "%d s: cores busy %.0f %%, iowait %.1f %% (at most %.0f %% in a second; %d seconds at 20 %% or more), steal %.1f %%; %d checkpoints of the monolith database",
      n, sb / n, sw / n, mw, slow, sst / n, checkpoints }' "$WATCH")"
}

# tools/scripts/container-cpu's table in a figure: every container's CPU a request, monolith-v1's (all instances), and
# outside the containers the generator's and Docker's processes'.
containers_cpu() { # what, the command's output
  figure "the containers' CPU during $1" "$(awk '/^CPU of the containers while it ran/ { on = 1; next }
    on && /ms\/request$/ { ms = $(NF - 1); if ($1 ~ /monolith-v1/) v1 += ms; if ($1 == "all") all = ms
      if (/^the command itself/) generator = ms; if (/^Docker/) docker = ms }
    END { if (all == "") { print "not measured"; exit }
      printf "%s ms a request sent, monolith-v1 %.2f ms; outside them, the generator %s ms", all, v1, generator
      if (docker != "") printf ", Docker'"'"'s processes %s ms", docker }' <<<"$2")"
}

knee_of() { # url, the capacity mode's output: the rate it found for that URL
  grep "^knee: $1 " <<<"$2" | grep -o '[0-9,]*/s' | tr -d ',/s'
}

# The overhead benchmark's summary against its targets: no payroll failed, latency and throughput ratios.
overhead_meets_targets() { # what was measured (", microservice stopped"), the benchmark's summary line
  expect "no payroll failed$1" "$2" " failed=0 "
  target "p50 ratio$1" "$(ratio p50_ratio "$2")" le 1.10 1.40
  target "p99 ratio$1" "$(ratio p99_ratio "$2")" le 1.25 2.00
  target "throughput ratio$1" "$(ratio throughput_ratio "$2")" ge 0.90 0.60
}

# A path that climbs above the root is refused by what answers on each port (Tomcat, nginx) as problem+json.
refuses_climbing_paths() { # ports...
  local port got
  for port in "$@"; do
    got=$(curl -s --path-as-is -o /dev/null -w '%{http_code} %{content_type}' "http://127.0.0.1:$port/../../etc/passwd")
    [[ $got == "400 application/problem+json"* ]] || fail "a path above the root on :$port answered $got"
  done
  echo "ok - a path above the root is a 400 problem+json on :${*// /, :}"
}

in_list() { local IFS=,; echo "$*"; }
spy_has_all() { [[ $(sql notification "SELECT count(*) FROM notification WHERE payroll_id IN ($(in_list "${IDS[@]}"))") -eq ${#IDS[@]} ]]; }
# In every container, the stopped ones too (a stage left stopped keeps what it logged).
# The lines with this text in the logs of every container of the lab, running or stopped (not the tests' own).
lines_for() {
  local c
  for c in $(docker ps -aq --filter label=com.docker.compose.project); do docker logs "$c" 2>&1; done | grep -c "$1" || true
}
every_payroll_once() { [[ $(lines_for 'Notification sent') -eq $(payroll_count) ]]; }

# The swarm nodes' image: users run the official docker:dind. Here no registry is reachable, so a stand-in like the
# engine's own, built from this machine's Debian release and its docker.io (the manager's engine, the same version);
# and this engine cannot grant CAP_SYS_RESOURCE, which --privileged asks for, so the nodes get every other
# capability, the host's cgroups and no seccomp or AppArmor profile: what --privileged gives a Docker engine in a
# container. Built once (the engine keeps its images), by debootstrap: about a minute of downloading and unpacking.
SWARM_NODE_IMAGE=lab-local/swarm-node:$(. /etc/os-release && echo "$VERSION_CODENAME")
SWARM_NODE_OPTIONS="--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined -v /sys/fs/cgroup:/sys/fs/cgroup"
export SWARM_NODE_IMAGE SWARM_NODE_OPTIONS
NODE_IMAGE_LOG=$ROOT/target/ci-swarm-node-image.log
node_image() { # builds the nodes' image unless the engine has it; what it did in $NODE_IMAGE_LOG
  local root
  mkdir -p "$(dirname "$NODE_IMAGE_LOG")" && : >"$NODE_IMAGE_LOG"
  docker image inspect "$SWARM_NODE_IMAGE" >/dev/null 2>&1 && return
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=docker.io,iptables,ca-certificates,procps,iproute2 \
    "${SWARM_NODE_IMAGE##*:}" "$root" >>"$NODE_IMAGE_LOG" 2>&1 || { rm -rf "$root"; return 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/usr/share/doc/* "$root"/usr/share/man/*
  tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["dockerd"]' - "$SWARM_NODE_IMAGE" >>"$NODE_IMAGE_LOG" 2>&1 \
    || { rm -rf "$root"; return 1; }
  rm -rf "$root"
}
# The background build of the swarm-node-image chapter waited for, or node_image now; judged by its outcome, the
# image, not by `wait`'s status: in one run, twenty minutes after the build had ended (the engine had the image),
# bash no longer kept its status and `wait` answered "pid N is not a child of this shell".
node_image_ready() {
  if [[ -n ${NODE_IMAGE_PID:-} ]]; then wait "$NODE_IMAGE_PID" 2>/dev/null || true; else node_image || true; fi
  docker image inspect "$SWARM_NODE_IMAGE" >/dev/null 2>&1 || { tail -20 "$NODE_IMAGE_LOG"; fail "the swarm nodes' image"; }
  NODE_IMAGE_PID=
}

# On a swarm: "NODE CONTAINER" for each running container of a service of the stack, on every node still up; their
# ids alone; a command in one of them, on its node.
task_containers() {
  local node c
  for node in $(running_on "$1" | sort -u); do
    for c in $(node_docker "$node" ps -q --filter "label=com.docker.swarm.service.name=lab_$1" 2>/dev/null); do  # none on a lost node
      echo "$node $c"
    done
  done
}
task_ids() { task_containers "$1" | cut -d' ' -f2; }
in_task() { # service, command...
  local task
  task=$(task_containers "$1" | head -1)
  [[ -n $task ]] || fail "no running task of $1"
  shift
  node_docker "${task% *}" exec "${task#* }" "$@"
}
swarm_sql() { # database (monolith|notification), query
  in_task "$1-db" psql -U "$1" -d "$1" -tAc "$2" | tr -d '[:space:]'
}
swarm_all_recorded() { # every payroll has the monolith's record of what it sent and the spy's of what it would have
  local payrolls
  payrolls=$(swarm_sql monolith 'SELECT count(*) FROM payroll')
  [[ $(swarm_sql monolith 'SELECT count(*) FROM notification') -eq $payrolls \
    && $(swarm_sql notification 'SELECT count(*) FROM notification') -eq $payrolls ]]
}
# docker on a node of the swarm by its hostname: this engine for its own node, a node's own engine for those
# tools/scripts/swarm-nodes runs in containers.
node_docker() { # hostname, docker arguments...
  local node=$1; shift
  if [[ $node == lab-node-* ]]; then docker exec "$node" docker "$@"; else docker "$@"; fi
}
running_on() { # service: the nodes its running tasks are on, one a line
  docker service ps "lab_$1" --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' | awk '$2 == "Running" { print $1 }'
}
# The cluster's count (any instance's answer) is the sum of what each instance of monolith-v2 says it served, asked
# on its own port inside its container (bash alone, like the image's healthcheck), on whichever node it runs.
cluster_is_sum() {
  local node c sum=0 instances=0 cluster
  while read -r node c; do
    sum=$(( sum + $(node_docker "$node" exec "$c" bash -c "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /inventory HTTP/1.0\r\n\r\n' >&3 && cat <&3" </dev/null \
      | tail -1 | grep -o '"served":[0-9]*' | head -1 | cut -d: -f2) ))
    instances=$(( instances + 1 ))
  done < <(task_containers monolith-v2)
  cluster=$(curl -s http://127.0.0.1/inventory -H 'Host: payment.service' | grep -o '"cluster":{[^}]*}' | grep -o '"served":[0-9]*' | cut -d: -f2)
  [[ $cluster -eq $sum ]] && CLUSTER_SUM="cluster $cluster = sum of $instances instances' $sum on $(running_on monolith-v2 | sort -u | wc -l | tr -d ' ') nodes"
}

# Every trace of the lab on this engine gone: compose's stages, the swarm's stack, the nodes, the swarm itself. The
# engine keeps its state between runs (a swarm, and the stack on it, come back with it when it starts again), so a run
# starts with this as well as ending with it.
remove_the_lab() {
  { ./lab swarm down; tools/scripts/swarm-nodes down; docker swarm leave --force; ./lab down; } >/dev/null 2>&1 || true
}

# After a failure: what every container said last; payment.service's proxy's last lines, where a switch or a reload
# that went wrong shows, also kept in target/ci-proxy.txt, which CI prints again after the figures, by the reason.
diagnostics() {
  command -v docker >/dev/null && [[ -n ${DOCKER_HOST:-} ]] || return 0
  log "diagnostics"; mkdir -p "$ROOT/target"
  ./lab status
  for c in $(docker ps -aq); do echo "--- $(docker inspect -f '{{.Name}}' "$c")"; docker logs --tail 40 "$c" 2>&1; done
  for c in $(docker ps -aq --filter name=payment-proxy); do
    echo "the last lines of $(docker inspect -f '{{.Name}} ({{.State.Status}}, started {{.State.StartedAt}})' "$c"):"
    docker logs --tail 12 "$c" 2>&1
    echo "its last answers that were not 2xx, and whose they were (upstream_status - : nginx's own):"
    docker logs --tail 5000 "$c" 2>/dev/null | grep -E '" [3-5][0-9]{2} [0-9]+ rt=' | tail -8
  done > "$ROOT/target/ci-proxy.txt"
}
