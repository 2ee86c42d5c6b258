#!/usr/bin/env bash
# The corpus commands on a corpus of 10,000 articles, against `cat` of the
# same files: the five sample articles copied 2,000 times each, each with a
# sidecar as Hashiya writes it (22–23 entities an article on average,
# claims with a claimant and a cue, two annotators: ≈ 100 MB, ≈ 224,000
# entities). Times `cat` of every file to /dev/null (warm cache), then
# `check`, `list --format tsv`, `stats --format json` and `export` in every
# format, each the median of --runs runs, and prints each as a ratio to
# `cat`'s time with its peak RSS and CPU time (user + system, GNU time: on
# a machine shared with other work, wall times move with the load, CPU
# times much less). Target: every ratio ≤ 1.5, every peak RSS < 200 MB.
#
# Usage: scripts/bench-corpus.sh [--runs N] [--articles N] [--bin PATH] [--no-build] [--keep DIR]
#   --bin PATH: time another binary (an older build, to compare).
#   --keep DIR: build the corpus in DIR and leave it there (reused when it exists).
# Needs: cargo, python3, GNU time (/usr/bin/time: `apt-get install time`).
set -euo pipefail

runs=3
articles=10000
bin=""
build=1
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --articles) articles="$2"; shift 2 ;;
        --bin) bin="$2"; build=0; shift 2 ;;
        --no-build) build=0; shift ;;
        --keep) keep="$2"; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--articles N] [--bin PATH] [--no-build] [--keep DIR]" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }
if [ "$build" = 1 ]; then
    (cd "$root" && cargo build --release --quiet --bin hashiya)
fi
bin="${bin:-$root/target/release/hashiya}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
corpus="${keep:-$tmp/corpus}"

# The corpus: each sample with a sidecar (entities on every 16th word of
# three letters or more, labels in turn; a claim on each sentence that has
# «قال» and a tagged word, with that word as claimant and «قال» as cue),
# then copied to `articles` files.
if [ ! -f "$corpus/.complete-$articles" ]; then
    rm -rf "$corpus"
    mkdir -p "$corpus"
    python3 - "$root/assets/articles" "$corpus" "$articles" <<'EOF'
import hashlib, os, re, sys
src, out, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
labels = ["PERSON", "ORG", "GPE", "DATE", "EVENT"]
who = ["alice", "bob"]
def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
samples = sorted(f for f in os.listdir(src) if f.endswith(".txt"))
made = []
for name in samples:
    text = open(os.path.join(src, name), encoding="utf-8").read()
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\u0621-\u064A]{3,}", text)]
    ents = [w for i, w in enumerate(words) if i % 16 == 4]
    body = []
    for i, (s, e, t) in enumerate(ents):
        body.append(f"[[entity]]\nid = \"e{i + 1}\"\nlabel = \"{labels[i % 5]}\"\nstart = {s}\nend = {e}\n"
                    f"text = {q(t)}\nby = \"{who[i % 2]}\"\nat = \"2026-12-07T10:11:12Z\"\n")
    claims = []
    for m in re.finditer(r"[^.!؟\n]+[.!؟]?", text):
        s, e = m.start(), m.end()
        cue = text.find("قال", s, e)
        inside = [i for i, (a, b, _) in enumerate(ents) if s <= a and b <= e]
        if cue < 0 or not inside:
            continue
        k = len(claims) + 1
        ce = inside[0]
        claims.append(f"[[claim]]\nid = \"c{k}\"\nstart = {s}\nend = {e}\ntext = {q(text[s:e])}\n"
                      f"claimant = \"e{ce + 1}\"\ncue = {{ start = {cue}, end = {cue + 3}, text = \"قال\" }}\n"
                      f"kind = \"indirect\"\nby = \"{who[k % 2]}\"\nat = \"2026-12-07T10:11:12Z\"\n")
    sha = hashlib.sha256(text.encode()).hexdigest()
    head = f"schema = 1\nnext_entity = {len(ents) + 1}\nnext_claim = {len(claims) + 1}\n\n" \
           f"[article]\nfile = {{FILE}}\nsha256 = \"{sha}\"\n"
    made.append((name, text, head, "\n".join(body + claims), len(ents)))
entities = 0
for n in range(total):
    name, text, head, body, k = made[n % len(made)]
    base = f"{n:05d}_{name}"
    with open(os.path.join(out, base), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(out, base + ".ann.toml"), "w", encoding="utf-8") as f:
        f.write(head.replace("{FILE}", q(base)) + "\n" + body)
    entities += k
print(f"corpus: {total} articles, {entities} entities", file=sys.stderr)
EOF
    touch "$corpus/.complete-$articles"
fi

# measure ARGS...: "wall-seconds peak-MiB exit-status cpu-seconds" of one
# run (cpu: user + system, every thread), output discarded.
measure() {
    /usr/bin/time -f '%e %M %x %U %S' "$@" >/dev/null 2>"$tmp/time" || true
    tail -n 1 "$tmp/time" | awk '{printf "%.3f %.0f %s %.2f\n", $1, $2 / 1024, $3, $4 + $5}'
}

# median of `runs` runs: "wall peak status cpu" (the median wall and cpu;
# peak and status of the last).
median() {
    local walls=() cpus=() line=""
    for _ in $(seq "$runs"); do
        line="$(measure "$@")"
        walls+=("${line%% *}")
        cpus+=("${line##* }")
    done
    local mid cpu rest
    mid="$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')"
    cpu="$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')"
    rest="${line#* }"
    echo "$mid ${rest% *} $cpu"
}

cd "$corpus"
size="$(du -sb . | cut -f1)"
files="$(ls | wc -l)"
echo "binary: $bin"
echo "corpus: $corpus: $files files, $((size / 1000000)) MB; load: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each"
find . -type f -name '*.txt*' -print0 | xargs -0 cat >/dev/null   # warm the cache
catline="$(median sh -c "find . -type f -name '*.txt*' -print0 | xargs -0 cat >/dev/null")"
cat_s="${catline%% *}"
cat_cpu="${catline##* }"
printf '%-28s %8s %8s %9s %6s %7s\n' "command" "wall s" "× cat" "peak MiB" "exit" "cpu s"
printf '%-28s %8s %8s %9s %6s %7s\n' "cat (every file)" "$cat_s" "1.00" "-" "-" "$cat_cpu"
row() {
    local name="$1"; shift
    local r wall peak status cpu
    r="$(median "$@")"
    read -r wall peak status cpu <<<"$r"
    printf '%-28s %8s %8s %9s %6s %7s\n' "$name" "$wall" "$(awk -v a="$wall" -v b="$cat_s" 'BEGIN {printf "%.2f", a / (b > 0 ? b : 0.001)}')" "$peak" "$status" "$cpu"
}
row "check" "$bin" check .
row "list --format tsv" "$bin" list --format tsv .
row "stats --format json" "$bin" stats --format json .
formats="$("$bin" export --help | sed -n '/Possible values/,/^$/p' | sed -n 's/^ *- \([a-z0-9_-]*\):.*/\1/p')"
for format in ${formats:-brat jsonl spacy conll xmi labelstudio}; do
    row "export --format $format" "$bin" export --format "$format" --out "$tmp/out-$format" .
done
