# The README's teardown leaves no container, volume or network of the lab.
log "teardown"
# What it checks needs the stages running, as the chapters before leave them (run alone: `./lab up 1` first).
[[ -n $(docker ps -q --filter label=com.docker.compose.project) ]] || fail "teardown needs a stage running: ./lab up 1"
# The stack on Docker Swarm publishes the same ports as the stages still running: ./lab refuses it, in one line.
out=$(./lab swarm up 2 2>&1) && fail "./lab swarm up 2 started beside the stages under compose"
[[ $out == "lab: a stage of the lab runs with compose, on the same ports: ./lab down first" ]] \
  || fail "./lab swarm up 2 beside compose's stages said: $out"
echo "ok - ./lab swarm up 2 beside compose's stages: $out"
# A mistyped command is refused in one line before it does anything, not run with the rest ignored.
running=$(docker ps -q | wc -l)
for line in "down now" "status all" "up 2 3" "wait 4 5" "canary 10 monolith-v1 monolith-v2 final-version" \
    "swarm down now" "swarm up 2 3" "stop" "Down"; do
  # shellcheck disable=SC2086
  out=$(./lab $line 2>&1) && fail "./lab $line was run: $out"
  [[ $out == "lab: "* && $out != *$'\n'* ]] || fail "./lab $line was not refused in one line: $out"
done
[[ $(docker ps -q | wc -l) -eq $running ]] || fail "a refused command changed what runs"
echo "ok - a mistyped command refused in one line, the lab left as it was: ./lab down now -> $(./lab down now 2>&1)"
./lab help | grep -q '^  ./lab swarm down' || fail "./lab help does not list the commands"
run_readme teardown
[[ -z $(docker ps -aq) ]] || fail "containers are left after teardown"
[[ -z $(docker volume ls -q | grep parallel-run-lab || true) ]] || fail "volumes are left after teardown"
[[ -z $(docker network ls -q --filter name=parallel-run-lab) ]] || fail "the network is left after teardown"
echo "ok - nothing left: no container, no parallel-run-lab volume, no network"

