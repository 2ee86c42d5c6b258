#!/usr/bin/env python3
"""First screen, `G` and peak memory of a full-screen reader, driven in tmux.

Usage: bench_tui.py [--search QUERY] NAME WIDTH HEIGHT END_MARK COMMAND...

Starts COMMAND in a fresh detached tmux session of WIDTH x HEIGHT, polls
`capture-pane` until a line of text shows (the first screen), then sends `G`
and polls until END_MARK shows in the pane (the last screen: `less` prints
"(END)", hashiya's status line "100%"). Prints one line:

    first=<seconds> G=<seconds> [search=<seconds>] rss_mib=<peak RSS of the program>

Times are wall-clock from `tmux new-session` (first screen) and from
`send-keys G` (last screen), polling every 2 ms; peak RSS is VmHWM of the
pane's process, read once the last screen shows (or, with --search, after
a pause of 0.5 s (less than anyone needs to type `/` and a word), `g`,
`/QUERY` Enter and hashiya's status line showing the match count: the time
from Enter to that is `search`).
"""

import subprocess
import sys
import time

POLL = 0.002
TYPING = 0.5
TIMEOUT = 30.0


def pane(name):
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
    ).stdout


def wait_until(name, start, shown):
    while True:
        if shown(pane(name)):
            return time.perf_counter() - start
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"{name}: timed out")
        time.sleep(POLL)


def peak_rss_mib(name):
    pid = subprocess.run(
        ["tmux", "display-message", "-p", "-t", name, "#{pane_pid}"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return -1


def main():
    args = sys.argv[1:]
    query = None
    if args[:1] == ["--search"]:
        query, args = args[1], args[2:]
    name, width, height, end_mark, cmd = args[0], args[1], args[2], args[3], args[4:]
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", width, "-y", height, *cmd],
        check=True,
    )
    try:
        # Any line of more than 20 characters: `less` shows logical order,
        # hashiya shaped, reordered text.
        first = wait_until(
            name, start, lambda out: any(len(l.strip()) > 20 for l in out.splitlines())
        )
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", name, "G"], check=True)
        last = wait_until(name, start, lambda out: end_mark in out)
        found = ""
        if query is not None:
            # A person needs more than this to type `/` and a word; the
            # index is being built in the background meanwhile.
            time.sleep(TYPING)
            subprocess.run(["tmux", "send-keys", "-t", name, "g", "/"], check=True)
            subprocess.run(["tmux", "send-keys", "-t", name, "-l", query], check=True)
            start = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", name, "Enter"], check=True)
            took = wait_until(
                name, start, lambda out: "READ" in out.rstrip().splitlines()[-1] and "[1/" in out
            )
            found = f" search={took:.3f}"
        rss = peak_rss_mib(name)
        print(f"first={first:.3f} G={last:.3f}{found} rss_mib={rss}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name])


if __name__ == "__main__":
    main()
