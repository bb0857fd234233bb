#!/usr/bin/env bash
# make reset EX=10.6: puts exercise 10.6's untouched stub back into exercises/10_optimizers.cpp,
# replacing only that exercise's block (tools/exercise_block.sh), after asking. What it replaces is
# kept in exercises/.backup/10_optimizers.cpp.<date-time> (ignored by git).
#
#   tools/reset.sh ID        run from the repository's top; YES=1 answers the question with yes
#   tools/reset.sh --stub ID prints that stub block and changes nothing (make drill's pristine stub)
#
# The stub is taken from git: the newest committed version of the file whose block for ID still
# throws NotImplemented("ID"). Exit status: 0 reset (or already the stub), 1 refused or not possible,
# 2 a bad command line or no terminal to ask on.
set -u
here=$(dirname "$0")
block() { "$here/exercise_block.sh" "$@"; }

stub_only=0
if (($# == 2)) && [ "$1" = --stub ]; then stub_only=1; shift; fi
(($# == 1)) || { echo "usage: make reset EX=10.6" >&2; exit 2; }
[[ $1 =~ ^0*([1-9][0-9]?)\.0*([1-9][0-9]?)$ ]] || { echo "make reset: '$1' is not an exercise id such as 10.6" >&2; exit 2; }
id=${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
chapter=$(printf '%02d' "${id%%.*}")
files=(exercises/"$chapter"_*.cpp)
file=${files[0]}
[ -f "$file" ] || { echo "make reset: no exercises/${chapter}_*.cpp for exercise $id" >&2; exit 1; }

if ! command -v git >/dev/null 2>&1 || ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "make reset: the untouched stub comes from the project's git history, and this is not a git" >&2
  echo "checkout (or git is not installed). Copy the block of exercise $id from a fresh clone instead." >&2
  exit 1
fi

# The newest committed stub of this exercise.
stub=""
while read -r commit; do
  candidate=$(git show "$commit:$file" 2>/dev/null | block - "$id"; printf x)  # the x keeps trailing newlines
  candidate=${candidate%x}
  if [[ $candidate == *"NotImplemented(\"$id\")"* ]]; then
    stub=$candidate
    stub_commit=$commit
    break
  fi
done < <(git log --format=%H -- "$file")
if [ -z "$stub" ]; then
  echo "make reset: no commit of $file has a block \"// Exercise $id\" that throws NotImplemented(\"$id\")," >&2
  echo "so there is no stub to put back." >&2
  exit 1
fi
if ((stub_only)); then printf '%s' "$stub"; exit 0; fi

range=$(block "$file" "$id" --lines) || {
  echo "make reset: $file has no line \"// Exercise $id ...\", so which lines are the exercise is unclear." >&2
  echo "Put that comment line back above the exercise's function(s), then run make reset again." >&2
  exit 1
}
read -r first last <<<"$range"
current=$(block "$file" "$id"; printf x)
current=${current%x}
if [ "$current" = "$stub" ]; then
  echo "Exercise $id in $file is already the untouched stub: nothing to do."
  exit 0
fi

echo "make reset: this replaces lines $first-$last of $file (exercise $id, your version) with the"
echo "stub from commit ${stub_commit:0:10}. Your version is kept in exercises/.backup/."
if [ "${YES:-0}" != 1 ]; then
  if [ ! -t 0 ]; then
    echo "make reset asks before replacing your code, and there is no terminal to ask on." >&2
    echo "Run it in a terminal, or answer yes ahead: make reset EX=$id YES=1" >&2
    exit 2
  fi
  read -r -p "Replace exercise $id with its stub? [y/N] " answer
  case $answer in
    y | Y | yes | Yes | YES) ;;
    *) echo "Left as it was."; exit 1 ;;
  esac
fi

mkdir -p exercises/.backup || exit 1
[ -f exercises/.backup/.gitignore ] || printf '# make reset keeps replaced exercises here; not for git.\n*\n' >exercises/.backup/.gitignore
backup=exercises/.backup/$(basename "$file").$(date +%Y%m%d-%H%M%S)
n=1
while [ -e "$backup" ]; do backup=${backup%.~*}.~$n; n=$((n + 1)); done
cp -p "$file" "$backup" || { echo "make reset: cannot write $backup; nothing changed." >&2; exit 1; }

tmp=$file.reset.$$
{
  head -n $((first - 1)) "$file"
  printf '%s' "$stub"
  tail -n +$((last + 1)) "$file"
} >"$tmp" && mv "$tmp" "$file" || { rm -f "$tmp"; echo "make reset: cannot rewrite $file; nothing changed." >&2; exit 1; }
echo "Exercise $id is the stub again. Your version of the file: $backup"
