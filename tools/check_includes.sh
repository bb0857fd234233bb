#!/usr/bin/env bash
# make check-includes: the chapters form a one-way graph. A file of chapter M (chapters/MM_*/...,
# exercises/MM_*, solutions/MM_*, tests/MM_*) may include the headers of chapters up to M, never of a
# later chapter: the course is read in order, and a student on chapter M has not met chapter M+1.
#
#   tools/check_includes.sh [ROOT]      ROOT is the course's top directory (default: .)
#
# Prints file:line and the include for each offence; exit status 1 if there is one.
set -u
cd "${1:-.}" || exit 2

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(
  find chapters exercises solutions tests -regextype posix-extended \
    -regex '(chapters|exercises|solutions|tests)/[0-9][0-9]_[^/]*(/.*)?' -type f \
    -regex '.*\.(cpp|hpp|h|cc|hh|inc)' -print0 2>/dev/null | sort -z)
((${#files[@]})) || { echo "check-includes: no chapter files under ${1:-.}"; exit 0; }

awk '
  FNR == 1 { split(FILENAME, part, "/"); chapter = substr(part[2], 1, 2) + 0; ++files }
  /^[ \t]*#[ \t]*include[ \t]*["<]chapters\/[0-9][0-9]_/ {
    match($0, /chapters\/[0-9][0-9]_/)
    included = substr($0, RSTART + 9, 2) + 0
    if (included > chapter) {
      line = $0
      sub(/^[ \t]+/, "", line)
      printf "%s:%d: %s  (chapter %02d includes the later chapter %02d)\n", FILENAME, FNR, line, chapter, included
      ++bad
    }
  }
  END {
    if (bad) {
      printf "check-includes: %d include(s) of a later chapter. Move what the earlier chapter needs into it (or into\n", bad
      print "the later chapter\047s own program), so that chapters depend only on the ones before them."
      exit 1
    }
    printf "check-includes: the %d files of chapters, exercises, solutions and tests include only their own or earlier chapters\n", files
  }
' "${files[@]}"
