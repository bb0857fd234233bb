#!/usr/bin/env bash
# make watch [CH=10]: grades again each time a file under exercises/ is saved, on a cleared screen.
# Waits with inotifywait (package inotify-tools, which `make deps` installs when it can), or else
# polls the files' modification times every second. Ctrl-C leaves.
#
#   tools/watch.sh COMMAND...     COMMAND grades (the Makefile passes `make test`)
#
# WATCH_POLL=1 polls even when inotifywait is there; WATCH_ROUNDS=N stops after N gradings (the
# self-test uses both).
set -u
(($#)) || { echo "usage: tools/watch.sh COMMAND..." >&2; exit 2; }
[ -d exercises ] || { echo "make watch: no exercises/ here; run it from the course's top directory" >&2; exit 2; }

stamp=$(mktemp "${TMPDIR:-/tmp}/course-watch.XXXXXX") || exit 1
trap 'rm -f "$stamp"' EXIT
trap 'echo; echo "make watch: stopped."; exit 0' INT TERM

if command -v inotifywait >/dev/null 2>&1 && [ "${WATCH_POLL:-0}" != 1 ]; then
  how="inotifywait"
else
  how="a look every second"
fi

# Any exercise file (not a make reset backup) modified since the stamp?
changed() {
  [ -n "$(find exercises -path exercises/.backup -prune -o -type f -newer "$stamp" -print 2>/dev/null | head -n 1)" ]
}

wait_for_change() {
  while ! changed; do
    if [ "$how" = inotifywait ]; then
      # Editors save by writing in place or by renaming a new file over the old one. The timeout
      # covers a save between the check above and inotifywait's start; status 1 is an error.
      inotifywait -qq -t 2 -r -e close_write -e moved_to -e create --exclude '/\.backup(/|$)' exercises \
        >/dev/null 2>&1
      [ $? = 1 ] && sleep 1
    else
      sleep 1
    fi
  done
}

rounds=0
while :; do
  touch "$stamp"
  [ -t 1 ] && printf '\033[H\033[2J\033[3J'  # clear the screen and its scroll-back
  echo "make watch: grading at $(date +%H:%M:%S)"
  "$@"
  rounds=$((rounds + 1))
  if [ -n "${WATCH_ROUNDS:-}" ] && ((rounds >= WATCH_ROUNDS)); then exit 0; fi
  echo
  echo "make watch: waiting for a saved file under exercises/ ($how). Ctrl-C leaves."
  wait_for_change
done
