#!/usr/bin/env bash
# Hashiya against its peers on BIG, the five sample articles concatenated
# 1200 times (about 29 MB):
#   - `hashiya render --no-pad --width 80 --shape on BIG` against
#     `fribidi --nopad --width 80 BIG`, run alternately N times (default 7);
#     prints both medians and their ratio (target: at most 0.5), the output
#     identity with the general path (HASHIYA_GENERAL_PATH=1), and hashiya's
#     peak RSS from /usr/bin/time -v (target: at most 64 MiB);
#   - with --tui, the first screen of BIG in tmux: `less BIG` against
#     `hashiya BIG`, polling capture-pane until text shows (target: 1.5x less).
#
# Usage: scripts/bench-peers.sh [--runs N] [--tui] [--no-build]
# Needs: cargo, fribidi, GNU time (/usr/bin/time: `apt-get install time`),
# python3 (for timing), tmux and less for --tui.
set -euo pipefail

runs=7
tui=0
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --tui) tui=1; shift ;;
        --no-build) build=0; shift ;;
        *) echo "usage: $0 [--runs N] [--tui] [--no-build]" >&2; exit 2 ;;
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

: > "$tmp/h" ; : > "$tmp/f"
for i in $(seq "$runs"); do
    h=$(wall "$bin" render --no-pad --width 80 --shape on "$big")
    f=$(wall fribidi --nopad --width 80 "$big")
    echo "run $i: hashiya ${h}s  fribidi ${f}s"
    echo "$h" >> "$tmp/h"; echo "$f" >> "$tmp/f"
done
mh=$(median < "$tmp/h"); mf=$(median < "$tmp/f")
echo "median: hashiya ${mh}s  fribidi ${mf}s  ratio $(awk -v a="$mh" -v b="$mf" 'BEGIN {printf "%.2f", a/b}') (target <= 0.50)"

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
    # First screen: start the program in a fresh 200x60 tmux session and poll
    # the pane until a line of the article shows.
    first_screen() {
        local name="bench$$_$1"; shift
        python3 - "$name" "$@" <<'EOF'
import subprocess, sys, time
name, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "200", "-y", "60", *cmd], check=True)
try:
    while True:
        out = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                             capture_output=True, text=True).stdout
        # `less` shows logical order; hashiya shows shaped, reversed text:
        # any non-blank line of more than 20 characters means the screen is up.
        if any(len(l.strip()) > 20 for l in out.splitlines()):
            break
        if time.perf_counter() - t > 30:
            print("timeout"); sys.exit(0)
        time.sleep(0.002)
    print(f"{time.perf_counter() - t:.3f}")
finally:
    subprocess.run(["tmux", "kill-session", "-t", name])
EOF
    }
    : > "$tmp/l"; : > "$tmp/t"
    for i in $(seq "$runs"); do
        l=$(first_screen less less "$big")
        t=$(first_screen hashiya "$bin" "$big")
        echo "run $i: less ${l}s  hashiya ${t}s"
        echo "$l" >> "$tmp/l"; echo "$t" >> "$tmp/t"
    done
    ml=$(median < "$tmp/l"); mt=$(median < "$tmp/t")
    echo "first screen median: less ${ml}s  hashiya ${mt}s  ratio $(awk -v a="$mt" -v b="$ml" 'BEGIN {printf "%.2f", a/b}') (target <= 1.5)"
fi
