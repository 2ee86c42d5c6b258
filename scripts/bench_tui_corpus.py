#!/usr/bin/env python3
"""The reader's corpus timings on a folder, driven in tmux (issue 15's targets).

Usage: bench_tui_corpus.py [--keys N] [--query WORD] [--trace FILE] [--favour]
                          BINARY FOLDER

Starts `BINARY FOLDER` in a fresh detached tmux session (120 x 40) and
measures through one tmux control-mode client (`tmux -C`) attached to it:
keys are sent and the screen captured as commands written to that client,
and the screen is captured again as soon as tmux announces output from the
reader (`%output`), else every POLL. (Until round 5 each key and each poll
started a `tmux` process: a few milliseconds each on a loaded 2-core
machine, part of every figure, with the poll as resolution; `poll_median`
is now the cost of one capture through the client.) `first`, `switch0` and
`complete` come from a first session of their own, in which the screen is
captured every COMPLETE_POLL (20 ms) once the articles view is up, so as
to leave the reader the cores (`complete` is known to within 20 ms). The
keys are timed in a second session, started afresh:

  first      from `tmux new-session` to the first article on screen
             (its status line: `(1/N)` and the mode) -- target <= 100 ms
  switch0    Tab then V at once: from V to the articles view's header
             (the scan of the corpus is still running) -- target <= 50 ms
  complete   from that V to the header no longer saying `reading` (the
             view complete) -- target <= 1 s
  busy_key   while the scan runs: `j` to the highlighted row moving, each
             key (max and median) -- target <= 16 ms
  key        once read: `j` in each corpus view, N keys a view (max and
             median) -- target <= 16 ms
  switch     once read: V to the next view's header, each view (max and
             median) -- target <= 50 ms
  search     F and WORD typed at once: from the last key to the first
             article's matches listed, and to the search's end -- target
             (first results) <= 200 ms

The second session runs with `HASHIYA_TRACE_KEYS` set: the reader writes,
per key, the time from reading it to the frame answering it written out
(its own part of a key's time, without tmux's; `--trace FILE` keeps that
trace, whose lines say where the time went: see `src/tui/key_trace.rs`). `busy_key_app` and
`key_app` are those of the same keys as `busy_key` and `key` (the `app`
figures are to within a microsecond; the others within a poll).

`--favour` (Linux, as root) stands in for a quiet machine on a shared one:
the scheduling groups of the bench, tmux and the reader (Linux's autogroup:
one per session) get nice -10, so that other sessions' work (compilers)
takes what they leave. Within the reader's group nothing changes: its scan
threads are as nice as ever beside its UI thread.

Prints one `name=seconds` line per figure. The machine's load is printed
too: on a shared machine, run it a few times and give the range.
"""

import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

POLL = 0.001
COMPLETE_POLL = 0.02
# No output for this long: a frame is written whole.
SETTLE = 0.01
TIMEOUT = 60.0
NAME = "bench_tui_corpus"


class Control:
    """A tmux control-mode client (`tmux -C`) of the session: keys are sent
    and the screen captured as commands on its standard input, without
    starting a `tmux` process for each (which took a few milliseconds of a
    loaded 2-core machine per key and per poll), and the pane's output is
    announced (`%output`) as tmux reads it from the reader."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ["tmux", "-C", "attach-session", "-t", NAME],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
        )
        self.replies = queue.Queue()
        self.output = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        # The attach's own reply, then the size the window keeps.
        self.replies.get(timeout=TIMEOUT)
        self.command("refresh-client -C 120x40")

    def _read(self):
        block = None
        # Buffered: a raw pipe's lines are read a byte per system call.
        for line in io.BufferedReader(self.proc.stdout, 1 << 16):
            if block is not None:
                if line.startswith((b"%end ", b"%error ")):
                    self.replies.put(b"".join(block).decode("utf-8", "replace"))
                    block = None
                else:
                    block.append(line)
            elif line.startswith(b"%begin "):
                block = []
            elif line.startswith(b"%output "):
                self.output.set()
        self.replies.put("")

    def command(self, line):
        """Runs one tmux command; its output."""
        self.proc.stdin.write(line.encode("utf-8") + b"\n")
        return self.replies.get(timeout=TIMEOUT)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=5)


# The control client of the session being measured (None before it starts).
CONTROL = None


def capture(escapes=False):
    if CONTROL:
        out = CONTROL.command(f"capture-pane -p {'-e ' if escapes else ''}-t {NAME}")
        # A screen has its 40 rows: anything else is a reply out of step.
        if out.count("\n") != 40:
            raise SystemExit(f"not a screen from the control client:\n{out}")
        return out
    cmd = ["tmux", "capture-pane", "-p", "-t", NAME]
    if escapes:
        cmd.insert(3, "-e")
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def wait_until(start, shown, escapes=False, what="", poll=POLL):
    """Captures the screen until `shown` holds: again as soon as the reader
    writes output (`%output`), and every `poll` otherwise."""
    while True:
        if CONTROL:
            CONTROL.output.clear()
        out = capture(escapes)
        if shown(out):
            return time.perf_counter() - start, out
        if time.perf_counter() - start > TIMEOUT:
            raise SystemExit(f"timed out waiting for {what}:\n{out}")
        if CONTROL and poll == POLL:
            CONTROL.output.wait(poll * 5)
        else:
            time.sleep(poll)


FAVOUR = False


def favour():
    """Nice -10 for the scheduling groups (autogroups) of this script (and
    the tmux clients it starts), the tmux server and the reader."""
    out = subprocess.run(["tmux", "display-message", "-p", "-t", NAME, "#{pid} #{pane_pid}"],
                         capture_output=True, text=True).stdout.split()
    for pid in [str(os.getpid()), *out]:
        try:
            with open(f"/proc/{pid}/autogroup", "w") as f:
                f.write("-10")
        except OSError as e:
            raise SystemExit(f"--favour: {pid}: {e}")


# Every key sent in the session traced, in order: what it is timed as
# (`busy`, `key`) or None; matched to the trace's lines at the end.
SENT = []


def start_session(binary, folder, trace=None):
    """A fresh session of the reader on FOLDER (the last one quit first),
    writing its key trace to TRACE if given; the time it was started."""
    global CONTROL
    if subprocess.run(["tmux", "has-session", "-t", NAME], capture_output=True).returncode == 0:
        send("Escape")
        send("Escape")
        send("q")
        time.sleep(0.5)
    if CONTROL:
        CONTROL.close()
        CONTROL = None
    subprocess.run(["tmux", "kill-session", "-t", NAME], capture_output=True)
    command = [binary, "."]
    if trace:
        command = ["env", f"HASHIYA_TRACE_KEYS={trace}", *command]
    SENT.clear()
    # The last session's end may be taking the server down with it: a
    # client that met it going is told so ("server exited unexpectedly").
    for attempt in range(20):
        start = time.perf_counter()
        started = subprocess.run(
            ["tmux", "new-session", "-d", "-s", NAME, "-x", "120", "-y", "40", "-c", folder,
             *command],
            capture_output=True, text=True,
        )
        if started.returncode == 0:
            break
        if attempt == 19:
            raise SystemExit(f"tmux new-session: {started.stderr}")
        time.sleep(0.1)
    if FAVOUR:
        favour()
    CONTROL = Control()
    return start


def first_screen(start):
    took, _ = wait_until(
        start, lambda o: "(1/" in o and ("READ" in o or "ANNOTATE" in o), what="first screen"
    )
    return took


def articles_view():
    """Tab, then V: the time V was sent, the time from it to the articles
    view, and the screen then."""
    send("Tab")
    wait_until(time.perf_counter(), lambda o: "this article" in header(o), what="review")
    start = time.perf_counter()
    send("V")
    took, out = wait_until(
        start, lambda o: "articles ·" in header(o) and "corpus (" in header(o),
        what="articles view",
    )
    return start, took, out


def send(*keys, literal=False, timed=None):
    cmd = ["tmux", "send-keys", "-t", NAME]
    if literal:
        cmd.append("-l")
        SENT.extend([None] * len("".join(keys)))
    else:
        SENT.extend([timed] * len(keys))
    if CONTROL:
        CONTROL.command(" ".join([*cmd[1:], *(f"'{k}'" for k in keys)]))
    else:
        subprocess.run([*cmd, *keys], check=True)


def app_times(trace):
    """The reader's own time for each key of SENT, by what it was timed
    as: the trace's `key` lines, one per key sent, in order."""
    try:
        with open(trace) as f:
            lines = [l.split() for l in f if l.startswith("key ")]
    except OSError:
        return {}
    times = {}
    for timed, fields in zip(SENT, lines):
        if timed:
            total = next(f for f in fields if f.startswith("total_us="))
            times.setdefault(timed, []).append(int(total.split("=")[1]) / 1e6)
    return times


def header(out):
    lines = out.splitlines()
    return lines[0] if lines else ""


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def reverses(line):
    """True if an SGR sequence of `line` turns reverse video on: parameter 7
    alone, not a colour's (tmux writes `\x1b[7m`, `\x1b[0;7m`...)."""
    for m in SGR.finditer(line):
        params = [p for p in m.group(1).split(";")]
        i = 0
        while i < len(params):
            if params[i] in ("38", "48", "58"):
                # 38;5;N or 38;2;R;G;B: a colour, not attributes.
                i += 3 if params[i + 1:i + 2] == ["5"] else 5
                continue
            if params[i] == "7":
                return True
            i += 1
    return False


def selected_row(out):
    """The screen row of the highlighted (reversed) table row, if any."""
    for i, line in enumerate(out.splitlines()):
        if i > 1 and reverses(line):
            return i
    return None


def settled(escapes):
    """The screen once the reader has written nothing for SETTLE: the
    whole frame, where the capture that saw a change may have caught one
    being written (not timed)."""
    if not CONTROL:
        return capture(escapes)
    while True:
        CONTROL.output.clear()
        if not CONTROL.output.wait(SETTLE):
            return capture(escapes)


def timed_key(key, changed, escapes=False, what="", timed=None):
    """Sends `key`: the time until the screen shows `changed`, and the
    screen then settled ([`settled`])."""
    start = time.perf_counter()
    send(key, timed=timed)
    took, _ = wait_until(start, changed, escapes, what)
    return took, settled(escapes)


def moved(before):
    """The test of a `j`: a highlighted row, not the one `before`."""
    return lambda o: selected_row(o) not in (None, before)


def main():
    args = sys.argv[1:]
    keys, query, kept, favoured = 10, "روسيا", None, False
    while args and args[0].startswith("--"):
        if args[0] == "--keys":
            keys, args = int(args[1]), args[2:]
        elif args[0] == "--query":
            query, args = args[1], args[2:]
        elif args[0] == "--favour":
            favoured, args = True, args[1:]
        elif args[0] == "--trace":
            kept, args = os.path.abspath(args[1]), args[2:]
        else:
            raise SystemExit(__doc__)
    if len(args) != 2:
        raise SystemExit(__doc__)
    global FAVOUR
    FAVOUR = favoured
    binary, folder = args
    with open("/proc/loadavg") as f:
        print("load=" + " ".join(f.read().split()[:3]))
    try:
        # Session 1: the first screen, the view up and complete.
        first = first_screen(start_session(binary, folder))
        print(f"first={first:.3f}")
        start, switch0, out = articles_view()
        print(f"switch0={switch0:.3f} scanning={'reading' in header(out)}")
        complete, _ = wait_until(
            start, lambda o: "reading" not in header(o) and "articles ·" in header(o),
            what="the whole articles view", poll=COMPLETE_POLL,
        )
        print(f"complete={complete:.3f}")
        # Session 2, started afresh: keys while the scan runs, then once read.
        trace = kept or os.path.join(tempfile.mkdtemp(prefix="bench_tui_"), "keys")
        first_screen(start_session(binary, folder, trace))
        start, _, _ = articles_view()
        # Keys while the scan runs.
        busy = []
        while True:
            out = capture(True)
            if "reading" not in header(out) or len(busy) >= keys:
                break
            # A key needs a row to move to: the view's rows grow as read.
            rows = re.search(r"· (\d+) [^·]+ ·", header(out))
            if rows and int(rows.group(1)) < len(busy) + 2:
                time.sleep(POLL)
                continue
            before = selected_row(out)
            took, out = timed_key(
                "j", lambda o: moved(before)(o) or "reading" not in header(o), True,
                "j while reading", timed="busy_key",
            )
            if "reading" in header(out):
                busy.append(took)
            else:
                SENT[-1] = None
        wait_until(
            start, lambda o: "reading" not in header(o) and "articles ·" in header(o),
            what="the whole articles view",
        )
        if busy:
            print(f"busy_key_max={max(busy):.3f} busy_key_median={statistics.median(busy):.3f}"
                  f" busy_keys={len(busy)}")
        # Once read: keys and switches in every corpus view.
        key_times, switches = [], []
        for _ in range(5):
            out = capture(True)
            # No more keys than rows to move to (the labels view has five).
            rows = re.search(r"· (\d+) [^·]+ ·", header(out))
            last = 2 + int(rows.group(1)) - 1 if rows else None
            for _ in range(keys):
                before = selected_row(out)
                if before is None or before == last:
                    break
                took, out = timed_key(
                    "j", moved(before), True, "j in a corpus view",
                    timed="key",
                )
                key_times.append(took)
            title = header(out).split("·")[0]
            took, out = timed_key("V", lambda o: header(o).split("·")[0] != title, True, "V", timed="switch")
            switches.append(took)
            if "this article" in header(out):
                break
        if key_times:
            print(f"key_max={max(key_times):.3f} key_median={statistics.median(key_times):.3f}"
                  f" keys={len(key_times)}")
        # Wait for the trace's last lines (written once each frame is out).
        time.sleep(0.2)
        for name, times in sorted(app_times(trace).items()):
            print(f"{name}_app_max={max(times):.4f}"
                  f" {name}_app_median={statistics.median(times):.4f} {name}_app_keys={len(times)}")
        if not kept:
            shutil.rmtree(os.path.dirname(trace), ignore_errors=True)
        print(f"switch_max={max(switches):.3f} switch_median={statistics.median(switches):.3f}"
              f" switches={len(switches)}")
        # Corpus search.
        send("Escape")
        wait_until(time.perf_counter(), lambda o: "this article" not in header(o), what="reader")
        send("F")
        wait_until(time.perf_counter(), lambda o: "search:" in o, what="search overlay")
        start = time.perf_counter()
        send(query, literal=True)
        # An article's row in the list: its name, then its count of matches.
        first_hit, _ = wait_until(
            start, lambda o: any(".txt · " in l and "match" in l for l in o.splitlines()),
            what="first results",
        )
        done, _ = wait_until(start, lambda o: "searching…" not in o and " in " in o,
                             what="search done")
        print(f"search_first={first_hit:.3f} search_done={done:.3f}")
        # What one poll costs: every figure above is known to within about that.
        polls = []
        for _ in range(5):
            t = time.perf_counter()
            capture(True)
            polls.append(time.perf_counter() - t)
        print(f"poll_median={statistics.median(polls):.3f}")
        send("Escape")
        send("q")
    finally:
        if CONTROL:
            CONTROL.close()
        subprocess.run(["tmux", "kill-session", "-t", NAME], capture_output=True)


if __name__ == "__main__":
    main()
