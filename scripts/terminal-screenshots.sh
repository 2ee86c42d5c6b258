#!/usr/bin/env bash
# Screenshots of the reader in real terminals under Xvfb, for the README's
# terminal table: docs/terminals/*.png.
#
#   scripts/terminal-screenshots.sh [HASHIYA_BINARY]
#
# HASHIYA_SHOTS="xterm-persian …" takes only the shots named.
# Needs Xvfb, xterm, mlterm, ImageMagick (import, convert) and DejaVu Sans Mono
# (apt-get install -y xvfb xterm mlterm imagemagick fonts-dejavu-core x11-utils).
# Each terminal shows the sample article 004 at 80x24 from a scratch copy of its
# own (so no lock or sidecar is left behind), and is closed by its own pid;
# xterm-persian shows the Persian article of tests/data/articles/ the same way.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/target/release/hashiya}
out=$root/docs/terminals
article=004_c29349fac5246de1.txt
display=:${HASHIYA_SHOT_DISPLAY:-97}
mkdir -p "$out"
scratch=$(mktemp -d)

Xvfb "$display" -screen 0 1024x768x24 >/dev/null 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT
sleep 1
export DISPLAY=$display

# shot NAME COMMAND…: runs a terminal, waits for the first frame, saves its
# window as docs/terminals/NAME.png (16 greys), closes it. SHOT_ARTICLE is
# the article's path (default: the sample article above).
shot() {
    local name=$1
    shift
    if [ -n "${HASHIYA_SHOTS:-}" ] && [[ " $HASHIYA_SHOTS " != *" $name "* ]]; then
        return
    fi
    # A folder of its own: no other shot's lock or sidecar is seen.
    mkdir "$scratch/$name"
    cp "${SHOT_ARTICLE:-$root/assets/articles/$article}" "$scratch/$name/"
    (cd "$scratch/$name" && exec env TMPDIR="$scratch/$name" "$@" >/dev/null 2>&1) &
    local pid=$!
    sleep 4
    local window
    window=$(xwininfo -root -tree | awk '/\("xterm" "(XTerm|mlterm)"\)/ {print $1; exit}')
    import -window "$window" "$scratch/$name.png"
    convert "$scratch/$name.png" -colorspace Gray -colors 16 -strip "$out/$name.png"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "$out/$name.png"
}

# xterm never reorders: Hashiya reorders and shapes (the default, auto).
shot xterm xterm -geometry 80x24+0+0 -fa 'DejaVu Sans Mono' -fs 11 -e "$bin" "$article"
# mlterm reorders and shapes by itself: found by $MLTERM, Hashiya sends logical order.
shot mlterm-auto mlterm --geometry 80x24+0+0 -e "$bin" "$article"
# The same, forced to reorder itself: mlterm reverses the text a second time.
shot mlterm-hashiya mlterm --geometry 80x24+0+0 -e "$bin" --bidi hashiya "$article"
# Persian in xterm with DejaVu Sans Mono: Forms-A letters (پ چ ژ گ ک ی), ZWNJ.
SHOT_ARTICLE=$root/tests/data/articles/nowruz_fa.txt \
    shot xterm-persian xterm -geometry 80x24+0+0 -fa 'DejaVu Sans Mono' -fs 11 -e "$bin" nowruz_fa.txt
