#!/usr/bin/env bash
# Hashiya against its peers on BIG, the five sample articles concatenated
# 1200 times (about 29 MB):
#   - `hashiya render --no-pad --width 80 --shape on BIG` against
#     `fribidi --nopad --width 80 BIG`, run alternately N times (default 7);
#     prints both medians and their ratio (target: at most 0.5), the output
#     identity with the general path (HASHIYA_GENERAL_PATH=1), and hashiya's
#     peak RSS from /usr/bin/time -v (target: at most 64 MiB);
#   - with --tui, in tmux at 200x60 (scripts/bench_tui.py): `less BIG`
#     against `hashiya BIG`, the first screen (polling capture-pane until text
#     shows) and `G` (until the last screen shows), each counted as at least
#     20 ms (target: 1.5x less for both); then hashiya's search for a
#     common word from a cold start (target 100 ms) and its peak RSS while
#     showing and searching BIG (target: at most 96 MiB).
#
# With --baseline BIN, another hashiya binary (main's release build, say)
# renders BIG in the same rounds, and the ratio of the two medians is printed
# (above 1: this build is slower).
#
# Usage: scripts/bench-peers.sh [--runs N] [--tui] [--no-build] [--baseline BIN]
# Needs: cargo, fribidi, GNU time (/usr/bin/time: `apt-get install time`),
# python3 (for timing), tmux and less for --tui.
set -euo pipefail

runs=7
tui=0
build=1
baseline=
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --tui) tui=1; shift ;;
        --no-build) build=0; shift ;;
        --baseline) baseline="$2"; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--tui] [--no-build] [--baseline BIN]" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
command -v fribidi >/dev/null || { echo "fribidi is not installed (apt-get install fribidi)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
big="$tmp/BIG.txt"
for _ in $(seq 1200); do cat "$root"/assets/articles/*.txt; done > "$big"
echo "BIG: $(wc -c < "$big") bytes, $(wc -m < "$big") chars, $(wc -l < "$big") newlines"

if [ "$build" = 1 ]; then
    (cd "$root" && cargo build --release --quiet)
fi
bin="$root/target/release/hashiya"

# Wall time of a command in seconds, output to /dev/null.
wall() {
    python3 - "$@" <<'EOF'
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(f"{time.perf_counter() - t:.3f}")
EOF
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$tmp/h" ; : > "$tmp/f"; : > "$tmp/b"
for i in $(seq "$runs"); do
    h=$(wall "$bin" render --no-pad --width 80 --shape on "$big")
    f=$(wall fribidi --nopad --width 80 "$big")
    b=
    if [ -n "$baseline" ]; then
        b=$(wall "$baseline" render --no-pad --width 80 --shape on "$big")
        echo "$b" >> "$tmp/b"
        b="  baseline ${b}s"
    fi
    echo "run $i: hashiya ${h}s  fribidi ${f}s$b"
    echo "$h" >> "$tmp/h"; echo "$f" >> "$tmp/f"
done
mh=$(median < "$tmp/h"); mf=$(median < "$tmp/f")
echo "median: hashiya ${mh}s  fribidi ${mf}s  ratio $(awk -v a="$mh" -v b="$mf" 'BEGIN {printf "%.2f", a/b}') (target <= 0.50)"
if [ -n "$baseline" ]; then
    mb=$(median < "$tmp/b")
    echo "median: baseline ${mb}s ($baseline): this build / baseline $(awk -v a="$mh" -v b="$mb" 'BEGIN {printf "%.2f", a/b}')"
fi

/usr/bin/time -v "$bin" render --no-pad --width 80 --shape on "$big" 2> "$tmp/time" > "$tmp/fast.out"
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")
echo "hashiya peak RSS: $((rss / 1024)) MiB (target <= 64)"
HASHIYA_GENERAL_PATH=1 "$bin" render --no-pad --width 80 --shape on "$big" > "$tmp/general.out"
if cmp -s "$tmp/fast.out" "$tmp/general.out"; then
    echo "output: identical with the general path (HASHIYA_GENERAL_PATH=1)"
else
    echo "output: DIFFERS from the general path" >&2
    exit 1
fi

if [ "$tui" = 1 ]; then
    command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 1; }
    command -v less >/dev/null || { echo "less is not installed" >&2; exit 1; }
    # Each run: a fresh 200x60 tmux session; the first screen (from
    # new-session until text shows), then `G` (from send-keys until the end
    # shows: less prints "(END)", hashiya's status line "100%"), then the
    # program's peak RSS. Each time is counted as at least 20 ms.
    # tui_run [--search QUERY] NAME END_MARK COMMAND...
    tui_run() {
        local opts=()
        if [ "$1" = --search ]; then opts=(--search "$2"); shift 2; fi
        python3 "$root/scripts/bench_tui.py" "${opts[@]}" "bench$$_$1" 200 60 "$2" "${@:3}"
    }
    field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
    : > "$tmp/l1"; : > "$tmp/lg"; : > "$tmp/h1"; : > "$tmp/hg"; : > "$tmp/hs"
    for i in $(seq "$runs"); do
        l=$(tui_run less "(END)" less "$big")
        h=$(tui_run --search "الرئيس" hashiya "100%" "$bin" "$big")
        echo "run $i: less $l | hashiya $h"
        echo "$l" | field first >> "$tmp/l1"; echo "$l" | field G >> "$tmp/lg"
        echo "$h" | field first >> "$tmp/h1"; echo "$h" | field G >> "$tmp/hg"
        echo "$h" | field rss_mib > "$tmp/hrss"
        echo "$h" | field search >> "$tmp/hs"
    done
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a < 0.02) a = 0.02; if (b < 0.02) b = 0.02; printf "%.2f", a / b }'; }
    m1l=$(median < "$tmp/l1"); m1h=$(median < "$tmp/h1")
    mgl=$(median < "$tmp/lg"); mgh=$(median < "$tmp/hg")
    echo "first screen median: less ${m1l}s  hashiya ${m1h}s  ratio $(ratio "$m1h" "$m1l") (target <= 1.5)"
    echo "G (last screen) median: less ${mgl}s  hashiya ${mgh}s  ratio $(ratio "$mgh" "$mgl") (target <= 1.5)"
    echo "hashiya search /الرئيس from Enter to the first match and count shown, median: $(median < "$tmp/hs")s (target <= 0.1)"
    echo "hashiya peak RSS showing and searching BIG: $(cat "$tmp/hrss") MiB (target <= 96)"
fi
