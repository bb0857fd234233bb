#!/bin/sh
# End-to-end test of the grader (tools/grade) on a fake chapter whose tests pass, fail, segfault,
# hang, throw, abort and print garbage (tests/tools/fixture/), and of the student loop's scripts
# (tools/exercise_block.sh, reset.sh, watch.sh, check_includes.sh) on scratch trees, then make drill's
# tool (tests/tools/drill_selftest.sh). POSIX sh, no python: it runs on a student's machine.
#
#   sh tests/tools/grade_selftest.sh GRADE WORKDIR [FIXTURE_BINARY]
#
# GRADE is the built grader, WORKDIR a scratch directory. Without FIXTURE_BINARY the fixture is built
# here with $CXX (default g++), $CXXFLAGS and $LDFLAGS, linked with the course's GoogleTest main, its
# assertions that teach and GoogleTest. (Failure pictures are tested on a real chapter by
# tests/tools/pictures_selftest.sh.)
set -u
grade=$1
work=$2
fixture=${3:-}
chapters=tests/tools/fixture/chapters
. "$(dirname "$0")/selftest_lib.sh"

rm -rf "$work"
mkdir -p "$work/bin"
if [ -z "$fixture" ]; then
    fixture=$work/fixture_test
    # shellcheck disable=SC2086  # the flags are word lists on purpose
    # teach.cpp uses the course library (gradient checking on Matrix and autodiff); not plot/, which
    # only picture.cpp needs.
    ${CXX:-g++} -std=c++20 -I. ${CXXFLAGS:-} tests/tools/fixture/fixture_test.cpp tests/support/teach.cpp \
        tests/support/test_main.cpp \
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
expect "$out" "Chapter 98 · fixture   1/13 points"
expect "$out" "98.1  Passes                           1 point    PASS  2/2 tests"
expect "$out" "derivative of x^2 at x=3: expected 6, got 5, tolerance 1e-09 (off by 1)"
expect "$out" "hints: make hint EX=98.2 (1 level)"
expect "$out" "hints: make hint EX=98.6 (3 levels)"
expect "$out" "98_fixture/questions.md: 2 questions to answer in writing (not graded)"
expect "$out" "$chapters/99_broken/questions.md: 3 questions"   # a numbered list counts as well
expect_next "$out" "Ex9803Segfaults.NullWrite failed:" "crashed"  # with SIGSEGV, or a sanitizer's report
expect "$out" "timed out after 2 s"
expect "$out" "about to sleep forever"
expect "$out" "threw an exception: boom: the student's code threw"
expect_not "$out" "C++ exception with description"
expect_next "$out" "Ex9809CallsAnotherStub.UsesNinetyEightSix failed:" "threw an exception: Exercise 98.6 is not implemented yet"
expect "$out" "(this test also runs your 98.6, which is not implemented yet: do 98.6 first)"
expect "$out" "aborted (uncaught exception or failed assert)"
expect_next "$out" "98.6  Not implemented yet              1 point    FAIL  0/1 tests" "       not implemented yet"
expect "$out" "it does not compile, so none of its exercises can be graded"
expect "$work/student/results.json" "not run: Ex9804Hangs.SleepsForever of the same exercise timed out (an endless loop?)"
expect "$out" "Total: 1/17 points (5%)"
expect_not "$out" "chapter check FixtureChecks"   # reached only by the one-at-a-time reruns, and passes
json=$work/student/results.json
expect "$json" '"score": 1,'
expect "$json" '"name": "98.1 Passes", "score": 1, "max_score": 1, "status": "passed"'
expect "$json" '"name": "98.3 Segfaults", "score": 0, "max_score": 3, "status": "failed"'
expect "$json" "bad bytes: $(printf '\357\277\275')"   # U+FFFD for the invalid bytes
expect "$json" '\"quoted\" <tag> &'
xml=$work/student/junit.xml
expect "$xml" '<testsuite name="98_fixture" tests="9" failures="8">'
expect "$xml" '&quot;quoted&quot; &lt;tag&gt; &amp;'
for report in "$json" "$xml" "$out"; do
    if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$report"; then
        fail "$report contains raw control characters"
    fi
done

echo "grade self-test: a chapter that does not compile shows its first error"
run build_error --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 99 --out "$work/build_error" \
    --build 'printf "%s\n" "make: building {}" "exercises/{}.cpp: In function '"'"'int answer()'"'"':" \
             "exercises/{}.cpp:7:12: error: '"'"'x'"'"' was not declared in this scope" "    7 |     return x;" \
             "      |            ^" "exercises/{}.cpp:9:1: error: a second error" >&2; exit 1'
out=$work/build_error.out
expect_status 1 "$status" "student mode, a build that fails"
expect "$out" "exercises/99_broken.cpp: In function 'int answer()':"
expect "$out" "exercises/99_broken.cpp:7:12: error: 'x' was not declared in this scope"
expect "$out" "    7 |     return x;"
expect "$out" "(the whole compiler output: $work/build_error/99_broken.build.log)"
expect_not "$out" "a second error"
expect "$work/build_error/results.json" "did not compile:\\nexercises/99_broken.cpp: In function"
run build_ok --mode=progress --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98 --out "$work/build_ok" \
    --test-timeout 2 --prepare "echo prepared >$work/prepared" --build "echo built {} >>$work/built"
expect "$work/prepared" "prepared"
expect "$work/built" "built 98_fixture"
expect "$work/build_ok.out" "98 fixture"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    echo "grade self-test: --run-as nobody keeps the tests from writing the grade"
    mkdir -p "$work/run_as" && chmod 755 "$work/run_as"
    FIXTURE_MODE=solution FIXTURE_TARGET="$work/run_as/forged.json" run run_as --mode=student --bin-dir "$work/bin" \
        --chapters-dir "$chapters" --chapters 98 --out "$work/run_as" --test-timeout 2 --run-as nobody
    expect_status 0 "$status" "student mode as nobody"
    [ ! -e "$work/run_as/forged.json" ] || fail "a test running as nobody wrote $work/run_as/forged.json"
    expect "$work/run_as.out" "Total: 13/13 points (100%)"
    run run_as_bad --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98 --run-as no-such-user-here
    expect_status 2 "$status" "--run-as an unknown user"
    expect "$work/run_as_bad.out" "--run-as: no user no-such-user-here"
fi

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
expect "$work/all_pass.out" "Total: 13/13 points (100%)"

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
expect "$out" "grade --mode=stubs: 6 problem(s)"
FIXTURE_MODE=stub run stubs_good --mode=stubs --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98 \
    --out "$work/stubs" --test-timeout 2
expect_status 0 "$status" "stubs mode on good stubs"
expect "$work/stubs_good.out" "98_fixture: all 11 exercise tests fail cleanly on the stubs"

echo "grade self-test: solutions mode"
FIXTURE_MODE=solution run solutions --mode=solutions --bin-dir "$work/bin" --chapters-dir "$chapters" \
    --chapters 97,98,99 --out "$work/solutions" --test-timeout 2
out=$work/solutions.out
expect_status 1 "$status" "solutions mode with a mismatched catalogue"
expect "$out" "error: 97_mismatch: suite Ex9801Passes names exercise 98.1, which $chapters/97_mismatch/exercises.md does not list"
expect "$out" "error: 97_mismatch: exercise 97.1 (An exercise without tests) has no tests: name a suite Ex9701Something"
expect "$out" "error: 99_broken: no test binary"
expect "$out" "98_fixture: 9 exercises, all 11 exercise tests and 2 chapter checks pass against the solutions"
expect "$out" "error: 97_mismatch: exercise 97.1 (An exercise without tests): its hint levels are out of order: $chapters/97_mismatch/exercises.md:12: \"### Hint 3\" where \"### Hint 2\" belongs"
expect "$out" "warning: 98_fixture: exercise 98.2 (Fails an assertion) has no \"### Hint 1\" ... \"### Hint n\" levels (its text is shown as one hint)"
expect "$out" "warning: 98_fixture: exercise 98.9 (Calls another exercise's stub) has no description above \"### Hint 1\""
expect_not "$out" "exercise 98.1 (Passes)"
expect_not "$out" "exercise 98.6 (Not implemented yet)"

echo "grade self-test: hint levels and usage errors"
run hint --hint 98.1 --chapters-dir "$chapters"
out=$work/hint.out
expect_status 0 "$status" "--hint 98.1"
expect "$out" "Exercise 98.1 — Passes (1 point)"
expect "$out" "The description of 98.1: what it asks."
expect "$out" "── Hint 1 of 3 ──"
expect "$out" "It has two paragraphs."
expect "$out" "Hint 1 of 3 — next: make hint EX=98.1 LEVEL=2"
expect_not "$out" "The second level of 98.1."
expect_not "$out" "### Hint"
run hint2 --hint 98.01 --level 2 --chapters-dir "$chapters"
out=$work/hint2.out
expect_status 0 "$status" "--hint 98.01 --level 2"
expect "$out" "The description of 98.1: what it asks."
expect "$out" "The first level of 98.1."
expect "$out" "── Hint 2 of 3 ──"
expect "$out" "The second level of 98.1."
expect "$out" "Hint 2 of 3 — next: make hint EX=98.1 LEVEL=3"
expect_not "$out" "The third level of 98.1."
run hint3 --hint 98.1 --level 3 --chapters-dir "$chapters"
expect "$work/hint3.out" "The third level of 98.1."
expect "$work/hint3.out" "That was the last hint (3 of 3)"
run hint4 --hint 98.1 --level=4 --chapters-dir "$chapters"
expect_status 2 "$status" "--hint 98.1 --level 4"
expect "$work/hint4.out" "exercise 98.1 has 3 hint levels: LEVEL=1 to 3"
run hint0 --hint 98.1 --level 0 --chapters-dir "$chapters"
expect_status 2 "$status" "--hint 98.1 --level 0"
expect "$work/hint0.out" "LEVEL (--level) is a hint level 1, 2, ..., not '0'"
run old_hint --hint 98.2 --chapters-dir "$chapters"
expect_status 0 "$status" "--hint 98.2 (the older format)"
expect "$work/old_hint.out" "A hint for 98.2, in the older format."
expect_not "$work/old_hint.out" "Hint 1 of"
run bad_hint --hint 98.10 --chapters-dir "$chapters"
expect_status 2 "$status" "--hint 98.10"
expect "$work/bad_hint.out" "valid ids: 97.1 98.1 98.2"
expect_not "$work/bad_hint.out" "usage:"
run bad_flag --mode=student --frobnicate
expect_status 2 "$status" "an unknown flag"
expect "$work/bad_flag.out" "grade: unknown flag --frobnicate"
expect "$work/bad_flag.out" "usage:"
run bad_timeout --mode=student --bin-dir "$work/bin" --test-timeout=soon
expect_status 2 "$status" "a bad timeout"
expect "$work/bad_timeout.out" "--test-timeout takes a positive number of seconds, not 'soon'"

echo "grade self-test: one exercise (make test EX=)"
run one_fail --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" --exercise 98.2 \
    --out "$work/one_fail" --test-timeout 2
out=$work/one_fail.out
expect_status 1 "$status" "--exercise 98.2, which fails"
expect "$out" "Chapter 98 · fixture   0/2 points"
expect "$out" "derivative of x^2 at x=3: expected 6, got 5"
expect "$out" "Total: 0/2 points (0%)"
expect_not "$out" "98.1  Passes"
expect_not "$out" "questions to answer"
expect_not "$work/one_fail/98_fixture.log" "about to sleep forever"   # only Ex9802* ran
run one_pass --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" --exercise 98.1 \
    --out "$work/one_pass" --test-timeout 2
expect_status 0 "$status" "--exercise 98.1, which passes"
expect "$work/one_pass.out" "98.1  Passes  1 point    PASS  2/2 tests"
expect "$work/one_pass.out" "Total: 1/1 point (100%)"
run one_missing --mode=student --bin-dir "$work/bin" --chapters-dir "$chapters" --exercise 98.12
expect_status 2 "$status" "--exercise 98.12, which does not exist"
expect "$work/one_missing.out" "no exercise '98.12'"

echo "grade self-test: progress"
run progress --mode=progress --bin-dir "$work/bin" --chapters-dir "$chapters" --chapters 98,99 \
    --out "$work/progress" --test-timeout 2 --chapter-timeout 60
out=$work/progress.out
expect_status 0 "$status" "progress"
expect "$out" "98 fixture         1/9       1/13"
expect "$out" "99 broken          0/1        0/4  FAIL does not compile: make test CH=99"
expect "$out" "Total             1/10       1/17  (5%)"
expect "$out" "Next: exercise 98.2 — Fails an assertion (2 points), in exercises/98_fixture.cpp"
expect "$out" "make test EX=98.2"
expect "$out" "make hint EX=98.2    its hint"
expect_not "$out" "derivative of x^2"   # only the table
FIXTURE_MODE=solution run progress_done --mode=progress --bin-dir "$work/bin" --chapters-dir "$chapters" \
    --chapters 98 --out "$work/progress_done" --test-timeout 2
expect "$work/progress_done.out" "98 fixture         9/9      13/13  PASS"
expect "$work/progress_done.out" "Every exercise passes."

# The scripts below work in scratch trees; they are found from here.
top=$(pwd)
scripts_ok=1
command -v bash >/dev/null 2>&1 || { echo "grade self-test: no bash, the student-loop scripts are not tested"; scripts_ok=0; }
if [ "$scripts_ok" = 1 ]; then
echo "grade self-test: exercise blocks (make reset, make solution)"
tree=$work/tree
mkdir -p "$tree/exercises" "$tree/solutions"
cat >"$tree/exercises/03_sample.cpp" <<'CPP'
#include "chapters/03_sample/sample.hpp"

namespace course::sample {

// A given helper, above the first exercise.
int helper() { return 1; }

// Exercise 3.1 — the first.
int first() {
    throw NotImplemented("3.1");
}

// Exercise 3.2 — the second, two functions.
int second_a() {
    throw NotImplemented("3.2");
}
int second_b() {
    throw NotImplemented("3.2");
}

// Exercise 3.10 — the tenth.
int tenth() {
    throw NotImplemented("3.10");
}

}  // namespace course::sample
CPP
blocks=$top/tools/exercise_block.sh
lines=$("$blocks" "$tree/exercises/03_sample.cpp" 3.2 --lines)
[ "$lines" = "13 20" ] || fail "exercise_block.sh 3.2 --lines: '$lines', expected '13 20'"
lines=$("$blocks" "$tree/exercises" 03.10 --lines)
[ "$lines" = "21 25" ] || fail "exercise_block.sh 3.10 --lines (up to the namespace's end): '$lines', expected '21 25'"
"$blocks" "$tree/exercises" 3.1 >"$work/block31.out"
expect "$work/block31.out" "// Exercise 3.1 — the first."
expect_not "$work/block31.out" "3.10"
expect_not "$work/block31.out" "helper"
"$blocks" "$tree/exercises" 3.3 >/dev/null 2>&1
expect_status 1 "$?" "exercise_block.sh on a missing exercise"

echo "grade self-test: make reset"
if command -v git >/dev/null 2>&1; then
    (
        cd "$tree" && git init -q . && git config user.email selftest@example.com && git config user.name selftest &&
            git add exercises && git commit -q -m stubs &&
            sed -i 's/throw NotImplemented("3.2");/return 2;  \/\/ committed work/' exercises/03_sample.cpp &&
            git commit -q -am "my 3.2" &&
            sed -i 's/throw NotImplemented("3.1");/return 1;  \/\/ mine/; s/committed work/more work/' exercises/03_sample.cpp
    ) || fail "cannot set up the git repository for make reset"
    reset=$top/tools/reset.sh
    (cd "$tree" && "$reset" 3.2 </dev/null) >"$work/reset_notty.out" 2>&1
    expect_status 2 "$?" "make reset without a terminal and without YES=1"
    expect "$work/reset_notty.out" "there is no terminal to ask on"
    expect "$tree/exercises/03_sample.cpp" "more work"   # untouched
    (cd "$tree" && YES=1 "$reset" 3.2 </dev/null) >"$work/reset.out" 2>&1
    expect_status 0 "$?" "YES=1 make reset EX=3.2"
    expect "$work/reset.out" "replaces lines 13-20 of exercises/03_sample.cpp"
    expect "$work/reset.out" "Exercise 3.2 is the stub again"
    [ "$(grep -c 'throw NotImplemented("3.2");' "$tree/exercises/03_sample.cpp")" = 2 ] ||
        fail "make reset EX=3.2 did not put both stubs of 3.2 back"
    expect_not "$tree/exercises/03_sample.cpp" "more work"
    expect "$tree/exercises/03_sample.cpp" "return 1;  // mine"   # 3.1 is left alone
    backup=$(ls "$tree"/exercises/.backup/03_sample.cpp.* 2>/dev/null | head -n 1)
    if [ -n "$backup" ]; then expect "$backup" "more work"; else fail "make reset kept no backup"; fi
    (cd "$tree" && git status --porcelain --ignored exercises/.backup) | grep -q '^!!' ||
        fail "exercises/.backup/ is not ignored by git"
    (cd "$tree" && YES=1 "$reset" 3.2) >"$work/reset_again.out" 2>&1
    expect_status 0 "$?" "make reset on a stub"
    expect "$work/reset_again.out" "already the untouched stub"
    (cd "$tree" && YES=1 "$reset" 3.7) >"$work/reset_missing.out" 2>&1
    expect_status 1 "$?" "make reset EX=3.7, an exercise no commit has"
    mkdir -p "$work/nogit/exercises" && cp "$tree/exercises/03_sample.cpp" "$work/nogit/exercises/"
    work_abs=$(cd "$work" && pwd)
    (cd "$work/nogit" && GIT_CEILING_DIRECTORIES=$work_abs YES=1 "$reset" 3.1) >"$work/reset_nogit.out" 2>&1
    expect_status 1 "$?" "make reset outside git"
    expect "$work/reset_nogit.out" "is not a git"
else
    echo "grade self-test: no git, make reset is not tested"
fi

# make watch grades once, then again after a save; with WATCH_ROUNDS=2 it then ends by itself.
watch_modes=1
command -v inotifywait >/dev/null 2>&1 && watch_modes="1 0"
for poll in $watch_modes; do
    if [ "$poll" = 1 ]; then how="a look every second"; else how="inotifywait"; fi
    echo "grade self-test: make watch ($how)"
    rm -rf "$work/watch" && mkdir -p "$work/watch/exercises" && : >"$work/watch/exercises/a.cpp"
    (cd "$work/watch" && WATCH_POLL=$poll WATCH_ROUNDS=2 "$top/tools/watch.sh" sh -c 'echo graded >>graded.txt') \
        >"$work/watch.out" 2>&1 &
    watcher=$!
    i=0
    while ! grep -qF "waiting for a saved file" "$work/watch.out" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.3   # inotifywait is listening by now
    echo "// saved" >>"$work/watch/exercises/a.cpp"
    i=0
    while kill -0 "$watcher" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$watcher" 2>/dev/null; then
        kill "$watcher"
        fail "make watch ($how) did not grade again after a save"
    fi
    wait "$watcher" 2>/dev/null
    [ "$(wc -l <"$work/watch/graded.txt")" -eq 2 ] ||
        fail "make watch ($how) graded $(wc -l <"$work/watch/graded.txt") times, expected 2"
    expect "$work/watch.out" "waiting for a saved file under exercises/ ($how)"
done

echo "grade self-test: check-includes"
inc=$work/includes
mkdir -p "$inc/chapters/02_early" "$inc/chapters/03_late" "$inc/exercises" "$inc/tests"
printf '#include "chapters/02_early/early.hpp"\n#include "chapters/03_late/late.hpp"\n' >"$inc/chapters/02_early/main.cpp"
printf '#include "chapters/02_early/early.hpp"\n' >"$inc/exercises/03_late.cpp"
printf '  #  include <chapters/04_later/x.hpp>\n' >"$inc/tests/03_late_test.cpp"
"$top/tools/check_includes.sh" "$inc" >"$work/includes.out" 2>&1
expect_status 1 "$?" "check_includes.sh on a backward include"
expect "$work/includes.out" 'chapters/02_early/main.cpp:2: #include "chapters/03_late/late.hpp"  (chapter 02 includes the later chapter 03)'
expect "$work/includes.out" "tests/03_late_test.cpp:1:"
expect "$work/includes.out" "2 include(s) of a later chapter"
expect_not "$work/includes.out" "exercises/03_late.cpp"
rm "$inc/chapters/02_early/main.cpp" "$inc/tests/03_late_test.cpp"
"$top/tools/check_includes.sh" "$inc" >"$work/includes_ok.out" 2>&1
expect_status 0 "$?" "check_includes.sh on a one-way graph"
fi

# make drill's tool sits beside the grader (mk/drill.mk builds it for check-grader).
drill=$(dirname "$grade")/drill
if [ -x "$drill" ]; then
    sh tests/tools/drill_selftest.sh "$drill" "$work/drill" "$fixture" || fail "the drill self-test (above)"
else
    fail "no $drill to test: make check-grader builds it"
fi

if [ "$failures" -gt 0 ]; then
    echo "grade self-test: $failures failure(s); outputs in $work"
    exit 1
fi
echo "grade self-test: all good"
