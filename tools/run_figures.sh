#!/usr/bin/env bash
# make figures: runs the chapter programs, JOBS at a time, and prints each one's narrative whole and in
# chapter order as soon as it and the chapters before it are done. Every program writes only its own
# figures, so running them side by side changes no byte of any figure or printed number (each run is
# seeded); a machine with two cores draws the course in about half the time.
#
#   tools/run_figures.sh BIN_DIR FIGURES_DIR JOBS CHAPTER... [-- PROGRAM_ARGS...]
#
# Stops at the first program that fails, shows its output and exits 1. Prints each program's time.
#
# The order they start in: one slot runs the chapters in order, so that the narrative streams from the
# first second; the other slots take the longest program left, by its time in the last run with the
# same arguments (kept beside the binaries), so that the run does not end on one long program alone.
# A first run, knowing no times, starts them in chapter order.
set -u
(($# >= 4)) || { echo "usage: tools/run_figures.sh BIN_DIR FIGURES_DIR JOBS CHAPTER... [-- ARGS...]" >&2; exit 2; }
bin=$1 figures=$2 jobs=$3
shift 3
chapters=() args=()
while (($#)); do
  if [ "$1" = -- ]; then shift; args=("$@"); break; fi
  chapters+=("$1"); shift
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || jobs=1
logs=$(mktemp -d "${TMPDIR:-/tmp}/course-figures.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$logs"' EXIT
mkdir -p "$figures"

run() {  # run CHAPTER: its output and then its status and seconds, in files of its own
  local ch=$1 start
  start=$(date +%s.%N)
  "$bin/$ch" --out "$figures" "${args[@]}" >"$logs/$ch.log" 2>&1
  local status=$?
  printf '%s %s\n' "$status" "$(echo "$(date +%s.%N) - $start" | bc)" >"$logs/$ch.done.tmp"
  mv "$logs/$ch.done.tmp" "$logs/$ch.done"
}

shown=0 total=0
show_ready() {  # prints, in order, every finished chapter not shown yet; exits on a failure
  while ((shown < ${#chapters[@]})) && [ -f "$logs/${chapters[shown]}.done" ]; do
    local ch=${chapters[shown]} status seconds
    read -r status seconds <"$logs/$ch.done"
    echo "=== $ch ==="
    cat "$logs/$ch.log"
    if [ "$status" != 0 ]; then
      echo "make figures: $ch failed (exit status $status); the figures of the chapters after it were not all drawn"
      exit 1
    fi
    printf '(%s: %.1f s)\n' "$ch" "$seconds"
    total=$(echo "$total + $seconds" | bc)
    shown=$((shown + 1))
  done
}

times_file="$bin/.seconds$(printf '%s' "${args[*]:-}" | tr -c 'A-Za-z0-9' '_')"
declare -A last=()
if [ -f "$times_file" ]; then
  while read -r ch seconds; do last[$ch]=$seconds; done <"$times_file"
fi
remaining=("${chapters[@]}") ordered=""
choose() {  # sets pick, the index in remaining of the chapter to start next
  pick=0
  if [ -z "$ordered" ] || [ -f "$logs/$ordered.done" ]; then ordered=${remaining[0]}; return; fi
  local best=-1 i seconds
  for i in "${!remaining[@]}"; do
    seconds=${last[${remaining[i]}]:-}
    if [ -n "$seconds" ] && (($(echo "$seconds > $best" | bc))); then best=$seconds pick=$i; fi
  done
}
while ((${#remaining[@]})); do
  while (($(jobs -rp | wc -l) >= jobs)); do
    wait -n
    show_ready
  done
  choose
  ch=${remaining[pick]}
  remaining=("${remaining[@]:0:pick}" "${remaining[@]:pick+1}")
  run "$ch" &
done
while ((shown < ${#chapters[@]})); do
  wait -n 2>/dev/null || sleep 0.05
  show_ready
done
for ch in "${chapters[@]}"; do
  read -r status seconds <"$logs/$ch.done"
  last[$ch]=$seconds
done
for ch in "${!last[@]}"; do echo "$ch ${last[$ch]}"; done | sort >"$times_file.tmp" && mv "$times_file.tmp" "$times_file"
printf 'make figures: %d programs, %.1f s of running in all, %d at a time\n' "${#chapters[@]}" "$total" "$jobs"
