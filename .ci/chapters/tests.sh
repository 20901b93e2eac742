# The README's test command, as written: every test, on real PostgreSQL and a real browser, none skipped. It starts
# here and runs beside the functional walkthroughs that follow (stage 2 and 3: checks, no figure that measures the
# machine), in a copy of the tree (its builds must not rewrite the jars the lab's images are built from); the
# tests-result chapter waits for it before the first chapter that measures. Needs: the engine.
log "tests (the README's test command), beside the walkthroughs of stages 2 and 3"
TEST_COMMAND=$(readme_block tests)
[[ $(wc -l <<<"$TEST_COMMAND") -eq 1 ]] || fail "the README's test command must be one line"
TEST_TREE=$ROOT/target/ci-tests-tree
rm -rf "$TEST_TREE" && mkdir -p "$TEST_TREE"
tar --exclude=./.git --exclude=target -cf - . | tar -xf - -C "$TEST_TREE"
echo "\$ $TEST_COMMAND   (in a copy of the tree; the whole output in target/ci-tests.log)"
(cd "$TEST_TREE" && exec bash -c "$TEST_COMMAND") >"$ROOT/target/ci-tests.log" 2>&1 &
TESTS_PID=$!
TESTS_STARTED=$SECONDS
