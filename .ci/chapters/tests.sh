# The README's test command, as written: every test, on real PostgreSQL and a real browser, none skipped. It starts
# here, in the background, in a copy of the tree (its builds must not rewrite the jars the lab's images are built
# from); tests-result waits for it. Chapters placed between the two run beside it: tried with stages 2 and 3 on two
# cores, it saved about 4 minutes, and the page's browser tests then lost their deadlines to the contention, so CI
# runs the two back to back. Needs: the engine.
log "tests (the README's test command)"
TEST_COMMAND=$(readme_block tests)
[[ $(wc -l <<<"$TEST_COMMAND") -eq 1 ]] || fail "the README's test command must be one line"
TEST_TREE=$ROOT/target/ci-tests-tree
rm -rf "$TEST_TREE" && mkdir -p "$TEST_TREE"
tar --exclude=./.git --exclude=target -cf - . | tar -xf - -C "$TEST_TREE"
echo "\$ $TEST_COMMAND   (in a copy of the tree; the whole output in target/ci-tests.log)"
(cd "$TEST_TREE" && exec bash -c "$TEST_COMMAND") >"$ROOT/target/ci-tests.log" 2>&1 &
TESTS_PID=$!
TESTS_STARTED=$SECONDS
