#!/bin/sh
# End-to-end test of the grader (tools/grade) on a fake chapter whose tests pass, fail, segfault,
# hang, throw, abort and print garbage (tests/tools/fixture/). POSIX sh, no python: it runs on a
# student's machine.
#
#   sh tests/tools/grade_selftest.sh GRADE WORKDIR [FIXTURE_BINARY]
#
# GRADE is the built grader, WORKDIR a scratch directory. Without FIXTURE_BINARY the fixture is built
# here with $CXX (default g++), $CXXFLAGS and $LDFLAGS, linked with tests/support/*.cpp and GoogleTest.
set -u
grade=$1
work=$2
fixture=${3:-}
chapters=tests/tools/fixture/chapters
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect FILE TEXT: the file contains the text (fixed string).
expect() {
    grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/    | /' "$1"; }
}

# expect_next FILE LINE NEXT: the line after the first line containing LINE contains NEXT.
expect_next() {
    grep -A1 -F -- "$2" "$1" | sed -n 2p | grep -qF -- "$3" || { fail "$1: no \"$3\" after \"$2\""; sed 's/^/    | /' "$1"; }
}

# expect_not FILE TEXT
expect_not() {
    if grep -qF -- "$2" "$1"; then fail "$1 should not contain: $2"; fi
}

# expect_status WANT GOT WHAT
expect_status() {
    [ "$1" = "$2" ] || fail "$3: exit status $2, expected $1"
}

rm -rf "$work"
mkdir -p "$work/bin"
if [ -z "$fixture" ]; then
    fixture=$work/fixture_test
    # shellcheck disable=SC2086  # the flags are word lists on purpose
    # tests/support uses the course library (gradient checking on Matrix and autodiff); not plot/.
    ${CXX:-g++} -std=c++20 -I. ${CXXFLAGS:-} tests/tools/fixture/fixture_test.cpp tests/support/*.cpp \
        common/*.cpp \
        ${LDFLAGS:-} -lgtest -pthread -o "$fixture" || { echo "FAIL: cannot build the fixture"; exit 1; }
fi
cp "$fixture" "$work/bin/98_fixture_test"
cp "$fixture" "$work/bin/97_mismatch_test"   # its Ex98xx suites do not match 97's catalogue
# 99_broken has no binary: it "did not compile".

run() {  # run NAME ARGS...: output in $work/NAME.out, status in $status
    name=$1
    shift
    "$grade" "$@" >"$work/$name.out" 2>&1
    status=$?
}

echo "grade self-test: student mode on a misbehaving chapter"
run student --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98,99 \
    --out "$work/student" --test-timeout 2 --chapter-timeout 60
out=$work/student.out
expect_status 1 "$status" "student mode with failing exercises"
expect "$out" "Chapter 98 · fixture   1/12 points"
expect "$out" "98.1  Passes                           1 point    PASS  2/2 tests"
expect "$out" "derivative of x^2 at x=3: expected 6, got 5, tolerance 1e-09 (off by 1)"
expect "$out" "hint: make hint EX=98.2"
expect_next "$out" "Ex9803Segfaults.NullWrite failed:" "crashed"  # with SIGSEGV, or a sanitizer's report
expect "$out" "timed out after 2 s"
expect "$out" "about to sleep forever"
expect "$out" 'C++ exception with description "boom'
expect "$out" "aborted (uncaught exception or failed assert)"
expect_next "$out" "98.6  Not implemented yet              1 point    FAIL  0/1 tests" "       not implemented yet"
expect "$out" "did not compile: see the compiler output above"
expect "$out" "Total: 1/16 points (6%)"
expect_not "$out" "chapter check FixtureChecks"   # reached only by the one-at-a-time reruns, and passes
json=$work/student/results.json
expect "$json" '"score": 1,'
expect "$json" '"name": "98.1 Passes", "score": 1, "max_score": 1, "status": "passed"'
expect "$json" '"name": "98.3 Segfaults", "score": 0, "max_score": 3, "status": "failed"'
expect "$json" "bad bytes: $(printf '\357\277\275')"   # U+FFFD for the invalid bytes
expect "$json" '\"quoted\" <tag> &'
xml=$work/student/junit.xml
expect "$xml" '<testsuite name="98_fixture" tests="8" failures="7">'
expect "$xml" '&quot;quoted&quot; &lt;tag&gt; &amp;'
for report in "$json" "$xml" "$out"; do
    if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$report"; then
        fail "$report contains raw control characters"
    fi
done

echo "grade self-test: a hang that uses up the chapter's time limit"
run chapter_timeout --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98 \
    --out "$work/chapter_timeout" --test-timeout 5 --chapter-timeout 0.5
expect_status 1 "$status" "student mode, chapter timeout"
expect "$work/chapter_timeout.out" "the chapter's time limit of 0.5 s ran out during this test"
expect "$work/chapter_timeout.out" "98.6  Not implemented yet"   # the rest still graded

echo "grade self-test: a test program that crashes before any test"
FIXTURE_CRASH_AT_START=1 run crash_at_start --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" \
    --chapters 98 --out "$work/crash_at_start" --test-timeout 2
expect_status 1 "$status" "student mode, crash at start"
expect "$work/crash_at_start.out" "the test program failed before running any test: crashed"

echo "grade self-test: everything passes"
FIXTURE_MODE=solution run all_pass --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" \
    --chapters 98 --out "$work/all_pass" --test-timeout 2
expect_status 0 "$status" "student mode, all pass"
expect "$work/all_pass.out" "Total: 12/12 points (100%)"

echo "grade self-test: stubs mode"
run stubs_broken --mode=stubs --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98 \
    --out "$work/stubs" --test-timeout 2
out=$work/stubs_broken.out
expect_status 1 "$status" "stubs mode on broken stubs"
expect "$out" "error: 98_fixture: exercise 98.1 is broken: its stub already passes Ex9801Passes.AlwaysPasses"
expect "$out" "error: 98_fixture: Ex9803Segfaults.NullWrite must fail cleanly on the stub (stubs never crash or hang)"
expect "$out" "error: 98_fixture: Ex9804Hangs.SleepsForever must fail cleanly"
expect "$out" "error: 98_fixture: Ex9807Aborts.TerminatesFromNoexcept must fail cleanly"
expect "$out" 'warning: 98_fixture: Ex9805Throws.RuntimeError fails on the stub without saying "not implemented"'
expect "$out" "grade --mode=stubs: 5 problem(s)"
FIXTURE_MODE=stub run stubs_good --mode=stubs --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98 \
    --out "$work/stubs" --test-timeout 2
expect_status 0 "$status" "stubs mode on good stubs"
expect "$work/stubs_good.out" "98_fixture: all 9 exercise tests fail cleanly on the stubs"

echo "grade self-test: solutions mode"
FIXTURE_MODE=solution run solutions --mode=solutions --bin-dir "$work/bin" --chapters-dir "$chapters" \
    --chapters 97,98,99 --out "$work/solutions" --test-timeout 2
out=$work/solutions.out
expect_status 1 "$status" "solutions mode with a mismatched catalogue"
expect "$out" "error: 97_mismatch: suite Ex9801Passes names exercise 98.1, which $chapters/97_mismatch/exercises.md does not list"
expect "$out" "error: 97_mismatch: exercise 97.1 (An exercise without tests) has no tests: name a suite Ex9701Something"
expect "$out" "error: 99_broken: no test binary"
expect "$out" "98_fixture: 8 exercises, all 9 exercise tests and 1 chapter check pass against the solutions"

echo "grade self-test: hints and usage errors"
run hint --hint 98.1 --chapters-dir "$chapters"
expect_status 0 "$status" "--hint 98.1"
expect "$work/hint.out" "Exercise 98.1 — Passes (1 point)"
expect "$work/hint.out" "It has two paragraphs."
run bad_hint --hint 98.9 --chapters-dir "$chapters"
expect_status 2 "$status" "--hint 98.9"
expect "$work/bad_hint.out" "valid ids: 97.1 98.1 98.2"
run bad_flag --mode=student --frobnicate
expect_status 2 "$status" "an unknown flag"
expect "$work/bad_flag.out" "grade: unknown flag --frobnicate"
expect "$work/bad_flag.out" "usage:"
run bad_timeout --mode=student --bin-dir "$work/bin" --test-timeout=soon
expect_status 2 "$status" "a bad timeout"
expect "$work/bad_timeout.out" "--test-timeout takes a positive number of seconds, not 'soon'"

if [ "$failures" -gt 0 ]; then
    echo "grade self-test: $failures failure(s); outputs in $work"
    exit 1
fi
echo "grade self-test: all good"
