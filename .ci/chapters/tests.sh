# The README's test command, as written: every test, on real PostgreSQL and a real browser, none skipped.
log "tests (the README's test command)"
TEST_COMMAND=$(readme_block tests)
[[ $(wc -l <<<"$TEST_COMMAND") -eq 1 ]] || fail "the README's test command must be one line"
echo "\$ $TEST_COMMAND   (each module's tests as they end; the whole output in target/ci-tests.log)"
mkdir -p target
set +e
bash -c "$TEST_COMMAND" 2>&1 | tee target/ci-tests.log | grep --line-buffered -E '^\[[A-Z]+\] (Tests run:.*Time elapsed.*FAIL|Tests run: [0-9]+, [^T]*$|Building |BUILD)'
rc=${PIPESTATUS[0]}
set -e
(( rc == 0 )) || { grep -E '<<< (FAILURE|ERROR)|^\[ERROR\]' target/ci-tests.log | head -40; fail "the README's test command failed"; }
# Each module's totals (the lines without a class's elapsed time), summed.
read -r run failed errors skipped <<<"$(grep -E '^\[[A-Z]+\] Tests run: [0-9]+, ' target/ci-tests.log | grep -v 'Time elapsed' \
  | awk -F'[:,]' '{ r += $2; f += $4; e += $6; s += $8 } END { printf "%d %d %d %d", r, f, e, s }')"
(( skipped == 0 && failed == 0 && errors == 0 && run > 0 )) || fail "tests: $run run, $failed failed, $errors errors, $skipped skipped"
echo "ok - $run tests, none failed, none skipped"
figure "tests" "$run run, 0 failures, 0 errors, 0 skipped"
