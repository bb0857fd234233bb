# The assertions of the tools' self-tests (grade, drill, challenge, pictures), sourced by each:
#   . "$(dirname "$0")/selftest_lib.sh"
# Each records a failure with a line saying what was expected; the script exits 1 at its end when
# $failures > 0, so one run reports every broken promise, not only the first.
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect FILE TEXT: FILE contains TEXT (shown with the file when it does not).
expect() {
    grep -qF -- "$2" "$1" || { fail "$1 lacks: $2"; sed 's/^/    | /' "$1"; }
}

# expect_next FILE LINE NEXT: the line after the first line containing LINE contains NEXT.
expect_next() {
    grep -A1 -F -- "$2" "$1" | sed -n 2p | grep -qF -- "$3" || { fail "$1: no \"$3\" after \"$2\""; sed 's/^/    | /' "$1"; }
}

# expect_not FILE TEXT
expect_not() {
    if grep -qF -- "$2" "$1"; then fail "$1 should not contain: $2"; fi
}

# expect_status WANT GOT WHAT
expect_status() {
    [ "$1" = "$2" ] || fail "$3: exit status $2, expected $1"
}
