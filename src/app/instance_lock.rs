//! Markers that an article is open in a Hashiya, so that a second one on
//! the same article can warn: one file per instance, never shared, kept
//! outside the article's folder (`$TMPDIR/hashiya-locks/`).
//!
//! Only the article open for annotation takes a marker; looking at other
//! articles (the corpus views, the review screen) never touches theirs.
//! A marker is named `<key>.<pid>.<n>.lock` (`key`: from the article's
//! canonical path; `n`: counts the markers this process took) and holds
//! the process's pid, host, boot id and start time, so that it is
//! recognised as stale when its process is gone:
//!
//! - on the same host, when no process has its pid, or the process with
//!   its pid started at another time (the pid was reused), or the machine
//!   rebooted since (another boot id);
//! - from another host (a shared temporary folder), when it is older than
//!   [`FOREIGN_MAX_AGE`].
//!
//! Stale markers are removed when found and never warned about. Where
//! `/proc` is missing, a marker of this host counts as live until it is
//! [`FOREIGN_MAX_AGE`] old.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::annotate::sidecar::sha256_hex;

/// How long a marker that cannot be checked (another host, no `/proc`)
/// counts as live.
pub const FOREIGN_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// The folder holding the markers.
pub fn lock_dir() -> PathBuf {
    std::env::temp_dir().join("hashiya-locks")
}

/// Another live Hashiya that has the article open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Its process id.
    pub pid: u32,
    /// Its host, when not this one (letters, digits, `.` and `-` only).
    pub host: Option<String>,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pid {}", self.pid)?;
        if let Some(host) = &self.host {
            write!(f, " on {host}")?;
        }
        Ok(())
    }
}

/// What a marker says of the process that took it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Marker {
    pid: u32,
    host: String,
    boot: String,
    /// Start time of the process, in clock ticks after boot (`/proc`).
    started: Option<u64>,
}

impl Marker {
    /// This process.
    fn ours() -> Self {
        let pid = std::process::id();
        Self { pid, host: hostname(), boot: boot_id(), started: process_start(pid) }
    }

    fn render(&self, article: &Path) -> String {
        let mut out = format!("pid = {}\n", self.pid);
        for (key, value) in [("host", &self.host), ("boot", &self.boot)] {
            let _ = writeln!(out, "{key} = {}", toml::Value::String(value.clone()));
        }
        if let Some(started) = self.started {
            let _ = writeln!(out, "started = {started}");
        }
        let article = toml::Value::String(article.to_string_lossy().into_owned());
        let _ = writeln!(out, "article = {article}");
        out
    }

    /// The marker in `text`, if it is one (a `pid` at least).
    fn parse(text: &str) -> Option<Self> {
        let table: toml::Table = text.parse().ok()?;
        let string = |key: &str| table.get(key).and_then(toml::Value::as_str).unwrap_or_default();
        Some(Self {
            pid: u32::try_from(table.get("pid")?.as_integer()?).ok()?,
            host: string("host").to_owned(),
            boot: string("boot").to_owned(),
            started: table.get("started").and_then(toml::Value::as_integer).map(|n| n as u64),
        })
    }
}

/// This host's name (empty when unknown).
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

/// This boot's id (empty when unknown).
fn boot_id() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|b| b.trim().to_owned())
        .unwrap_or_default()
}

/// True when processes can be looked up in `/proc`.
fn has_proc() -> bool {
    Path::new("/proc/self/stat").exists()
}

/// When the process `pid` started (clock ticks after boot), if it exists
/// and `/proc` says.
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid …`: the name may hold spaces and parentheses.
    let after_name = &stat[stat.rfind(')')? + 1..];
    // Field 22 of the line is the 20th after the name.
    after_name.split_whitespace().nth(19)?.parse().ok()
}

/// True when the marker's process is certainly gone (see the module docs).
fn is_stale(marker: &Marker, ours: &Marker, age: Duration) -> bool {
    let same_host = marker.host == ours.host || marker.host.is_empty() || ours.host.is_empty();
    if !same_host {
        return age > FOREIGN_MAX_AGE;
    }
    if !marker.boot.is_empty() && !ours.boot.is_empty() && marker.boot != ours.boot {
        return true;
    }
    if !has_proc() {
        return age > FOREIGN_MAX_AGE;
    }
    match process_start(marker.pid) {
        None => true,
        Some(started) => marker.started.is_some_and(|s| s != started),
    }
}

/// The host name as shown in a warning: the characters of host names only.
fn shown_host(host: &str) -> String {
    host.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')).take(64).collect()
}

/// Reads a marker file (a few hundred bytes; at most 4 KiB are read).
fn read_marker(path: &Path) -> Option<Marker> {
    let file = std::fs::File::open(path).ok()?;
    let mut text = String::new();
    file.take(4096).read_to_string(&mut text).ok()?;
    Marker::parse(&text)
}

/// The marker key of `article`: from its canonical path.
fn key(article: &Path) -> String {
    let canonical = std::fs::canonicalize(article).unwrap_or_else(|_| article.to_path_buf());
    sha256_hex(canonical.to_string_lossy().as_bytes())[..32].to_owned()
}

/// This process's marker on an open article; removed when dropped.
#[derive(Debug)]
pub struct InstanceLock {
    path: PathBuf,
}

impl InstanceLock {
    /// Takes a marker for `article` in [`lock_dir`]; returns it (`None` when
    /// the folder cannot be written) and the other live Hashiyas that have
    /// the article open.
    pub fn take(article: &Path) -> (Option<Self>, Vec<Holder>) {
        Self::take_in(&lock_dir(), article)
    }

    /// [`InstanceLock::take`] with the markers in `dir`.
    pub fn take_in(dir: &Path, article: &Path) -> (Option<Self>, Vec<Holder>) {
        static TAKEN: AtomicU64 = AtomicU64::new(0);
        let key = key(article);
        let ours = Marker::ours();
        let n = TAKEN.fetch_add(1, Ordering::Relaxed);
        let name = format!("{key}.{}.{n}.lock", ours.pid);
        let path = dir.join(&name);
        let temp = dir.join(format!(".{name}.tmp"));
        // Written whole, then renamed: a reader never sees half a marker.
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&temp, ours.render(article)))
            .and_then(|()| std::fs::rename(&temp, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        // Looked for after ours is in place: of two Hashiyas opening the
        // article at once, the second always sees the first.
        let others = others(dir, &key, &ours);
        (written.is_ok().then_some(Self { path }), others)
    }

    /// The marker file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The live Hashiyas other than this process with a marker for `key` in
/// `dir`; stale markers found on the way are removed.
fn others(dir: &Path, key: &str, ours: &Marker) -> Vec<Holder> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let prefix = format!("{key}.");
    let now = SystemTime::now();
    let mut holders = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(&prefix) || !name.ends_with(".lock") {
            continue;
        }
        let path = entry.path();
        let Some(marker) = read_marker(&path) else { continue };
        if marker.pid == ours.pid && marker.host == ours.host {
            continue;
        }
        let modified = entry.metadata().and_then(|m| m.modified()).unwrap_or(UNIX_EPOCH);
        let age = now.duration_since(modified).unwrap_or_default();
        if is_stale(&marker, ours, age) {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        let host =
            (marker.host != ours.host && !marker.host.is_empty()).then(|| shown_host(&marker.host));
        let holder = Holder { pid: marker.pid, host };
        if !holders.contains(&holder) {
            holders.push(holder);
        }
    }
    holders.sort_by_key(|h| h.pid);
    holders
}

impl Drop for InstanceLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The warning for a user whose article is open in `others`, if any.
pub fn warning(others: &[Holder]) -> Option<String> {
    let list = others.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    match others.len() {
        0 => None,
        1 => Some(format!(
            "another Hashiya ({list}) has this article open: its saved changes are merged into yours"
        )),
        _ => Some(format!(
            "another Hashiya has this article open ({list}): their saved changes are merged into yours"
        )),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

    use super::*;

    fn article(dir: &Path) -> PathBuf {
        let path = dir.join("a.txt");
        std::fs::write(&path, "نص").unwrap();
        path
    }

    /// Writes a marker for `article` as another process would.
    fn plant(dir: &Path, article: &Path, marker: &Marker) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join(format!("{}.{}.0.lock", key(article), marker.pid));
        std::fs::write(&path, marker.render(article)).unwrap();
        path
    }

    /// A pid no process has.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn each_instance_has_its_own_marker_and_removes_only_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        let (dir, article) = (tmp.path().join("locks"), article(tmp.path()));
        let (first, others) = InstanceLock::take_in(&dir, &article);
        let first = first.unwrap();
        assert!(others.is_empty());
        // This process again (reopening the article): a second marker.
        let (second, others) = InstanceLock::take_in(&dir, &article);
        let second = second.unwrap();
        assert!(others.is_empty(), "this process is not another Hashiya");
        assert_ne!(first.path(), second.path());
        let text = std::fs::read_to_string(first.path()).unwrap();
        assert_eq!(Marker::parse(&text).unwrap(), Marker::ours());
        drop(first);
        assert!(second.path().exists(), "dropping one marker leaves the other");
        let path = second.path().to_path_buf();
        drop(second);
        assert!(!path.exists());
    }

    #[test]
    fn a_live_process_is_named_and_its_marker_kept() {
        if !has_proc() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let (dir, article) = (tmp.path().join("locks"), article(tmp.path()));
        let mut child = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let live = Marker { pid: child.id(), started: process_start(child.id()), ..Marker::ours() };
        let planted = plant(&dir, &article, &live);
        let (lock, others) = InstanceLock::take_in(&dir, &article);
        assert_eq!(others, [Holder { pid: child.id(), host: None }]);
        assert!(planted.exists());
        assert_eq!(
            warning(&others).unwrap(),
            format!(
                "another Hashiya (pid {}) has this article open: its saved changes are merged into yours",
                child.id()
            )
        );
        drop(lock);
        assert!(planted.exists(), "another's marker is never removed by us");
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn stale_markers_are_removed_and_never_named() {
        if !has_proc() {
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let (dir, article) = (tmp.path().join("locks"), article(tmp.path()));
        let ours = Marker::ours();
        // A dead pid.
        let dead = plant(&dir, &article, &Marker { pid: dead_pid(), ..ours.clone() });
        // A live pid that is another process than the one that took it
        // (pid 1 started at boot, not at this time).
        let reused =
            plant(&dir, &article, &Marker { pid: 1, started: Some(u64::MAX), ..ours.clone() });
        // A marker from before a reboot.
        let rebooted =
            plant(&dir, &article, &Marker { pid: 1, boot: "another-boot".into(), ..ours.clone() });
        // Garbage under a marker's name: not a marker, neither named nor removed.
        let garbage = dir.join(format!("{}.7.0.lock", key(&article)));
        std::fs::write(&garbage, "\u{1b}]52;c;x\u{7}").unwrap();
        let (_lock, others) = InstanceLock::take_in(&dir, &article);
        assert!(others.is_empty(), "{others:?}");
        assert!(!dead.exists() && !rebooted.exists());
        assert!(!reused.exists());
        assert!(garbage.exists());
    }

    #[test]
    fn markers_of_another_host_count_until_they_are_old() {
        let ours = Marker::ours();
        let foreign = Marker { host: "elsewhere".into(), pid: 1, ..ours.clone() };
        assert!(!is_stale(&foreign, &ours, Duration::from_secs(60)));
        assert!(is_stale(&foreign, &ours, FOREIGN_MAX_AGE + Duration::from_secs(1)));
        let holder = Holder { pid: 1, host: Some(shown_host("evil\u{1b}[2J.host")) };
        assert_eq!(holder.to_string(), "pid 1 on evil2J.host");
    }

    #[test]
    fn other_articles_markers_are_not_looked_at() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("locks");
        let a = article(tmp.path());
        let b = tmp.path().join("b.txt");
        std::fs::write(&b, "نص").unwrap();
        let dead = plant(&dir, &b, &Marker { pid: dead_pid(), ..Marker::ours() });
        let (_lock, others) = InstanceLock::take_in(&dir, &a);
        assert!(others.is_empty());
        assert!(dead.exists(), "opening a.txt leaves b.txt's markers alone");
    }

    #[test]
    fn process_start_times_are_read_from_proc() {
        if !has_proc() {
            return;
        }
        let me = std::process::id();
        assert!(process_start(me).is_some());
        assert_eq!(process_start(me), process_start(me));
        assert_eq!(process_start(dead_pid()), None);
    }
}
