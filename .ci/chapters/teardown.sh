# The README's teardown leaves no container, volume or network of the lab.
log "teardown"
# The stack on Docker Swarm publishes the same ports as the stages still running: ./lab refuses it, in one line.
out=$(./lab swarm up 2 2>&1) && fail "./lab swarm up 2 started beside the stages under compose"
[[ $out == "lab: a stage of the lab runs with compose, on the same ports: ./lab down first" ]] \
  || fail "./lab swarm up 2 beside compose's stages said: $out"
echo "ok - ./lab swarm up 2 beside compose's stages: $out"
run_readme teardown
[[ -z $(docker ps -aq) ]] || fail "containers are left after teardown"
[[ -z $(docker volume ls -q | grep parallel-run-lab || true) ]] || fail "volumes are left after teardown"
[[ -z $(docker network ls -q --filter name=parallel-run-lab) ]] || fail "the network is left after teardown"
echo "ok - nothing left: no container, no parallel-run-lab volume, no network"

