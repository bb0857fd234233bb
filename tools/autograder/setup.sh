#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (the zip is unpacked into
# /autograder/source). It installs the compiler and the course's packages, creates the unprivileged
# account the students' code runs as, keeps a pristine copy of the stubs, and builds everything once by
# grading the stubs (score 0) and running the challenges on them, so that grading a submission recompiles
# only the student's files.
#
# Testing without root or Gradescope: AUTOGRADER_ROOT=/tmp/ag (tools/autograder/selftest.sh does this);
# the packages are then only checked (`make deps` prints what is missing), not installed with apt-get.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")" && pwd)
course="$source_dir/course"

if [ -z "${AUTOGRADER_ROOT:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -q --no-install-recommends g++ make libgtest-dev libstb-dev fonts-dejavu-core
fi
# The account the tests run as: it owns nothing of the course, so code in a submission can neither
# rewrite /autograder/results nor the grader, the test programs or the other chapters' binaries.
if [ "$(id -u)" = 0 ] && ! id student >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin student 2>/dev/null ||
    adduser --system --no-create-home student >/dev/null 2>&1 || echo "setup.sh: could not create the user student"
fi
chmod +x "$source_dir/run_autograder" "$course"/tools/*.sh "$course"/tools/autograder/*.sh 2>/dev/null || true

# The stubs the submission's files are copied over, before every run.
rm -rf "$source_dir/stubs"
cp -r "$course/exercises" "$source_dir/stubs"

# Build once (the stubs score 0). ARCH= leaves out -march=native: Gradescope may run the image on
# another processor than the one that built it, and an instruction it lacks would crash every test.
# shellcheck source=/dev/null
. "$source_dir/run_autograder" --flags-only
make -C "$course" --no-print-directory test $AUTOGRADER_MAKE >"$source_dir/setup-build.log" 2>&1 || true
# shellcheck disable=SC2086
make -C "$course" --no-print-directory challenge $AUTOGRADER_MAKE >>"$source_dir/setup-build.log" 2>&1 || true
compgen -G "$course/build/*/tools/grade" >/dev/null || {
  echo "setup.sh: the course did not build; the end of $source_dir/setup-build.log:"
  tail -n 40 "$source_dir/setup-build.log"
  exit 1
}
echo "setup.sh: the course is built; the stubs score $(grep -m1 '"score"' "$course/build/grade/results.json" | tr -dc '0-9')"
