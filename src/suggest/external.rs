//! External recommenders: any program speaking the JSON-lines protocol of
//! `docs/suggest.md`, run once per article with a time-out.
//!
//! Hashiya writes one request line on the program's standard input (the
//! article's text, its annotations and rejections, the schema's labels)
//! and closes it; the program writes one suggestion per line on its
//! standard output and exits 0. A program that does not finish within its
//! time-out is killed; one that exits with another status, prints more
//! than [`MAX_OUTPUT`] bytes or a line that is not a suggestion, or
//! proposes a span outside the article, gives a [`Failure`] naming it and
//! no suggestion at all. Nothing of its output is printed by this module;
//! what a message quotes (its standard error's last line) is shown through
//! `text::safe` like every message.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::config::RecommenderDef;
use super::{ClaimParts, ClaimantGuess, Failure, Input, Proposal, Recommender, Suggestion, slice};
use crate::annotate::ClaimKind;

/// The protocol's version, sent in every request.
pub const PROTOCOL: u32 = 1;

/// The most a recommender may print for one article (bytes).
pub const MAX_OUTPUT: usize = 16 << 20;

/// The most of its standard error kept for a message (bytes).
const MAX_STDERR: usize = 64 << 10;

/// One annotation in a request.
#[derive(Debug, Serialize)]
struct Annotation<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    start: usize,
    end: usize,
    text: &'a str,
}

/// A rejected suggestion in a request.
#[derive(Debug, Serialize)]
struct Rejected<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
}

/// The request line.
#[derive(Debug, Serialize)]
struct Request<'a> {
    protocol: u32,
    article: &'a str,
    text: &'a str,
    labels: Vec<&'a str>,
    annotations: Vec<Annotation<'a>>,
    rejected: Vec<Rejected<'a>>,
}

/// A span in a reply (a claim's cue).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Span {
    start: usize,
    end: usize,
}

/// One line of a reply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reply {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    start: usize,
    end: usize,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    score: Option<f64>,
    #[serde(default)]
    cue: Option<Span>,
    #[serde(default)]
    claimant: Option<String>,
    #[serde(default, rename = "kind")]
    claim_kind: Option<String>,
}

/// The request line for `input` (with its line feed).
pub fn request(input: &Input<'_>) -> String {
    let mut annotations: Vec<Annotation<'_>> = input
        .store
        .entities()
        .filter(|e| !e.orphan)
        .map(|e| Annotation {
            kind: "entity",
            id: &e.id,
            label: Some(&e.label),
            start: e.start,
            end: e.end,
            text: &e.text,
        })
        .collect();
    annotations.extend(input.store.claims().filter(|c| !c.orphan).map(|c| Annotation {
        kind: "claim",
        id: &c.id,
        label: None,
        start: c.start,
        end: c.end,
        text: &c.text,
    }));
    let request = Request {
        protocol: PROTOCOL,
        article: input.name,
        text: input.text,
        labels: input.schema.labels.iter().map(|l| l.name.as_str()).collect(),
        annotations,
        rejected: input
            .rejected
            .iter()
            .map(|r| Rejected {
                start: r.range.start,
                end: r.range.end,
                label: &r.label,
                text: &r.text,
            })
            .collect(),
    };
    // Serialising plain strings and numbers cannot fail.
    let mut line = serde_json::to_string(&request).unwrap_or_default();
    line.push('\n');
    line
}

/// The suggestions of a reply (`output`, the program's standard output)
/// for an article of `chars` characters, or what is wrong with it.
pub fn parse_reply(output: &[u8], text: &str, source: &str) -> Result<Vec<Suggestion>, String> {
    let output = std::str::from_utf8(output)
        .map_err(|e| format!("its output is not UTF-8 (byte {})", e.valid_up_to()))?;
    let chars = text.chars().count();
    let mut out = Vec::new();
    for (n, line) in output.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |why: &str| format!("line {} of its output is not a suggestion: {why}", n + 1);
        let reply: Reply = serde_json::from_str(line)
            .map_err(|e| bad(&crate::text::safe::line(&e.to_string())))?;
        if reply.start >= reply.end || reply.end > chars {
            return Err(bad(&format!(
                "span {}..{} is not inside the article ({chars} characters)",
                reply.start, reply.end
            )));
        }
        let score = reply.score.unwrap_or(1.0);
        if !(0.0..=1.0).contains(&score) {
            return Err(bad("score must be between 0 and 1"));
        }
        let range = reply.start..reply.end;
        let proposal = match reply.kind.as_deref() {
            None | Some("entity") => {
                let label = reply.label.filter(|l| {
                    !l.trim().is_empty() && !l.chars().any(crate::text::safe::is_unsafe)
                });
                Proposal::Entity(label.ok_or_else(|| bad("an entity needs a plain label"))?)
            }
            Some("claim") => {
                let cue = match reply.cue {
                    Some(s) if s.start < s.end && s.end <= chars => {
                        let r = s.start..s.end;
                        Some((r.clone(), slice(text, &r)))
                    }
                    Some(_) => return Err(bad("the cue is not inside the article")),
                    None => None,
                };
                let kind = match reply.claim_kind.as_deref() {
                    None => ClaimKind::default(),
                    Some(k) => {
                        k.parse().map_err(|()| bad("kind must be direct, indirect or mixed"))?
                    }
                };
                let claimant = reply
                    .claimant
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| ClaimantGuess::Text(crate::text::safe::line(&c).into_owned()));
                Proposal::Claim(ClaimParts { cue, claimant, kind })
            }
            Some(_) => return Err(bad("type must be \"entity\" or \"claim\"")),
        };
        out.push(Suggestion {
            text: slice(text, &range),
            range,
            proposal,
            score,
            source: source.to_owned(),
        });
    }
    Ok(out)
}

/// Reads `from` to its end or `limit + 1` bytes, whichever comes first.
fn read_capped(mut from: impl Read, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    from.by_ref().take(limit as u64 + 1).read_to_end(&mut out)?;
    Ok(out)
}

/// The last line of a recommender's standard error, for a message.
fn last_line(stderr: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(stderr);
    let line = text.lines().rev().map(str::trim).find(|l| !l.is_empty())?;
    let short: String = line.chars().take(200).collect();
    Some(crate::text::safe::line(&short).into_owned())
}

/// The process groups of the recommenders running now (their leaders' ids),
/// for [`stop_running`].
static RUNNING: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

fn running() -> std::sync::MutexGuard<'static, Vec<u32>> {
    RUNNING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Stops every recommender still running (with what it started): the
/// reader calls it as it ends, so that quitting, which never waits for a
/// recommender, leaves none behind.
pub fn stop_running() {
    let leaders: Vec<u32> = running().drain(..).collect();
    for leader in leaders {
        kill_group(leader);
    }
}

/// Stops the process group `leader` leads (see [`External`]'s `run`): its
/// children too, not only the program. Through the system's `kill` program
/// (no `libc` dependency and no `unsafe`); when there is none, the caller's
/// `Child::kill` still stops the leader.
fn kill_group(leader: u32) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{leader}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    #[cfg(not(unix))]
    let _ = leader;
}

/// A recommender run as a program (see the module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct External {
    def: RecommenderDef,
}

impl External {
    /// The recommender `def` declares.
    pub fn new(def: RecommenderDef) -> Self {
        Self { def }
    }

    fn fail(&self, message: impl Into<String>) -> Failure {
        Failure { name: self.def.name.clone(), message: message.into() }
    }

    /// Runs the program on `input`: its standard output, or a failure.
    fn run(&self, input: &Input<'_>) -> Result<Vec<u8>, Failure> {
        let timeout = Duration::from_millis(self.def.timeout_ms);
        let started = Instant::now();
        let mut command = Command::new(self.def.program());
        command
            .args(&self.def.args)
            .current_dir(&self.def.folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // In a process group of its own, so that stopping it stops what it
        // started too (a shell script's children, a model server's workers).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .map_err(|e| self.fail(format!("could not start {}: {e}", self.def.command)))?;
        let leader = child.id();
        running().push(leader);
        let result = self.talk(&mut child, input, timeout, started);
        running().retain(|&id| id != leader);
        result
    }

    /// Gives `child` its request and takes its answer (see [`External::run`]).
    fn talk(
        &self,
        child: &mut std::process::Child,
        input: &Input<'_>,
        timeout: Duration,
        started: Instant,
    ) -> Result<Vec<u8>, Failure> {
        // Each pipe on a thread of its own, so that none can block the others
        // (or the caller past the time-out).
        if let Some(mut stdin) = child.stdin.take() {
            let line = request(input);
            std::thread::spawn(move || {
                // A program that does not read its input is not an error here.
                let _ = stdin.write_all(line.as_bytes());
            });
        }
        let (out_tx, out_rx) = mpsc::channel();
        if let Some(stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                let _ = out_tx.send(read_capped(stdout, MAX_OUTPUT));
            });
        }
        let (err_tx, err_rx) = mpsc::channel();
        if let Some(stderr) = child.stderr.take() {
            std::thread::spawn(move || {
                let _ = err_tx.send(read_capped(stderr, MAX_STDERR));
            });
        }
        let stop = |child: &mut std::process::Child| {
            kill_group(child.id());
            let _ = child.kill();
            let _ = child.wait();
        };
        // Its output first (to its end), then its exit, within the time-out.
        let remaining = || timeout.saturating_sub(started.elapsed());
        let output = match out_rx.recv_timeout(remaining()) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(e)) => {
                stop(child);
                return Err(self.fail(format!("reading its output: {e}")));
            }
            Err(_) => {
                stop(child);
                return Err(self.fail(format!(
                    "gave no answer within {} ms: stopped (timeout_ms in hashiya.toml)",
                    self.def.timeout_ms
                )));
            }
        };
        if output.len() > MAX_OUTPUT {
            stop(child);
            return Err(self.fail(format!("printed more than {} MiB: stopped", MAX_OUTPUT >> 20)));
        }
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Ok(None) => {
                    stop(child);
                    return Err(self
                        .fail(format!("did not exit within {} ms: stopped", self.def.timeout_ms)));
                }
                Err(e) => return Err(self.fail(format!("waiting for it: {e}"))),
            }
        };
        if !status.success() {
            let stderr = err_rx.recv_timeout(Duration::from_millis(100)).ok().and_then(Result::ok);
            let why = match status.code() {
                Some(code) => format!("exited with status {code}"),
                None => "was killed by a signal".to_owned(),
            };
            return Err(self.fail(match stderr.as_deref().and_then(last_line) {
                Some(line) => format!("{why}; its last message: {line}"),
                None => why,
            }));
        }
        Ok(output)
    }
}

impl Recommender for External {
    fn name(&self) -> &str {
        &self.def.name
    }

    fn suggest(&self, input: &Input<'_>) -> Result<Vec<Suggestion>, Failure> {
        let output = self.run(input)?;
        parse_reply(&output, input.text, &self.def.name).map_err(|m| self.fail(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_time_out_stops_the_recommender_and_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("child.pid");
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/recommenders/hang_child.sh");
        let def = RecommenderDef {
            name: "slow".into(),
            command: script.display().to_string(),
            args: vec![pid_file.display().to_string()],
            timeout_ms: 500,
            folder: dir.path().to_path_buf(),
        };
        let store = crate::annotate::Store::new();
        let schema = crate::annotate::Schema::builtin();
        let input = Input {
            name: "a.txt",
            text: "قال بوتين",
            store: &store,
            rejected: &[],
            schema: &schema,
            proposed: &[],
        };
        let e = External::new(def).suggest(&input).unwrap_err();
        assert!(e.message.contains("within 500 ms"), "{e}");
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let proc = std::path::PathBuf::from(format!("/proc/{}", pid.trim()));
        // The child `sleep` was stopped with its group (reaped by init soon after).
        let gone = (0..100).any(|_| {
            let state = std::fs::read_to_string(proc.join("stat")).unwrap_or_default();
            let done = state.is_empty() || state.contains(") Z ");
            if !done {
                std::thread::sleep(Duration::from_millis(20));
            }
            done
        });
        assert!(gone, "{} still runs", proc.display());
    }

    #[test]
    fn replies_are_checked_line_by_line() {
        let text = "قال بوتين إن روسيا";
        let ok = "{\"start\": 4, \"end\": 9, \"label\": \"PERSON\", \"score\": 0.5}\n\n\
                   {\"type\": \"claim\", \"start\": 10, \"end\": 18, \"cue\": {\"start\": 0, \"end\": 3}, \"kind\": \"indirect\", \"claimant\": \"\\u001b[2Jبوتين\"}\n";
        let s = parse_reply(ok.as_bytes(), text, "stub").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].text.as_str(), s[0].label(), s[0].score), ("بوتين", "PERSON", 0.5));
        let Proposal::Claim(parts) = &s[1].proposal else { panic!("not a claim") };
        assert_eq!(parts.cue.as_ref().map(|c| c.1.as_str()), Some("قال"));
        // The claimant text is made safe: no escape reaches a terminal.
        assert!(!parts.claimant.as_ref().unwrap().text().contains('\u{1b}'));
        for (bad, why) in [
            (&b"hello\n"[..], "line 1 of its output is not a suggestion"),
            (b"{\"start\": 4, \"end\": 99, \"label\": \"X\"}", "not inside the article"),
            (b"{\"start\": 4, \"end\": 9}", "needs a plain label"),
            (b"{\"start\": 4, \"end\": 9, \"label\": \"X\", \"score\": 7}", "between 0 and 1"),
            (b"{\"start\": 4, \"end\": 9, \"label\": \"X\", \"colour\": 1}", "unknown field"),
            (b"\xff\xfe", "not UTF-8"),
        ] {
            let e = parse_reply(bad, text, "stub").unwrap_err();
            assert!(e.contains(why), "{e}");
        }
    }
}
