#!/bin/sh
# pngcheck's layout promise (what make check-figures relies on): a problem that the plot library
# reported for a checked figure fails the check and is printed; a clean report, or a problem of a
# figure not being checked, passes; a bad flag is one line and exit status 2. The plot library's side,
# that a misplaced legend is reported at all, is tests/common/plot_test.cpp's PlotLayoutCheck.
# POSIX sh, run by make check-figures.
#
#   sh tests/tools/pngcheck_selftest.sh PNGCHECK VALID_PNG WORKDIR
set -u
pngcheck=$1
png=$2
work=$3
. "$(dirname "$0")/selftest_lib.sh"

rm -rf "$work"
mkdir -p "$work"
name=$(basename "$png")

echo "pngcheck self-test: a legend over data fails the check"
printf '%s: legend: panel (0, 0): the legend (upper right) covers 120 px of drawn data\n' "$name" >"$work/report.txt"
"$pngcheck" --layout "$work/report.txt" "$png" >"$work/bad.out" 2>&1
expect_status 1 $? "a reported legend problem"
expect "$work/bad.out" "pngcheck: $name: legend: panel (0, 0): the legend (upper right) covers 120 px of drawn data"
expect "$work/bad.out" "1 layout problem(s) above"

echo "pngcheck self-test: another figure's problem, or none, passes"
printf 'not_checked.png: ticks: the x tick labels “a” and “b” run into each other\n' >"$work/other.txt"
"$pngcheck" --layout "$work/other.txt" "$png" >"$work/other.out" 2>&1
expect_status 0 $? "a problem of a figure not checked"
"$pngcheck" --layout "$work/missing.txt" "$png" >"$work/none.out" 2>&1
expect_status 0 $? "no report (no figure had a problem)"

echo "pngcheck self-test: a bad flag"
"$pngcheck" --legend "$work/report.txt" "$png" >"$work/flag.out" 2>&1
expect_status 2 $? "an unknown flag"
expect "$work/flag.out" "pngcheck: unknown flag --legend (allowed: --layout REPORT)"

[ "$failures" = 0 ] || { echo "pngcheck self-test: $failures failure(s)"; exit 1; }
echo "pngcheck self-test: all good"
