# A container engine for this machine kind (../shared/ci/engine), payment.service resolving to it, nothing left over.
log "engine"
# docker-proxy, which maps 127.0.0.1:80 to the proxy, holds two descriptors per client connection and exits when it
# runs out: past the knee the generator holds hundreds. The engine's processes inherit this shell's limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$ENGINE" up
eval "$("$ENGINE" env)"
grep -qE '^127\.0\.0\.1[[:space:]].*\bpayment\.service\b' /etc/hosts || echo '127.0.0.1 payment.service' >> /etc/hosts
remove_the_lab   # whatever an earlier run left behind, a swarm and its stack among it
left=$(docker ps -aq)
[[ -z $left ]] || { echo "removing what an earlier run left: $(docker ps -a --format '{{.Names}}' | paste -sd ' ' -)"; docker rm -f $left >/dev/null; }
[[ $(docker info -f '{{.Swarm.LocalNodeState}}') == inactive ]] || fail "the engine is still in a swarm"
