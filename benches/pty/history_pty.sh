#!/usr/bin/env bash
# Key-to-rows-on-screen of the History tab through the real binary in a 120x40 pty
# (../shared/tools/tui_bench.py, pyte), over a home holding 100,000 rows written by the store:
#   cargo build --release --bin ctask --example history_fill
#   target/release/examples/history_fill /tmp/ctask_100k 100000
#   benches/pty/history_pty.sh /tmp/ctask_100k [RUNS]
# With CTASK_VS_BIN=path/to/another/ctask both binaries run alternately on the same home (A B A B)
# and both medians are printed, A first.
# Open: a click on the History tab until the newest row is drawn (one run, one open: later opens
# reuse the loaded page). Filter: on History, `/` then the pattern as one bracketed paste (one
# filter change, one page query, as a keystroke makes) until the last of the first screen's
# matching rows (or the "no match" line) is drawn; Esc clears the filter between repeats.
set -euo pipefail
home=${1:?usage: history_pty.sh HOME [RUNS]}
runs=${2:-5}
bench=${TUI_BENCH:-../shared/tools/tui_bench.py}
bin=${CTASK_BIN:-target/release/ctask}
vs=()
if [[ -n ${CTASK_VS_BIN:-} ]]; then vs=(--vs "$CTASK_VS_BIN --sandbox"); fi
click_history='\e[<0;63;1M\e[<0;63;1m'
click_task='\e[<0;3;1M\e[<0;3;1m'
run() { # label keys expect reset repeats
    local out
    out=$(python3 "$bench" --env "CTASK_HOME=$home" --marker 'Ctrl-C quit' -n "$runs" \
        --keys "$2" --expect "$3" --reset-keys "$4" --key-repeats "$5" --json /tmp/history_pty.json \
        "${vs[@]}" "$bin --sandbox" 2>&1) || { echo "$1: failed"; echo "$out" | tail -20; return 1; }
    python3 - "$1" <<'PY'
import json, statistics, sys
runs = json.load(open("/tmp/history_pty.json"))
out = []
for cmd in runs["commands"]:
    lat = [v for r in cmd["runs"] for v in r.get("key_ms", [])]
    out.append(f"median {statistics.median(lat):6.2f} ms (min {min(lat):5.2f}, max {max(lat):6.2f}, n={len(lat)})")
print(f"{sys.argv[1]:<24} " + "   vs   ".join(out))
PY
}
# What the screen shows once a filter's rows are there: the name of the last matching row the
# 34-row table has room for at 120x40 (or the last match, or the no-match line), read from the
# database with the plain scan the filter must agree with.
expect() {
    python3 - "$home" "$1" <<'PY'
import sqlite3, sys
home, p = sys.argv[1], sys.argv[2]
c = sqlite3.connect(f"file:{home}/ctask.db?mode=ro", uri=True)
q = "SELECT h.task_name FROM history_index i JOIN history h ON h.id = i.id {} ORDER BY i.id DESC LIMIT 34"
rows = [r[0] for r in c.execute(q.format("WHERE instr(i.search, ?) > 0"), (p.lower(),))]
top = [r[0] for r in c.execute(q.format(""))]
print(rows[-1] if rows else "No submission matches")
if rows and rows[-1] in top:
    sys.exit(f"{p!r}: its rows look like the unfiltered ones; pick another pattern")
PY
}
run "open History" "$click_history" "$(python3 - "$home" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}/ctask.db?mode=ro", uri=True)
print(c.execute("SELECT task_name FROM history ORDER BY id DESC LIMIT 1").fetchone()[0])
PY
)" "$click_task" 1
filter() { run "filter $1" "$click_history/\\e[200~$1\\e[201~" "$(expect "$1")" '\e' 5; }
for p in ${PATTERNS:-7 q w ok zq xw dlg _zq wxy task_0000 task_04242 nomatch_task}; do
    filter "$p"
done
