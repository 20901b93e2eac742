# The README's teardown leaves no container, volume or network of the lab.
log "teardown"
run_readme teardown
[[ -z $(docker ps -aq) ]] || fail "containers are left after teardown"
[[ -z $(docker volume ls -q | grep parallel-run-lab || true) ]] || fail "volumes are left after teardown"
[[ -z $(docker network ls -q --filter name=parallel-run-lab) ]] || fail "the network is left after teardown"
echo "ok - nothing left: no container, no parallel-run-lab volume, no network"

