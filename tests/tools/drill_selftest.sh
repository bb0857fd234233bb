#!/bin/sh
# End-to-end test of make drill's tool (tools/drill.cpp) on a scratch git tree whose one exercise file
# has a block per exercise of the grader's fixture chapter (tests/tools/fixture/chapters/98_fixture).
# Its "build" is a script: a file that still throws NotImplemented gives a test program that runs the
# fixture as stubs (every exercise fails), one that does not as solutions (every exercise passes), and
# one that says SYNTAX ERROR does not compile. The clock is --now, so the times are exact.
#
#   sh tests/tools/drill_selftest.sh DRILL WORKDIR FIXTURE_BINARY      (grade_selftest.sh runs it)
set -u
top=$(pwd)
absolute() { case $1 in /*) echo "$1" ;; *) echo "$top/$1" ;; esac; }
drill=$(absolute "$1")
work=$(absolute "$2")
fixture=$(absolute "$3")
. "$(dirname "$0")/selftest_lib.sh"

if ! command -v git >/dev/null 2>&1 || ! command -v bash >/dev/null 2>&1; then
    echo "drill self-test: no git or no bash, make drill is not tested"
    exit 0
fi
rm -rf "$work"
tree=$work/tree
mkdir -p "$tree/exercises" "$work/bin" "$work/drill-bin"
fake_build=$work/build.sh
cat >"$fake_build" <<EOF
#!/bin/sh
# build.sh SOURCE PROGRAM: the fake compiler of this self-test.
rm -f "\$2"
if grep -q 'SYNTAX ERROR' "\$1"; then echo "\$1:9:5: error: expected ';' before 'ERROR'" >&2; exit 1; fi
if grep -q 'NotImplemented' "\$1"; then mode=stub; else mode=solution; fi
printf '#!/bin/sh\nFIXTURE_MODE=%s exec "%s" "\$@"\n' "\$mode" "$fixture" >"\$2" && chmod +x "\$2"
EOF
{
    echo '#include "chapters/98_fixture/fixture.hpp"'
    echo
    echo 'namespace course::fixture {'
    for k in 1 2 3 4 5 6 7 8 9; do
        printf '\n// Exercise 98.%s — the fixture'"'"'s exercise %s.\nint exercise_%s() {\n    throw NotImplemented("98.%s");\n}\n' "$k" "$k" "$k" "$k"
    done
    echo
    echo '}  // namespace course::fixture'
} >"$tree/exercises/98_fixture.cpp"
(cd "$tree" && git init -q . && git config user.email selftest@example.com && git config user.name selftest &&
    git add exercises && git commit -q -m stubs) || { echo "FAIL: cannot set up the git tree"; exit 1; }

t0=1780000000   # 2026-05-28 20:26:40 UTC
# run NAME [--now OFFSET] ARGS...: the drill tool in the tree, output in $work/NAME.out, status in $status.
run() {
    name=$1
    shift
    now=$t0
    if [ "$1" = --now ]; then now=$((t0 + $2)); shift 2; fi
    (cd "$tree" && TZ=UTC "$drill" "$@" --now "$now" --chapters-dir "$top/tests/tools/fixture/chapters" \
        --tools-dir "$top/tools" --out "$work/out" --test-timeout 5 \
        --bin-dir "$work/bin" --build "sh $fake_build exercises/{}.cpp $work/bin/{}_test" \
        --drill-bin-dir "$work/drill-bin" --drill-build "sh $fake_build .drill/{}.cpp $work/drill-bin/{}_test") \
        >"$work/$name.out" 2>&1
    status=$?
}
record=$tree/.drill/record.tsv
copy=$tree/.drill/98_fixture.cpp

echo "drill self-test: nothing passes yet, unknown ids, no drill open"
run nothing --chapters 98
expect_status 1 "$status" "make drill before any exercise passes"
expect "$work/nothing.out" "make drill: no exercise of 98_fixture passes on your code yet, so there is nothing to rehearse."
expect "$work/nothing.out" "Start with exercise 98.1 — Passes (1 point), in exercises/98_fixture.cpp: make test EX=98.1"
run not_passed --exercise 98.1
expect_status 1 "$status" "make drill EX=98.1 on its stub"
expect "$work/not_passed.out" "make drill: exercise 98.1 does not pass on your code yet (make test EX=98.1 shows why)"
run unknown --exercise 98.12
expect_status 2 "$status" "make drill EX=98.12"
expect "$work/unknown.out" "make drill: no exercise 98.12 in"
expect "$work/unknown.out" "its exercises are 98.1 to 98.9"
run unknown_chapter --exercise 42.1
expect_status 2 "$status" "make drill EX=42.1"
expect "$work/unknown_chapter.out" "make drill: no chapter 42"
run no_drill done
expect_status 1 "$status" "make drill done with no drill open"
expect "$work/no_drill.out" "make drill done: no drill is open"
run no_cancel cancel
expect_status 1 "$status" "make drill cancel with no drill open"
[ ! -e "$record" ] || fail "a refused make drill wrote $record"

# The student solves every exercise, in exercises/ only and without committing: the stubs stay in git.
sed -i 's/throw NotImplemented("98\.\([0-9]\)");/return \1;  \/\/ mine/' "$tree/exercises/98_fixture.cpp"
cp "$tree/exercises/98_fixture.cpp" "$work/mine.cpp"

echo "drill self-test: a drill that fails, then passes"
run start1 --exercise 98.1
expect_status 0 "$status" "make drill EX=98.1"
expect "$work/start1.out" "Drill 98.1 — Passes (1 point): write it again from memory"
expect "$work/start1.out" "Your drill copy: .drill/98_fixture.cpp, lines 5-9"
expect "$work/start1.out" "The description of 98.1: what it asks."
expect_not "$work/start1.out" "The first level of 98.1."
expect "$work/start1.out" "The clock started at 2026-05-28 20:26."
expect "$copy" 'throw NotImplemented("98.1");'
expect "$copy" "return 2;  // mine"
[ "$(grep -c NotImplemented "$copy")" = 1 ] || fail "the drill copy should hold the stub of 98.1 and nothing else of git's"
expect "$record" "2026-05-28T20:26:40Z	98.1	start	0	0"
(cd "$tree" && git status --porcelain --ignored .drill) | grep -q '^!! .drill/' || fail ".drill/ is not ignored by git"
run guard guard 98.1 --for "make hint"
expect_status 1 "$status" "make hint EX=98.1 during its drill"
expect "$work/guard.out" "make hint: exercise 98.1 is being drilled"
run guard_other guard 98.2
expect_status 0 "$status" "make hint EX=98.2 during a drill of 98.1"
run second --exercise 98.2
expect_status 1 "$status" "make drill EX=98.2 while 98.1 is open"
expect "$work/second.out" "make drill: a drill of 98.1 is open"
run fail1 --now 100 done
expect_status 1 "$status" "make drill done on the stub"
expect "$work/fail1.out" "98.1  Passes  1 point    FAIL"
expect "$work/fail1.out" "Drill 98.1: not yet (attempt 1, 1 min 40 s since the start)."
expect "$record" "98.1	fail	100	1"
run guard_still guard 98.01
expect_status 1 "$status" "make hint EX=98.01 after a failing make drill done"
sed -i 's/throw NotImplemented("98.1");/SYNTAX ERROR/' "$copy"
run broken --now 300 done
expect_status 1 "$status" "make drill done on a drill copy that does not compile"
expect "$work/broken.out" "error: expected ';' before 'ERROR'"
expect "$work/broken.out" "attempt 2"
sed -i 's/SYNTAX ERROR/return 1;/' "$copy"
run pass1 --now 754 done
expect_status 0 "$status" "make drill done on a drill copy that passes"
expect "$work/pass1.out" "98.1  Passes  1 point    PASS"
expect "$work/pass1.out" "Drill 98.1 passed in 12 min 34 s, at attempt 3."
expect "$work/pass1.out" "2026-05-28 20:26  passed     12 min 34 s  3 attempts   (this one)"
expect "$work/pass1.out" "it stays in box 0"
run guard_after guard 98.1
expect_status 0 "$status" "make hint EX=98.1 after the drill"

echo "drill self-test: a second drill shows the first, and passes at once"
run start2 --now 86400 --exercise 98.1
expect_status 0 "$status" "a second make drill EX=98.1"
expect "$work/start2.out" "Your drills of 98.1:"
expect "$work/start2.out" "passed     12 min 34 s  3 attempts"
expect "$copy" 'throw NotImplemented("98.1");'
sed -i 's/throw NotImplemented("98.1");/return 1;/' "$copy"
run pass2 --now 86700 done
expect_status 0 "$status" "the second drill's make drill done"
expect "$work/pass2.out" "Drill 98.1 passed in 5 min 0 s, at the first attempt."
expect "$work/pass2.out" "Best time: 5 min 0 s."
expect "$work/pass2.out" "Box 1 of 6: make drill brings it back from 2026-05-30 20:31 (in 1 day)."

echo "drill self-test: a drill abandoned halfway, and what comes next"
run next --now 87000 --chapters 98
expect_status 0 "$status" "make drill CH=98"
expect "$work/next.out" "Drill 98.2 — Fails an assertion"   # never drilled comes before 98.1, not due yet
expect "$work/next.out" "(the comment above the stub in your drill copy says it)"
expect_not "$work/next.out" "A hint for 98.2"
run again --now 87100
expect_status 0 "$status" "make drill with a drill open"
expect "$work/again.out" "The clock has run 1 min 40 s (since 2026-05-29 20:36), no attempt yet."
run fail2 --now 87200 done
expect_status 1 "$status" "make drill done on 98.2's stub"
run cancel --now 87300 cancel
expect_status 0 "$status" "make drill cancel"
expect "$work/cancel.out" "Drill 98.2 abandoned after 5 min 0 s and 1 attempt."
expect "$record" "98.2	abandoned	300	1"
run guard_cancelled guard 98.2
expect_status 0 "$status" "make hint EX=98.2 after make drill cancel"
run after_cancel --now 87400 --chapters 98
expect "$work/after_cancel.out" "Drill 98.2 — Fails an assertion"   # failed last time: first in line
run cancel2 --now 87500 cancel
run later --now 900000 --chapters 98
expect "$work/later.out" "Drill 98.2 — Fails"   # still first: its last drill failed
run cancel3 --now 900100 cancel

echo "drill self-test: a corrupt record is moved aside and rebuilt"
printf 'not a record line\n2026-05-28T20:26:40Z\t98.7\tpass\t10\t1\n' >>"$record"
run corrupt --now 900200 guard 98.1
expect_status 0 "$status" "make hint with a corrupt record"
expect "$work/corrupt.out" "was corrupt (2 unreadable lines, the first on line"
expect "$work/corrupt.out" "was rebuilt from the 5 drills that could be read."
[ "$(wc -l <"$work/corrupt.out")" = 1 ] || fail "a corrupt record takes more than one line to report"
ls "$tree"/.drill/record.tsv.corrupt-* >/dev/null 2>&1 || fail "the corrupt record was not kept aside"
expect_not "$record" "not a record line"
expect "$record" "98.2	abandoned	300	1"
head -c 300 "$fixture" >"$record"
run garbage --now 900300 --exercise 98.3
expect_status 0 "$status" "make drill on a record of binary garbage"
expect "$work/garbage.out" "was rebuilt from the 0 drills that could be read."
expect "$work/garbage.out" "Drill 98.3 — Segfaults"

echo "drill self-test: exercises/ is untouched"
cmp -s "$work/mine.cpp" "$tree/exercises/98_fixture.cpp" || fail "make drill changed exercises/98_fixture.cpp"
[ "$(ls -A "$tree/exercises")" = 98_fixture.cpp ] || fail "make drill left files in exercises/: $(ls -A "$tree/exercises")"

if [ "$failures" -gt 0 ]; then
    echo "drill self-test: $failures failure(s); outputs in $work"
    exit 1
fi
echo "drill self-test: all good"
