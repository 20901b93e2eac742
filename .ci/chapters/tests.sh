# The README's test command, as written: every test, on real PostgreSQL and a real browser, none skipped. It starts
# here, in the background, in a copy of the tree (its builds must not rewrite the jars the lab's images are built
# from), and runs beside the chapters placed before tests-result: the walkthroughs of stages 2 and 3, which check
# behaviour (every request answered, nothing lost, the page) and measure nothing of the machine. The test command
# leaves about half of the two cores idle on its own (its modules wait on containers and on each other). Stage 1's
# knee is measured before it starts, the latencies of stage 2's outages after it ends. Needs: the engine.
log "tests (the README's test command)"
TEST_COMMAND=$(readme_block tests)
[[ $(wc -l <<<"$TEST_COMMAND") -eq 1 ]] || fail "the README's test command must be one line"
TEST_TREE=$ROOT/target/ci-tests-tree
rm -rf "$TEST_TREE" && mkdir -p "$TEST_TREE"
tar --exclude=./.git --exclude=target -cf - . | tar -xf - -C "$TEST_TREE"
echo "\$ $TEST_COMMAND   (in a copy of the tree; the whole output in target/ci-tests.log)"
# Its status kept in a file: `wait` may have forgotten it by the time tests-result asks (see node_image_ready).
TESTS_STATUS=$ROOT/target/ci-tests.status
rm -f "$TESTS_STATUS"
# (errexit holds in the subshell too: the command's failure is caught, not allowed to end it before the status.)
(
  cd "$TEST_TREE"
  rc=0; bash -c "$TEST_COMMAND" || rc=$?
  echo "$rc" >"$TESTS_STATUS"
) >"$ROOT/target/ci-tests.log" 2>&1 &
TESTS_PID=$!
TESTS_STARTED=$SECONDS
