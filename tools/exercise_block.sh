#!/usr/bin/env bash
# The block of one exercise in a C++ file, the unit that `make reset` puts back and `make solution`
# shows: from its "// Exercise N.M" line down to the line before the next "// Exercise" line or the
# namespace's closing "}  // namespace course::...".
#
#   tools/exercise_block.sh FILE|DIR ID [--lines]
#
# FILE is a C++ file ("-" reads standard input); a DIR (exercises, solutions) stands for its
# NN_topic.cpp, NN being ID's chapter. Prints the block, or with --lines "FIRST LAST" (1-based,
# inclusive). Exit status 1 if the file has no block for ID, 2 for a bad command line.
set -u

usage() { echo "usage: tools/exercise_block.sh FILE|DIR ID [--lines]" >&2; exit 2; }
(($# == 2 || $# == 3)) || usage
source=$1
[[ $2 =~ ^0*([1-9][0-9]?)\.0*([1-9][0-9]?)$ ]] || { echo "exercise_block: '$2' is not an exercise id such as 10.6" >&2; exit 2; }
id=${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
lines_only=0
if (($# == 3)); then [ "$3" = --lines ] && lines_only=1 || usage; fi

if [ -d "$source" ]; then
  chapter=$(printf '%02d' "${id%%.*}")
  matches=("$source/$chapter"_*.cpp)
  [ -f "${matches[0]}" ] || { echo "exercise_block: no $source/${chapter}_*.cpp for exercise $id" >&2; exit 1; }
  source=${matches[0]}
fi

awk -v id="$id" -v lines_only="$lines_only" '
  # "// Exercise 10.6" followed by anything but another digit (so 10.6 never matches 10.60).
  function opens(line, prefix,   next_char) {
    sub(/^[ \t]+/, "", line)
    prefix = "// Exercise " id
    if (substr(line, 1, length(prefix)) != prefix) return 0
    next_char = substr(line, length(prefix) + 1, 1)
    return next_char !~ /[0-9]/
  }
  # The chapter namespace closes the last block; an anonymous namespace inside a block does not.
  function closes(line) { return line ~ /^[ \t]*\/\/ Exercise [0-9]/ || line ~ /^}[ \t]*\/\/ namespace course/ }
  first == 0 && opens($0) { first = NR; block = $0 "\n"; next }
  first > 0 && last == 0 {
    if (closes($0)) { last = NR - 1; next }
    block = block $0 "\n"
  }
  END {
    if (first == 0) exit 1
    if (last == 0) last = NR
    if (lines_only) print first, last
    else printf "%s", block
  }
' "$source"
