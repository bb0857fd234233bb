#!/usr/bin/env bash
# make autograder: builds the Gradescope autograder zip (docs/INSTRUCTOR_GUIDE.md).
#
#   tools/autograder/build.sh [ZIP]          default build/autograder.zip
#   HIDDEN=dir tools/autograder/build.sh     also compiles dir/NN_topic_test.cpp into chapter NN's tests
#   HIDDEN_VISIBILITY=after_published        when Gradescope shows the hidden tests' results (default
#                                            after_due_date; also hidden, visible)
#   CHAPTERS=10 or CHAPTERS=10-12            an assignment of those chapters only (make autograder CH=...,
#                                            where the Makefile has checked that they exist); the
#                                            challenges whose home chapter (04, 11, 15) is among them run
#   CHALLENGE_BONUS=N                        points of extra credit for a challenge whose score beats the
#                                            reference's (default 0: the entries score 0 and the
#                                            leaderboard is the extra credit, awarded by hand)
#
# The zip's course/autograder.conf records the assignment's chapters, the hidden tests'
# visibility and the challenges' bonus; course/tests/hidden/suites.txt the hidden suites, which results.json reports apart.
#
# The zip holds setup.sh and run_autograder at its root (Gradescope's layout) and the course under
# course/: the committed tree (git archive HEAD), so neither an instructor's solved exercises nor
# build products go in. Hidden tests are copied to course/tests/hidden/ and #included at the end of
# the chapter's public test file, so their suites (ExNNMM...) count towards the same exercises.
#
# The archive is written with `zip` when it is installed, otherwise with Python's zipfile module (a few
# lines below); both keep the files' Unix permissions, which the course's scripts need (tools/*.sh,
# run_autograder). `python3 -m zipfile -c` would not, which is why it is not used.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
zip_path=${1:-build/autograder.zip}
case "$zip_path" in /*) ;; *) zip_path="$repo/$zip_path" ;; esac

stage=$(mktemp -d "${TMPDIR:-/tmp}/autograder.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/course"
if git -C "$repo" rev-parse --verify -q HEAD >/dev/null; then
  git -C "$repo" archive HEAD | tar -x -C "$stage/course"
  if ! git -C "$repo" diff --quiet HEAD -- exercises tests chapters solutions common tools Makefile; then
    echo "autograder: note: the zip holds the last commit; your uncommitted changes are not in it"
  fi
else
  tar -C "$repo" --exclude=./build --exclude=./figures --exclude=./.git -cf - . | tar -x -C "$stage/course"
fi
cp "$repo/tools/autograder/setup.sh" "$repo/tools/autograder/run_autograder" "$stage/"
chmod +x "$stage/setup.sh" "$stage/run_autograder"

hidden=0
if [ -n "${HIDDEN:-}" ]; then
  [ -d "$HIDDEN" ] || { echo "autograder: HIDDEN=$HIDDEN is not a directory"; exit 2; }
  mkdir -p "$stage/course/tests/hidden"
  for file in "$HIDDEN"/*_test.cpp; do
    [ -e "$file" ] || continue
    name=$(basename "$file")
    public="$stage/course/tests/$name"
    [ -f "$public" ] || {
      echo "autograder: $file names no chapter (expected the name of a chapter's test file, e.g. 04_gradient_descent_test.cpp)"
      exit 2
    }
    cp "$file" "$stage/course/tests/hidden/$name"
    printf '\n// Hidden tests, added by make autograder HIDDEN=...: not in the students'"'"' copy.\n#include "tests/hidden/%s"\n' \
      "$name" >>"$public"
    hidden=$((hidden + 1))
  done
  [ "$hidden" -gt 0 ] || { echo "autograder: HIDDEN=$HIDDEN holds no NN_topic_test.cpp file"; exit 2; }
  # The suites they define, so that results.json can report them apart with their own visibility.
  sed -n -E 's/^[[:space:]]*TEST(_F|_P)?\([[:space:]]*([A-Za-z0-9]+)[[:space:]]*,.*/\2/p' "$stage/course/tests/hidden"/*_test.cpp |
    sort -u >"$stage/course/tests/hidden/suites.txt"
fi
visibility=${HIDDEN_VISIBILITY:-after_due_date}
case $visibility in hidden|after_due_date|after_published|visible) ;;
  *) echo "autograder: HIDDEN_VISIBILITY is hidden, after_due_date, after_published or visible, not '$visibility'"; exit 2 ;;
esac
bonus=${CHALLENGE_BONUS:-0}
case $bonus in ''|*[!0-9]*) echo "autograder: CHALLENGE_BONUS is a whole number of points, not '$bonus'"; exit 2 ;; esac
printf 'CH=%s\nHIDDEN_VISIBILITY=%s\nCHALLENGE_BONUS=%s\n' "${CHAPTERS:-}" "$visibility" "$bonus" >"$stage/course/autograder.conf"

mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
if command -v zip >/dev/null 2>&1; then
  (cd "$stage" && zip -q -r -X "$zip_path" setup.sh run_autograder course)
elif command -v python3 >/dev/null 2>&1; then
  python3 - "$stage" "$zip_path" <<'PY'
import os, sys, zipfile
stage, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for top in ("setup.sh", "run_autograder", "course"):
        path = os.path.join(stage, top)
        walk = [(os.path.dirname(path), [], [top])] if os.path.isfile(path) else os.walk(path)
        for folder, dirs, files in walk:
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(folder, name)
                info = zipfile.ZipInfo.from_file(full, os.path.relpath(full, stage))
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(full, "rb") as f:
                    z.writestr(info, f.read())  # from_file keeps the Unix mode in external_attr
PY
else
  echo "autograder: neither zip nor python3 is installed: sudo apt-get install zip"
  exit 2
fi
echo "wrote ${zip_path#"$repo"/} ($(du -k "$zip_path" | cut -f1) kB, grading $([ -n "${CHAPTERS:-}" ] && echo "chapters $CHAPTERS" || echo "every chapter")$([ $hidden -gt 0 ] && echo ", hidden tests for $hidden chapter(s), shown $visibility"))"
echo "Upload it as the assignment's autograder on Gradescope (Ubuntu 22.04 base image); docs/INSTRUCTOR_GUIDE.md."
