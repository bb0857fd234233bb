#!/usr/bin/env bash
# make bench-loop: how long the student's loop takes, measured on fresh clones of the committed HEAD
# (nothing of this checkout's build/ is reused), as docs/PERFORMANCE.md reports it:
#
#   (a) the first `make test CH=01` in a new clone, stubs untouched: what a newcomer waits for first
#   (b) the whole first `make test` in another new clone, with every exercise solved (the solutions
#       copied over the stubs): the longest first grading there is
#   (c) for every exercise: touch its chapter's file, then `make test EX=NN.M` (compile, link, grade)
#   (d) `make figures` with everything built: the chapter programs' own time, per chapter and summed,
#       and the wall time of `make figures` itself, which runs them JOBS at a time (the issue's target)
#
#   tools/bench_loop.sh [--chapters "01 10 18"] [--keep] [make variables...]
#
# --chapters limits (c) and (d) to those chapters; --keep keeps the clones (their path is printed).
# Prints a table with the machine's core count and load; also writes it to build/bench-loop.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
chapters="" keep=0 vars=()
while (($#)); do
  case "$1" in
    --chapters) chapters="${2:?--chapters needs a list}"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench-loop: unknown flag $1" >&2; exit 2 ;;
    *) vars+=("$1"); shift ;;
  esac
done
git -C "$root" rev-parse --verify -q HEAD >/dev/null || { echo "bench-loop: needs a git checkout" >&2; exit 2; }
[ -z "$(git -C "$root" status --porcelain -- Makefile mk tools common chapters tests exercises solutions 2>/dev/null)" ] ||
  echo "bench-loop: note: it measures the last commit; your uncommitted changes are not in it"

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-loop.XXXXXX")
((keep)) || trap 'rm -rf "$work"' EXIT
seconds() {  # seconds COMMAND...: runs it quietly, prints the wall time; the exit status is ignored
  local s e
  s=$(date +%s.%N)
  "$@" >>"$work/log.txt" 2>&1 || true
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}
fresh_clone() { git clone -q --no-hardlinks "$root" "$1"; }
mk() { make --no-print-directory "${vars[@]}" "$@"; }

report=()
say() { report+=("$1"); echo "$1"; }
say "make bench-loop at $(git -C "$root" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# Dependencies once, outside the clock: `make deps` may install packages on a fresh machine.
(cd "$root" && tools/deps.sh >/dev/null)

fresh_clone "$work/a"
t=$(cd "$work/a" && seconds mk test CH=01)
say "$(printf '(a) first make test CH=01 in a new clone             %6.1f s' "$t")"

fresh_clone "$work/b"
cp "$work/b"/solutions/*.cpp "$work/b/exercises/"
t=$(cd "$work/b" && seconds mk test)
say "$(printf '(b) whole first make test, every exercise solved     %6.1f s' "$t")"

[ -n "$chapters" ] || chapters=$(cd "$work/b/chapters" && ls -d [0-9][0-9]_* | cut -c1-2 | tr '\n' ' ')
say "(c) touch the chapter's exercise file, then make test EX=NN.M (the slowest exercise of each chapter):"
total=0 count=0 worst=0
for n in $chapters; do
  n=$(printf '%02d' "$((10#$n))")
  file=$(ls "$work/b/exercises/${n}"_*.cpp)
  ids=$(grep -oE "^## [0-9]+\.[0-9]+ " "$work/b/chapters/$(basename "$file" .cpp)/exercises.md" | cut -d' ' -f2)
  slowest=0 slowest_id=""
  for id in $ids; do
    touch "$file"
    t=$(cd "$work/b" && seconds mk test EX="$id")
    total=$(echo "$total + $t" | bc); count=$((count + 1))
    if (($(echo "$t > $slowest" | bc))); then slowest=$t slowest_id=$id; fi
  done
  if (($(echo "$slowest > $worst" | bc))); then worst=$slowest; fi
  say "$(printf '      chapter %s: slowest %-5s %5.1f s' "$n" "$slowest_id" "$slowest")"
done
say "$(printf '    over %d exercises: mean %.1f s, slowest %.1f s' "$count" "$(echo "$total / $count" | bc -l)" "$worst")"

(cd "$work/b" && mk figures >/dev/null 2>&1) || true
out=$(cd "$work/b" && { make --no-print-directory -s "${vars[@]}" -p -q help 2>/dev/null || true; } | sed -n -E 's/^OUT :?= //p' | tail -n 1)
sum=0
line="(d) make figures, the programs alone:"
for n in $chapters; do
  n=$(printf '%02d' "$((10#$n))")
  ch=$(basename "$(ls -d "$work/b/chapters/${n}"_*)")
  t=$(cd "$work/b" && seconds "$out/bin/sol/$ch" --out "$work/figures")
  sum=$(echo "$sum + $t" | bc)
  line+=$(printf ' %s %.1f s,' "$n" "$t")
done
say "$line"
say "$(printf '    all programs, each alone, summed: %.1f s' "$sum")"
# Into a folder of its own: chapter 17 reads back the records of trials it finds in its output folder.
[ -n "$chapters" ] && narrowed=("CH=${chapters// /,}") || narrowed=()
t=$(cd "$work/b" && seconds mk figures FIGURES_DIR="$work/figures-again" "${narrowed[@]}")
say "$(printf '    make figures with everything built (JOBS=%s at a time): %.1f s' "$(nproc)" "$t")"
mkdir -p "$root/build"
printf '%s\n' "${report[@]}" >"$root/build/bench-loop.txt"
((keep)) && echo "clones kept in $work"
exit 0
