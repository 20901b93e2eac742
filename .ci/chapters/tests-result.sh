# The README's test command's outcome (the tests chapter started it): each module's tests, every one passed, none
# skipped. Waits for it, so that the chapters after this measure a machine the tests no longer share.
log "tests: the outcome"
[[ -n ${TESTS_PID:-} ]] || fail "the tests chapter did not run before tests-result"
wait "$TESTS_PID" 2>/dev/null || true   # while it runs; its status is the file's (the tests chapter)
rc=$(cat "$TESTS_STATUS" 2>/dev/null || echo "no status: the test command did not end by itself")
TESTS_PID=
grep -E '^\[[A-Z]+\] (Tests run:.*Time elapsed.*FAIL|Tests run: [0-9]+, [^T]*$|BUILD)' target/ci-tests.log || true
echo "(the test command took $(( SECONDS - TESTS_STARTED )) s)"
[[ $rc == 0 ]] || { echo "the test command's status: $rc"; grep -E '<<< (FAILURE|ERROR)|^\[ERROR\]' target/ci-tests.log | head -40; fail "the README's test command failed"; }
# Each module's totals (the lines without a class's elapsed time), summed.
read -r run failed errors skipped <<<"$(grep -E '^\[[A-Z]+\] Tests run: [0-9]+, ' target/ci-tests.log | grep -v 'Time elapsed' \
  | awk -F'[:,]' '{ r += $2; f += $4; e += $6; s += $8 } END { printf "%d %d %d %d", r, f, e, s }')"
(( skipped == 0 && failed == 0 && errors == 0 && run > 0 )) || fail "tests: $run run, $failed failed, $errors errors, $skipped skipped"
echo "ok - $run tests, none failed, none skipped"
figure "tests" "$run run, 0 failures, 0 errors, 0 skipped"
