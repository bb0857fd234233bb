#!/usr/bin/env bash
# make student-release: the course as a class receives it, in build/student-release/ (or the folder
# given): the committed tree without solutions/ (the reference code and the worked answers to the
# written questions) and without tests/mutants/ (its patches quote the reference code line by line).
#
# What changes for the students (docs/INSTRUCTOR_GUIDE.md, "Solutions in the students' hands"):
# every chapter then runs on their own code of the chapters before it, so a test that uses an earlier
# chapter's exercise fails with "do N.M first" until they have; `make solution`, `make figures` and
# `make check` need the references and say so. Hand out the figures as a PNG folder or the gallery.
#
#   tools/student_release.sh [FOLDER]        then: cd FOLDER && git init && git add -A && git commit ...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build/student-release}
case "$out" in /*) ;; *) out="$root/$out" ;; esac
git -C "$root" rev-parse --verify -q HEAD >/dev/null || { echo "student-release: needs a git checkout" >&2; exit 2; }
[ -z "$(git -C "$root" status --porcelain -- exercises tests chapters common tools Makefile mk)" ] ||
  echo "student-release: note: it holds the last commit; your uncommitted changes are not in it"

rm -rf "$out"
mkdir -p "$out"
git -C "$root" archive HEAD | tar -x -C "$out"
rm -rf "$out/solutions" "$out/tests/mutants"
cat >"$out/RELEASE.md" <<EOF
# This copy of the course is a student release

Made by \`make student-release\` from commit $(git -C "$root" rev-parse --short HEAD). It has no \`solutions/\`:
every chapter runs on your own exercises, including those of earlier chapters, so finish a chapter's
exercises before you rely on them in a later one (a test that needs one you have not done says which).
\`make test\`, \`make progress\`, \`make hint\`, \`make watch\` and \`make run CH=NN\` work as the README says;
\`make solution\`, \`make figures\` and \`make check\` need the reference solutions, which your instructor keeps.
EOF
echo "wrote ${out#"$root"/}: $(find "$out" -type f | wc -l) files, without solutions/ and tests/mutants/"
