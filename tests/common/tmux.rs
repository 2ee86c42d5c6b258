//! Drives the real `hashiya` binary in a tmux pane: send keys, read the screen.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A tmux server of its own (a private socket) running one command.
pub struct Tmux {
    socket: String,
}

/// True when tmux tests should run. When tmux is missing the test fails
/// under CI (`CI` set; `.ci/run` installs tmux) and is skipped with a loud
/// note elsewhere, so that `cargo test` passes on a fresh machine.
pub fn available() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "tmux is needed for this test: apt-get install -y tmux"
    );
    eprintln!("SKIPPED: tmux is missing (apt-get install -y tmux); under CI this fails");
    false
}

impl Tmux {
    /// Starts `args` (the hashiya binary and its arguments) in a
    /// `width`×`height` pane, in `cwd`.
    pub fn start(args: &[&str], width: u16, height: u16, cwd: &Path) -> Self {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let socket = format!("hashiya-test-{}-{n}", std::process::id());
        let command = args.iter().map(|a| shell_quote(a)).collect::<Vec<_>>().join(" ");
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg("-c")
            .arg(cwd)
            .env("LANG", "C.UTF-8")
            .env("TERM", "xterm-256color")
            // Run inside mlterm, Konsole, kitty or macOS Terminal, the tests
            // would see their variables and get terminal-bidi mode.
            .env_remove("MLTERM")
            .env_remove("KONSOLE_VERSION")
            .env_remove("KITTY_WINDOW_ID")
            .env_remove("TERM_PROGRAM")
            // Positions are remembered per user: not the tester's.
            .env("HASHIYA_REMEMBER", "0")
            .arg(format!("{command}; printf '\\nEXITED:%s\\n' $?; sleep 30"))
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Self { socket }
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    /// Sends keys (tmux key names, e.g. "q", "Enter", "Escape").
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    /// Types literal text (Arabic included).
    pub fn type_text(&self, text: &str) {
        assert!(self.tmux(&["send-keys", "-t", "0", "-l", text]).status.success());
    }

    /// Writes `bytes` to the program as the terminal would (a mouse
    /// report, for instance), uninterpreted by tmux.
    pub fn send_bytes(&self, bytes: &[u8]) {
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut args = vec!["send-keys", "-t", "0", "-H"];
        args.extend(hex.iter().map(String::as_str));
        assert!(self.tmux(&args).status.success());
    }

    /// The pane's text with its colours and attributes as SGR escape
    /// sequences (`capture-pane -e`), one string per row.
    pub fn screen_styled(&self) -> Vec<String> {
        let out = self.tmux(&["capture-pane", "-p", "-e", "-t", "0"]);
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    }

    /// The pane's text, one string per row.
    pub fn screen(&self) -> Vec<String> {
        let out = self.tmux(&["capture-pane", "-p", "-t", "0"]);
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    }

    /// Waits until `pred` holds on the screen, or panics with the screen after `secs`.
    pub fn wait_for(&self, secs: u64, what: &str, pred: impl Fn(&[String]) -> bool) -> Vec<String> {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "timed out waiting for {what}; screen:\n{}",
                screen.join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pane's text with wrapped lines joined (long paths stay whole).
    pub fn text_joined(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-J", "-t", "0"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Appends everything the program writes to the pane from now on to
    /// the file at `path` (tmux `pipe-pane`).
    pub fn record_output(&self, path: &Path) {
        let command = format!("cat >> {}", shell_quote(&path.to_string_lossy()));
        assert!(self.tmux(&["pipe-pane", "-o", "-t", "0", &command]).status.success());
    }

    /// A tmux format expanded for the pane, e.g. `#{alternate_on}`.
    pub fn format(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", "-t", "0", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The pane's title (what escape sequences could have changed).
    pub fn pane_title(&self) -> String {
        let out = self.tmux(&["display-message", "-p", "-t", "0", "#{pane_title}"]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Resizes the pane's window.
    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        let _ = self.tmux(&["resize-window", "-t", "0", "-x", &w, "-y", &h]);
    }

    /// The pid of the process named `name` running in the pane.
    pub fn pane_pid_of(&self, name: &str) -> u32 {
        let out = self.tmux(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
        let shell: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().expect("pane pid");
        let children =
            Command::new("pgrep").args(["-P", &shell.to_string(), name]).output().expect("pgrep");
        String::from_utf8_lossy(&children.stdout)
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} under pid {shell}"))
    }

    /// Searches for `query` and waits until a match is selected (the
    /// status line is back to READ and shows "[n/m]").
    pub fn search(&self, query: &str) {
        self.send(&["/"]);
        self.type_text(query);
        self.send(&["Enter"]);
        self.wait_for(10, "the match", |s| {
            s.last().is_some_and(|r| r.contains("READ") && r.contains('[') && r.contains('/'))
        });
    }

    /// Tags the first match of `query` as an entity with the label on `key`.
    pub fn tag(&self, query: &str, key: &str) {
        self.search(query);
        self.send(&["e"]);
        self.wait_for(10, "the label picker", |s| s.iter().any(|r| r.contains("LABEL")));
        self.send(&[key]);
        self.wait_for(10, "the tag", |s| s.last().is_some_and(|r| r.contains("READ")));
    }

    /// Waits for the program to exit and returns its exit status.
    pub fn wait_exit(&self, secs: u64) -> i32 {
        let screen = self
            .wait_for(secs, "the program to exit", |s| s.iter().any(|l| l.starts_with("EXITED:")));
        screen
            .iter()
            .find_map(|l| l.strip_prefix("EXITED:"))
            .and_then(|c| c.trim().parse().ok())
            .unwrap_or(-1)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
