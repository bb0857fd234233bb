#!/usr/bin/env bash
# make check-autograder: unpacks the autograder zip into a folder laid out like Gradescope's
# /autograder (source/, submission/, results/), runs setup.sh, then grades three submissions:
#   the untouched stubs         -> score 0, every exercise listed with its points; the challenges of
#                                  the assignment listed with no score and an empty "leaderboard"
#   the reference solutions     -> full score (submitted as my-course/exercises/*.cpp), and a
#                                  "leaderboard" entry {"name", "value", "order"} per challenge
#   one file that does not compile, the rest solutions -> that chapter 0, the others full, and the
#                                  compiler's error in the output the student sees
# It takes a few minutes: setup.sh builds the whole course once, and each submission recompiles the
# exercise files. Usage: selftest.sh ZIP DIR. REUSE_SETUP=1 keeps an earlier run's DIR and its build
# (for working on run_autograder: copy the new one to DIR/source/ first).
set -euo pipefail
zip=$1 dir=$2
if [ "${REUSE_SETUP:-0}" = 1 ] && [ -d "$dir/source/stubs" ]; then
  dir=$(cd "$dir" && pwd)
  echo "=== reusing the setup in $dir (REUSE_SETUP=1) ==="
else
  rm -rf "$dir" && mkdir -p "$dir/source" "$dir/results"
  dir=$(cd "$dir" && pwd)
  if command -v unzip >/dev/null; then unzip -q "$zip" -d "$dir/source"; else python3 -m zipfile -e "$zip" "$dir/source"; fi
  for f in setup.sh run_autograder course/Makefile; do
    [ -f "$dir/source/$f" ] || { echo "check-autograder: the zip has no $f at the expected place"; exit 1; }
  done
  echo "=== setup.sh (builds the course once; a few minutes) ==="
  AUTOGRADER_ROOT=$dir bash "$dir/source/setup.sh"
fi
cp "$dir/source/run_autograder" "$dir/run_autograder"  # what Gradescope does

# The assignment's chapters (all of them, or CH= of make autograder) and its challenges (those whose
# home chapter it holds), as the course's Makefile selects them; the total their catalogues promise.
assignment() {  # VARIABLE: its value in the zip's course for the zip's CH
  make -s -C "$dir/source/course" --no-print-directory -f Makefile -f - print-it \
    $(sed -n 's/^CH=\(..*\)/CH=\1/p' "$dir/source/course/autograder.conf") <<MK 2>/dev/null
print-it: ; @echo \$($1)
MK
}
selected=$(assignment SELECTED)
challenges=$(assignment CHALLENGES | wc -w)
catalogues=$(for ch in $selected; do echo "$dir/source/course/chapters/$ch/exercises.md"; done)
# shellcheck disable=SC2086  # one path per chapter
possible=$(grep -h '^## [0-9][0-9]*\.[0-9]' $catalogues | sed 's/.*· \([0-9]*\) point.*/\1/' | paste -sd+ | bc)
# shellcheck disable=SC2086
exercises=$(grep -h '^## [0-9][0-9]*\.[0-9]' $catalogues | wc -l)

grade() {  # name, expected score; grades $dir/submission
  local name=$1 want=$2
  rm -rf "$dir/results" && mkdir -p "$dir/results"
  AUTOGRADER_ROOT=$dir "$dir/run_autograder" >"$dir/$name.log" 2>&1
  local json="$dir/results/results.json"
  [ -f "$json" ] || { echo "check-autograder: $name: no results.json (log: $dir/$name.log)"; exit 1; }
  if command -v python3 >/dev/null; then
    python3 -m json.tool "$json" >/dev/null || { echo "check-autograder: $name: results.json is not valid JSON"; exit 1; }
  fi
  local score tests max board entries
  score=$(grep -m1 '"score"' "$json" | tr -dc '0-9')
  tests=$(grep -c '"number": "[0-9]' "$json")
  max=$(grep -o '"max_score": [0-9]*' "$json" | tr -dc '0-9\n' | paste -sd+ | bc)
  entries=$(grep -c '"number": "part[0-9]*", "name": "Challenge (extra credit) ' "$json" || true)
  board=$(grep -c '^    {"name": ".*", "value": -\{0,1\}[0-9][0-9.eE+-]*, "order": "\(asc\|desc\)"}' "$json" || true)
  echo "  $name: score $score of $max, $tests exercises, $entries challenges, $board on the leaderboard" \
       "(want $want of $possible, $exercises exercises, $challenges challenges, $want_board on the leaderboard)"
  [ "$score" = "$want" ] && [ "$tests" = "$exercises" ] && [ "$max" = "$possible" ] && [ "$entries" = "$challenges" ] &&
    [ "$board" = "$want_board" ] && grep -q '^  "leaderboard": \[' "$json" ||
    { echo "check-autograder: $name scored wrong; see $dir/$name.log and $json"; exit 1; }
  if command -v python3 >/dev/null; then
    python3 - "$json" "$want_board" <<'PY' || { echo "check-autograder: $name: the leaderboard is not of Gradescope's documented shape"; exit 1; }
import json, sys
data = json.load(open(sys.argv[1]))
board = data["leaderboard"]
assert isinstance(board, list) and len(board) == int(sys.argv[2]), board
for entry in board:
    assert set(entry) == {"name", "value", "order"}, entry
    assert isinstance(entry["name"], str) and isinstance(entry["value"], (int, float)), entry
    assert entry["order"] in ("asc", "desc"), entry
PY
  fi
}

echo "=== grading three submissions ==="
rm -rf "$dir/submission" && mkdir -p "$dir/submission" && cp -r "$dir/source/stubs" "$dir/submission/exercises"
want_board=0
grade stubs 0
rm -rf "$dir/submission" && mkdir -p "$dir/submission/my-course/exercises"
cp "$dir/source/course/solutions"/*.cpp "$dir/submission/my-course/exercises/"
want_board=$challenges  # the default configurations, shipped in the stubs' folder, not submitted
grade solutions "$possible"
first=$(echo $selected | cut -d' ' -f1).cpp  # the assignment's first chapter
echo "this line is not C++;" >>"$dir/submission/my-course/exercises/$first"
chapter_points=$(grep -h '^## [0-9]' "$dir/source/course/chapters/${first%.cpp}/exercises.md" | sed 's/.*· \([0-9]*\) point.*/\1/' | paste -sd+ | bc)
want_board=$challenges
for id in $(assignment CHALLENGES); do  # a challenge that runs the broken chapter's exercises has no score
  case " $(assignment challenge_runs_$id) " in *" ${first%.cpp} "*) want_board=$((want_board - 1)) ;; esac
done
grade "broken-$first" $((possible - chapter_points))
grep -q 'error' <(grep '"output"' "$dir/results/results.json" | head -n 1) ||
  { echo "check-autograder: the compiler's error is not in the output the student sees"; exit 1; }
echo "check-autograder: the zip grades stubs 0, solutions $possible/$possible, a broken file costs only its chapter;" \
     "$challenges challenge(s) on the leaderboard"
