# The swarm nodes' image (lib.sh's node_image), built in the background beside the walkthroughs that measure nothing
# of the machine, so that the swarm chapter finds it ready; on an engine that has it already, nothing. Needs: the
# engine.
log "the swarm nodes' image, in the background"
node_image &
NODE_IMAGE_PID=$!
echo "building $SWARM_NODE_IMAGE unless the engine has it (its log: target/$(basename "$NODE_IMAGE_LOG"))"
