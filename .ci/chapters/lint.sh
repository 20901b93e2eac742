# ./lab and the scripts users run need nothing the bash a Mac ships (3.2) lacks (the lint itself names what it finds).
log "scripts run on the bash a Mac ships"
tools/scripts/lint-bash32 lab $(ls tools/scripts/* | grep -v '/lint-bash32$')
