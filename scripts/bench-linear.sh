#!/usr/bin/env bash
# Linear time and bounded memory of the corpus commands, with the release
# binary at two sizes (default 1e5 and 1e6 annotations): an article of
# Arabic news lines with three entities each, its sidecar (written as
# Hashiya writes it, or --hand: as a script would, no blank lines and no
# counters, which goes through the section reader) and a brat `.ann` of
# one `T` line per entity. For `import --from brat --dry-run`, `check`,
# `list`, `list --format json` and `stats`, prints the CPU time (user +
# system: on a shared machine the wall time says more about the others),
# the wall time and the peak RSS at both sizes, and the ratio of the CPU
# times (linear: about 10).
# Also times `render /dev/zero`, which must be refused at the size limit
# (stopped after 10 s otherwise).
#
# Usage: scripts/bench-linear.sh [--sizes "N M"] [--hand] [--bin PATH] [--no-build]
#   --bin PATH: time another binary (an older build, to compare).
# Needs: cargo, python3, GNU time (/usr/bin/time: `apt-get install time`).
set -euo pipefail

sizes="100000 1000000"
form=canonical
bin=""
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --hand) form=hand; shift ;;
        --bin) bin="$2"; build=0; shift 2 ;;
        --no-build) build=0; shift ;;
        *) echo "usage: $0 [--sizes \"N M\"] [--hand] [--bin PATH] [--no-build]" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }
if [ "$build" = 1 ]; then
    (cd "$root" && cargo build --release --quiet)
fi
bin="${bin:-$root/target/release/hashiya}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# gen DIR N FORM: a.txt, a.txt.ann.toml and a.ann with N entities.
gen() {
    python3 - "$@" <<'EOF'
import hashlib, os, sys
d, n, form = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(d, exist_ok=True)
line = "قال وزير الدفاع لي شانغفو إن الصين مستعدة.\n"
spans = [(4, 15, "ORG", "وزير الدفاع"), (16, 25, "PERSON", "لي شانغفو"), (29, 34, "GPE", "الصين")]
text = line * ((n + 2) // 3)
with open(f"{d}/a.txt", "w") as f:
    f.write(text)
sha = hashlib.sha256(text.encode()).hexdigest()
blank = "\n" if form == "canonical" else ""
counter = f"next_entity = {n + 1}\n" if form == "canonical" else ""
with open(f"{d}/a.txt.ann.toml", "w") as side, open(f"{d}/a.ann", "w") as ann:
    side.write(f'schema = 1\n{counter}{blank}[article]\nfile = "a.txt"\nsha256 = "{sha}"\n')
    for i in range(n):
        s, e, label, quote = spans[i % 3]
        base = (i // 3) * len(line)
        side.write(f'{blank}[[entity]]\nid = "e{i + 1}"\nlabel = "{label}"\n'
                   f'start = {base + s}\nend = {base + e}\ntext = "{quote}"\n')
        ann.write(f"T{i + 1}\t{label} {base + s} {base + e}\t{quote}\n")
EOF
}

# measure ARGS...: "cpu-seconds wall-seconds peak-MiB exit-status" of one
# run, output discarded.
measure() {
    /usr/bin/time -f '%U %S %e %M %x' "$@" >/dev/null 2>"$tmp/time" || true
    tail -n 1 "$tmp/time" | awk '{printf "%.2f %.2f %.0f %s\n", $1 + $2, $3, $4 / 1024, $5}'
}

set -- $sizes
small="$1"; large="$2"
for n in "$small" "$large"; do gen "$tmp/$n" "$n" "$form"; done
echo "binary: $bin; sidecars as $form; sizes $small and $large"
echo "sidecar bytes: $(wc -c < "$tmp/$small/a.txt.ann.toml") and $(wc -c < "$tmp/$large/a.txt.ann.toml")"
printf '%-20s %24s   %24s   %s\n' "" "$small: cpu / wall / RSS" "$large: cpu / wall / RSS" "cpu ratio"
run() {
    local name="$1"; shift
    local ca wa ra sa cb wb rb sb
    read -r ca wa ra sa <<< "$(measure "$bin" "$@" "$tmp/$small/a.txt")"
    read -r cb wb rb sb <<< "$(measure "$bin" "$@" "$tmp/$large/a.txt")"
    printf '%-20s %6.2fs %6.2fs %6s MiB   %6.2fs %6.2fs %6s MiB   %5s%s\n' "$name" \
        "$ca" "$wa" "$ra" "$cb" "$wb" "$rb" \
        "$(python3 -c "print(f'{$cb / max($ca, 0.01):.1f}')")" \
        "$( [ "$sa" = 0 ] && [ "$sb" = 0 ] || echo "  (exit $sa / $sb)")"
}
run "import --from brat" import --from brat --dry-run
run "check" check
run "list" list
run "list --format json" list --format json
run "stats" stats
if [ -e /dev/zero ]; then
    # Stopped after 10 s, for a binary that would read on (exit 124).
    read -r c w r s <<< "$(measure timeout 10 "$bin" render /dev/zero)"
    printf '%-20s %6.2fs %6.2fs %6s MiB   exit %s (refused at the limit: 2)\n' \
        "render /dev/zero" "$c" "$w" "$r" "$s"
fi
