#!/usr/bin/env bash
# Mutation testing of the course's tests: how many small deliberate bugs in a chapter's reference
# solution make that chapter's tests fail ("killed")? A test suite that a plausible bug survives is a
# defect (issue 12). Each mutant changes one token of solutions/NN_topic.cpp:
#
#   arithmetic   + ↔ -,  * ↔ /,  += ↔ -=,  *= ↔ /=
#   comparison   < ↔ <=,  > ↔ >=,  == ↔ !=,  && ↔ ||
#   constants    an integer literal n → n + 1 (0 → 1, 1 → 2, …), a literal 1.0 → 2.0 and 0.0 → 1.0
#   calls        std::max ↔ std::min, std::sqrt(x) → (x), std::abs(x) → (x)
#   statements   ++x / --x / x++ / x-- removed
#
# Comments, string literals and preprocessor lines are never mutated. A mutant that does not compile
# ("stillborn") is not counted. A mutant that crashes, hangs (--timeout) or fails a test is killed.
#
# It works on a copy of the tree (tracked and untracked files, not build/), so your checkout is never
# left mutated, even when you press Ctrl-C. Usage:
#
#   tools/mutate.sh [--max N] [--seed S] [--timeout SEC] [--list] [--keep] CH [CH ...]
#
#   CH          a chapter: 4, 04 or 04_gradient_descent
#   --max N     at most N mutants per chapter, an even sample over the file (default: all)
#   --seed S    which sample --max takes (default 1)
#   --timeout   seconds a mutant's test run may take (default 60)
#   --list      print the mutants and stop, building nothing
#   --keep      keep the work folder (printed) for a look at a survivor
#
# Output: per chapter, every surviving mutant as file:line, the original and the mutated line, then
# "killed K of N (P%)". The last line totals all chapters. Exit 0, or 2 on a usage error, 1 when the
# unmutated solution fails its own tests (nothing can be measured then).
set -euo pipefail

usage() { sed -n '/^#   tools\/mutate.sh/,/^#   --keep/p' "$0" | sed 's/^# \{0,1\}//'; }

max=0 seed=1 timeout_s=60 list=0 keep=0 chapters=()
while (($#)); do
  case "$1" in
    --max) max="${2:?--max needs a number}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --timeout) timeout_s="${2:?--timeout needs seconds}"; shift 2 ;;
    --list) list=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "mutate: unknown flag $1" >&2; usage >&2; exit 2 ;;
    *) chapters+=("$1"); shift ;;
  esac
done
[[ "$max" =~ ^[0-9]+$ && "$seed" =~ ^[0-9]+$ && "$timeout_s" =~ ^[0-9]+$ ]] ||
  { echo "mutate: --max, --seed and --timeout take whole numbers" >&2; exit 2; }
((${#chapters[@]})) || { echo "mutate: name at least one chapter, e.g. tools/mutate.sh 04" >&2; usage >&2; exit 2; }
command -v perl >/dev/null || { echo "mutate: needs perl (Debian: perl-base)" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
resolve() {  # 4 | 04 | 04_topic -> 04_topic
  local typed=$1 n
  [[ $typed =~ ^[0-9]$ ]] && typed="0$typed"
  n=${typed%%_*}
  local found=("$root"/chapters/"$n"_*)
  [[ -d ${found[0]} ]] || { echo "mutate: no chapter '$1' in chapters/" >&2; exit 2; }
  basename "${found[0]}"
}
names=()
for c in "${chapters[@]}"; do names+=("$(resolve "$c")"); done

# The mutants of one file, one per line: LINE<TAB>COLUMN<TAB>FROM<TAB>TO (columns from 0).
list_mutants() {
  perl -ne '
    BEGIN { $in = 0; }
    chomp; my $line = $_; $in = 1 if /^namespace /; next unless $in;
    next if $line =~ /^\s*(\/\/|#)/;
    # Blank out string and character literals and the trailing comment, keeping columns.
    my $code = $line;
    $code =~ s/"(?:[^"\\]|\\.)*"/"" . ("_" x (length($&) - 2)) . "\""/ge;
    $code =~ s/'\''(?:[^'\''\\]|\\.)'\''/"___"/ge;
    if ((my $c = index($code, "//")) >= 0) { substr($code, $c) = " " x (length($code) - $c); }
    my @rules = (
      [qr/(?<=\s)\+(?=\s)/, "-"], [qr/(?<=\s)-(?=\s)/, "+"], [qr/(?<=\s)\*(?=\s)/, "/"], [qr/(?<=\s)\/(?=\s)/, "*"],
      [qr/\+=/, "-="], [qr/-=/, "+="], [qr/\*=/, "/="], [qr/\/=/, "*="],
      [qr/(?<=\s)<(?=\s)/, "<="], [qr/<=/, "<"], [qr/(?<=\s)>(?=\s)/, ">="], [qr/>=/, ">"],
      [qr/==/, "!="], [qr/!=/, "=="], [qr/&&/, "||"], [qr/\|\|/, "&&"],
      [qr/std::max\b/, "std::min"], [qr/std::min\b/, "std::max"],
      [qr/std::sqrt(?=\()/, ""], [qr/std::abs(?=\()/, ""], [qr/std::fabs(?=\()/, ""],
      [qr/\+\+(?=[A-Za-z_])/, ""], [qr/--(?=[A-Za-z_])/, ""], [qr/(?<=[A-Za-z_\]])\+\+/, ""], [qr/(?<=[A-Za-z_\]])--/, ""],
      [qr/(?<![\w.])1\.0(?![\d.eE])/, "2.0"], [qr/(?<![\w.])0\.0(?![\d.eE])/, "1.0"],
    );
    for my $r (@rules) {
      my ($re, $to) = @$r;
      # A for loop without its increment only hangs until the time limit: nothing learnt, a minute lost.
      next if $to eq "" && $re =~ /\\\+\\\+|--/ && $code =~ /\bfor\s*\(/;
      while ($code =~ /$re/g) {
        my ($col, $len) = ($-[0], $+[0] - $-[0]);
        print "$.\t$col\t", substr($line, $col, $len), "\t$to\n";
      }
    }
    # Integer literals: n -> n + 1 (not inside a float, an identifier, or a template/array size of 0).
    while ($code =~ /(?<![\w.])(\d+)(?![\w.])/g) {
      my ($col, $n) = ($-[0], $1);
      print "$.\t$col\t$n\t", $n + 1, "\n";
    }
  ' "$1"
}

# An even sample of at most $max lines, chosen by $seed.
sample() {
  if ((max == 0)); then cat; return; fi
  perl -e '
    my ($max, $seed) = @ARGV; my @all = <STDIN>; srand($seed);
    if (@all <= $max) { print @all; exit; }
    my $step = @all / $max; my $off = rand($step);
    print $all[int($off + $_ * $step)] for 0 .. $max - 1;
  ' "$max" "$seed"
}

apply_mutant() {  # file line col from to
  perl -i -pe 'if ($. == $ARGV_LINE) { substr($_, $ARGV_COL, length($ARGV_FROM)) = $ARGV_TO; }
    BEGIN { ($ARGV_LINE, $ARGV_COL, $ARGV_FROM, $ARGV_TO) = splice(@ARGV, 1, 4); }' "$1" "$2" "$3" "$4" "$5"
}

if ((list)); then
  for name in "${names[@]}"; do
    echo "== $name"
    list_mutants "$root/solutions/$name.cpp" | sample
  done
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/course-mutate.XXXXXX")
cleanup() { if ((keep)); then echo "mutate: work folder kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The copy: what git tracks plus untracked files not ignored (new work), as they are on disk now.
(cd "$root" && git ls-files -z -c -o --exclude-standard | while IFS= read -r -d '' f; do
   [[ -e $f ]] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$work"

# The -O1 build is cached in build/mutate between runs (objects keep their times, so only what
# changed since is rebuilt); a run copies it in and puts it back at the end.
cache="$root/build/mutate"
if [[ -d $cache ]]; then mkdir -p "$work/build"; cp -a "$cache" "$work/build/mutate"; fi
save_cache() {
  mkdir -p "$root/build"
  rm -rf "$cache.tmp.$$" && cp -a "$work/build/mutate" "$cache.tmp.$$" && rm -rf "$cache" && mv "$cache.tmp.$$" "$cache"
}

# -O1 builds a mutant in a few seconds; the other flags keep the arithmetic the tests were written for.
make_args=(-C "$work" --no-print-directory OUT=build/mutate
           CXXFLAGS="-O1 -march=native -ffp-contract=off -fno-trapping-math $( [[ ${CXX:-g++} == *clang* ]] || echo -Wno-restrict)")

total_killed=0 total_counted=0
for name in "${names[@]}"; do
  src="$work/solutions/$name.cpp"
  bin="$work/build/mutate/tests/sol/${name}_test"
  cp "$src" "$work/original.cpp"
  echo "== $name: building the unmutated chapter"
  if ! make "${make_args[@]}" -j2 "build/mutate/tests/sol/${name}_test" >"$work/build.log" 2>&1; then
    tail -20 "$work/build.log"; echo "mutate: $name does not build unmutated"; exit 1
  fi
  if ! timeout "$timeout_s" "$bin" --gtest_brief=1 >"$work/run.log" 2>&1; then
    tail -20 "$work/run.log"; echo "mutate: $name's tests fail on the unmutated solution"; exit 1
  fi
  mapfile -t mutants < <(list_mutants "$work/original.cpp" | sample)
  killed=0 counted=0 stillborn=0 survivors=()
  for m in "${mutants[@]}"; do
    IFS=$'\t' read -r line col from to <<<"$m"
    cp "$work/original.cpp" "$src"
    apply_mutant "$src" "$line" "$col" "$from" "$to"
    if cmp -s "$src" "$work/original.cpp"; then continue; fi
    if ! make "${make_args[@]}" "build/mutate/tests/sol/${name}_test" >"$work/build.log" 2>&1; then
      stillborn=$((stillborn + 1)); continue
    fi
    counted=$((counted + 1))
    if timeout "$timeout_s" "$bin" --gtest_brief=1 >"$work/run.log" 2>&1; then
      survivors+=("solutions/$name.cpp:$line  '$from' -> '$to'"$'\n'"    $(sed -n "${line}p" "$work/original.cpp" | sed 's/^ *//')")
      printf 'S'
    else
      killed=$((killed + 1)); printf '.'
    fi
  done
  echo
  cp "$work/original.cpp" "$src"
  make "${make_args[@]}" "build/mutate/tests/sol/${name}_test" >/dev/null 2>&1 || true
  save_cache
  for s in "${survivors[@]}"; do echo "  survived: $s"; done
  pct=0; ((counted)) && pct=$((100 * killed / counted))
  echo "$name: killed $killed of $counted mutants ($pct%), $stillborn did not compile"
  total_killed=$((total_killed + killed)); total_counted=$((total_counted + counted))
done
pct=0; ((total_counted)) && pct=$((100 * total_killed / total_counted))
echo "all: killed $total_killed of $total_counted mutants ($pct%)"
