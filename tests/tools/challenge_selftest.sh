#!/bin/sh
# End-to-end test of make challenge's tool (tools/challenge) and of the challenges' way into
# results.json. POSIX sh; python3 only, when installed, to parse the JSON as Gradescope would.
#
#   sh tests/tools/challenge_selftest.sh CHALLENGE SOL_BIN_DIR WORKDIR [GRADE SOL_TEST_DIR]
#
# 1. Fake challenge programs (shell scripts) that score, crash, hang, reject their configuration, print
#    a score but fail, or do not exist or compile: each scores nothing but the first, and says why.
# 2. The reference programs in SOL_BIN_DIR on the default configurations (empty files) and on the
#    shipped exercises/challenge_*.conf: each scores exactly its recorded reference ("equal"), and a
#    second run writes the same results.tsv byte for byte.
# 3. With GRADE: the grader turns results.tsv into results.json's "leaderboard" array of {name, value,
#    order} and an extra-credit entry per challenge (max_score 0; --challenge-bonus only for "better").
set -u
tool=$1
sol=$2
work=$3
grade=${4:-}
tests=${5:-}
. "$(dirname "$0")/selftest_lib.sh"

line_of() {  # ID FILE: that challenge's line of a results.tsv
    grep "^$1	" "$2"
}

rm -rf "$work"
mkdir -p "$work/fake" "$work/configs" "$work/empty"
for id in good crash hang badconf liar; do
    : >"$work/configs/challenge_$id.conf"
    cat >"$work/fake/$id" <<EOF
#!/bin/sh
if [ "\${1:-}" = --about ]; then
    printf 'id\t$id\nname\tFake: $id\norder\tasc\nreference\t10\ngoal\tA fake.\n'
    exit 0
fi
case $id in
    good) printf 'score\t7.5\ndetail\tfine\n' >"\$COURSE_RESULTS" ;;
    crash) kill -SEGV \$\$ ;;
    hang) sleep 30 ;;
    badconf) echo "badconf: \$2:3: lr: expected a number in [1e-06, 100], got 'fast'" >&2
             printf "error\t\$2:3: lr: expected a number in [1e-06, 100], got 'fast'\n" >"\$COURSE_RESULTS"; exit 2 ;;
    liar) echo "score: 1"; exit 1 ;;
esac
EOF
    chmod +x "$work/fake/$id"
done

echo "--- fake challenges: one scores, the others crash, hang, misconfigure, lie or do not compile"
"$tool" --bin-dir "$work/fake" --challenges good,crash,hang,badconf,liar,absent --config-dir "$work/configs" \
    --out "$work/out" --timeout 2 >"$work/fake.out" 2>&1
[ $? = 0 ] || fail "tools/challenge exits 0 when challenges score nothing (extra credit, not an error)"
tsv=$work/out/results.tsv
[ "$(wc -l <"$tsv")" = 7 ] || fail "results.tsv: a header and six lines expected"
line_of good "$tsv" | grep -qF "	asc	7.5	10	better	fine" || fail "the good fake scores 7.5, better than 10: $(line_of good "$tsv")"
line_of crash "$tsv" | grep -qF "		10		the run crashed with SIGSEGV" || fail "crash: $(line_of crash "$tsv")"
line_of hang "$tsv" | grep -qF "took longer than 2 s and was stopped" || fail "hang: $(line_of hang "$tsv")"
line_of badconf "$tsv" | grep -qF "challenge_badconf.conf:3: lr: expected a number" || fail "badconf: $(line_of badconf "$tsv")"
line_of liar "$tsv" | grep -qF "	asc		10		the run failed with exit status 1; the last line of its output: score: 1" || fail "a run that prints a score but fails has none: $(line_of liar "$tsv")"
line_of absent "$tsv" | grep -qF "there is no program" || fail "absent: $(line_of absent "$tsv")"
expect "$work/fake.out" "no score"
expect "$work/fake.out" "the run crashed with SIGSEGV"
"$tool" --bin-dir "$work/fake" --challenges good --config-dir "$work/configs" --out "$work/out-build" \
    --build 'echo "chapters/x/challenge.cpp:3:5: error: expected ; before }" >&2; exit 1' >"$work/build.out" 2>&1
expect "$work/build.out" "it did not compile:"
expect "$work/build.out" "chapters/x/challenge.cpp:3:5: error: expected ; before }"
"$tool" --bin-dir "$work/fake" --challenges '' --out "$work/out-none" >"$work/none.out" 2>&1
expect "$work/none.out" "No challenge lives in the chapters selected"
[ "$(cat "$work/out-none/results.tsv")" = "$(head -n 1 "$tsv")" ] || fail "no challenge: a results.tsv with its header only"
"$tool" --bin-dir "$work/fake" --challenges good --timeout=-1 >"$work/usage.out" 2>&1
[ $? = 2 ] || fail "a bad command line exits 2"

echo "--- the reference programs on the default configurations reproduce their recorded scores, twice"
for id in part1 part2 part3; do : >"$work/empty/challenge_$id.conf"; done
for round in 1 2; do
    "$tool" --bin-dir "$sol" --challenges part1,part2,part3 --config-dir "$work/empty" --out "$work/ref$round" \
        >"$work/ref$round.out" 2>&1
done
for id in part1 part2 part3; do
    line_of $id "$work/ref1/results.tsv" | cut -f 6 | grep -qx equal ||
        { fail "$id: the reference's default configuration does not score its recorded reference:"; sed 's/^/    | /' "$work/ref1.out"; }
done
cmp -s "$work/ref1/results.tsv" "$work/ref2/results.tsv" || fail "two runs of the same configurations differ: $(diff "$work/ref1/results.tsv" "$work/ref2/results.tsv")"
"$tool" --bin-dir "$sol" --challenges part1,part2,part3 --config-dir exercises --out "$work/shipped" >"$work/shipped.out" 2>&1
cmp -s "$work/ref1/results.tsv" "$work/shipped/results.tsv" ||
    fail "the shipped exercises/challenge_*.conf do not score what the defaults do (edited? git checkout them): $(diff "$work/ref1/results.tsv" "$work/shipped/results.tsv")"

if [ -n "$grade" ]; then
    echo "--- the grader writes the leaderboard into results.json"
    cp "$work/ref1/results.tsv" "$work/board.tsv"
    printf 'part9\tPart IX: a better one\tdesc\t12.5\t10\tbetter\tgood\npart8\tPart VIII: none\tasc\t\t3\t\tthe run crashed\n' >>"$work/board.tsv"
    "$grade" --mode=student --bin-dir "$tests" --chapters 01 --out "$work/grade" --challenges "$work/board.tsv" \
        --challenge-bonus 2 >"$work/grade.out" 2>&1
    json=$work/grade/results.json
    expect "$json" '"leaderboard": ['
    expect "$json" '{"name": "Part IX: a better one", "value": 12.5, "order": "desc"}'
    expect "$json" '"number": "part9", "name": "Challenge (extra credit) Part IX: a better one", "score": 2, "max_score": 0, "status": "passed"'
    expect "$json" '"number": "part8", "name": "Challenge (extra credit) Part VIII: none", "score": 0, "max_score": 0, "status": "failed"'
    expect "$json" 'and 2 extra credit from the challenges'
    if grep -qF '"name": "Part VIII: none", "value"' "$json"; then fail "a challenge without a score has no leaderboard entry"; fi
    points=$(grep -h '^## 1\.' chapters/01_*/exercises.md | sed 's/.*· \([0-9]*\) point.*/\1/' | paste -sd+ - | bc)
    grep -q "\"score\": $((points + 2))," "$json" || fail "the total is chapter 01's $points points and the bonus 2"
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$json" <<'PY' || fail "results.json is not of Gradescope's documented shape"
import json, sys
data = json.load(open(sys.argv[1]))
board = data["leaderboard"]
assert isinstance(board, list) and len(board) == 4, board
for entry in board:
    assert set(entry) == {"name", "value", "order"}, entry
    assert isinstance(entry["name"], str) and isinstance(entry["value"], (int, float)), entry
    assert entry["order"] in ("asc", "desc"), entry
for test in data["tests"]:
    assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float)), test
PY
    fi
    "$grade" --mode=student --bin-dir "$tests" --chapters 01 --out "$work/grade-none" >/dev/null 2>&1
    if grep -q leaderboard "$work/grade-none/results.json"; then fail "without --challenges results.json has no leaderboard"; fi
fi

if [ "$failures" -gt 0 ]; then
    echo "challenge self-test: $failures failure(s)"
    exit 1
fi
echo "challenge self-test: fake programs score nothing and say why; the references hold, byte for byte; the leaderboard is well formed"
