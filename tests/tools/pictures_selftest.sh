#!/bin/sh
# The failure pictures' promise (tests/support/picture.hpp), end to end on chapter 10's real tests:
# graded with --pictures, a wrong Adam draws 10.6's trajectory picture, a valid PNG, and the scoreboard
# lists it; the reference draws nothing; the graded exercise's old pictures go, other chapters' stay;
# without --pictures nothing is drawn, even with COURSE_FAILURE_PICTURES left in the environment.
# POSIX sh, run by make check-grader (mk/checks.mk builds the two test programs).
#
#   sh tests/tools/pictures_selftest.sh GRADE PNGCHECK WRONG_BIN_DIR RIGHT_BIN_DIR WORKDIR
set -u
grade=$1
pngcheck=$2
wrong=$3
right=$4
work=$5
. "$(dirname "$0")/selftest_lib.sh"

rm -rf "$work"
pictures=$work/failures
mkdir -p "$pictures"
# Left from an earlier run: 10.6's goes when 10.6 is graded again, 9.1's and a stranger's stay.
printf 'old' >"$pictures/10.6_stale.png"
printf 'old' >"$pictures/9.1_other.png"
printf 'mine' >"$pictures/notes.txt"

echo "pictures self-test: Adam with its bias correction one step ahead"
"$grade" --mode=student --bin-dir "$wrong" --exercise 10.6 --out "$work/wrong" --pictures "$pictures" \
    >"$work/wrong.out" 2>&1
status=$?
[ "$status" = 1 ] || fail "the wrong Adam graded with exit status $status, expected 1"
picture=$pictures/10.6_adam_trajectory.png
if [ -f "$picture" ]; then
    "$pngcheck" "$picture" >"$work/pngcheck.out" 2>&1 || { fail "$picture is not a valid figure"; cat "$work/pngcheck.out"; }
else
    fail "no $picture"
    ls -l "$pictures"
fi
expect "$work/wrong.out" "Pictures of what went wrong"
expect "$work/wrong.out" "  10.6   $picture"
[ ! -e "$pictures/10.6_stale.png" ] || fail "10.6's old picture was not removed before grading 10.6"
[ -e "$pictures/9.1_other.png" ] || fail "grading 10.6 removed chapter 9's picture"
[ -e "$pictures/notes.txt" ] || fail "grading 10.6 removed a file that is not a picture"
expect_not "$work/wrong.out" "9.1_other.png"
ls "$pictures" | grep -q '\.tmp$' && fail "a temporary file was left in $pictures"

echo "pictures self-test: the reference draws nothing"
"$grade" --mode=student --bin-dir "$right" --exercise 10.6 --out "$work/right" --pictures "$pictures" \
    >"$work/right.out" 2>&1
status=$?
[ "$status" = 0 ] || { fail "the reference graded with exit status $status, expected 0"; cat "$work/right.out"; }
expect_not "$work/right.out" "Pictures of what went wrong"
[ -z "$(ls "$pictures" | grep '^10\.')" ] || fail "a passing 10.6 left pictures: $(ls "$pictures" | grep '^10\.')"

echo "pictures self-test: without --pictures nothing is drawn"
mkdir -p "$work/leak"
COURSE_FAILURE_PICTURES=$work/leak "$grade" --mode=student --bin-dir "$wrong" --exercise 10.6 --out "$work/plain" \
    >"$work/plain.out" 2>&1
[ -z "$(ls "$work/leak")" ] || fail "the tests drew into COURSE_FAILURE_PICTURES left in the environment"
expect_not "$work/plain.out" "Pictures of what went wrong"

if [ "$failures" -gt 0 ]; then
    echo "pictures self-test: $failures failure(s); outputs in $work"
    exit 1
fi
echo "pictures self-test: all good"
