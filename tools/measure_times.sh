#!/usr/bin/env bash
# The measured columns of docs/LEARNING_PATHS.md: per chapter, the README's words and reading time at
# 100 words a minute (an estimate), the program's full and --quick runs, and `make test CH=NN` after
# touching the chapter's exercise file. Prints Markdown table rows and the machine's load.
#
#   tools/measure_times.sh [make variables...]    e.g. tools/measure_times.sh OUT=build/mine WERROR=1
#
# Pass the same variables your build uses, or make rebuilds everything with other flags first.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$({ make --no-print-directory -s "$@" -p -q help 2>/dev/null || true; } | sed -n -E 's/^OUT :?= //p' | tail -n 1)
out=${out:-build/g++}
make --no-print-directory "$@" all >/dev/null
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
figures=$(mktemp -d)
trap 'rm -rf "$figures"' EXIT
echo "| chapter | README words | reading (est.) | program, full | quick | make test CH=NN |"
echo "|---|---|---|---|---|---|"
for dir in chapters/[0-9][0-9]_*/; do
  ch=$(basename "$dir")
  words=$(wc -w <"$dir/README.md")
  full=$(seconds "$out/bin/sol/$ch" --out "$figures")
  quick=$(seconds "$out/bin/sol/$ch" --quick --out "$figures")
  touch "exercises/$ch.cpp"
  grade=$(seconds make --no-print-directory "$@" test CH="${ch:0:2}")
  printf '| %s | %s | %d min | %.1f s | %.1f s | %.0f s |\n' "${ch/_/ }" "$words" $(((words + 50) / 100)) "$full" "$quick" "$grade"
done
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime), $(nproc) cores"
