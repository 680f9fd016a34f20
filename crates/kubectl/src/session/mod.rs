//! A session: what a learner did, as the inputs of a deterministic cluster. The cluster is a
//! function of its seed, its options, the starting workspace and the ordered inputs with the
//! instants they happened at, so this record *is* the state: replaying it on a fresh cluster
//! gives the same pods, IPs and ages and the same scrollback, byte for byte. Share links,
//! reloads and embeds carry a [`Session`]; a [`Player`] runs one live and records it.

pub mod json;
pub mod link;

use crate::console::{self, Console};
use crate::screen::Screen;
use crate::workspace::{normalize, Workspace};
use sim::{Cluster, Time};
use std::collections::BTreeMap;
use std::fmt;

/// Worker nodes of the page's cluster (and the CLI's default).
pub const DEFAULT_WORKERS: usize = 2;
pub const MAX_WORKERS: usize = 250;
/// A journal longer than this is refused (links, storage).
pub const MAX_ENTRIES: usize = 20_000;
/// A session covers at most this much cluster time (400 days, in ms).
pub const MAX_ELAPSED_MS: u64 = 400 * 86_400_000;
/// One file's text, at most (bytes).
pub const MAX_FILE: usize = 1 << 20;

/// One input, at an instant of cluster time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Milliseconds of cluster time since the session began.
    pub at: u64,
    pub entry: Entry,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A console line, submitted at the prompt.
    Line(String),
    /// Ctrl-C while a line runs.
    Interrupt,
    /// Ctrl-C at the prompt: the typed text is dropped (`$ text^C`).
    Cancel(String),
    /// Ctrl-L: the screen is cleared (the `clear` command is a [`Entry::Line`]).
    ClearScreen,
    /// A file created or edited: its whole new text.
    Write {
        path: String,
        text: String,
    },
    Rename {
        from: String,
        to: String,
    },
    Delete(String),
}

/// The record of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub seed: u64,
    pub workers: usize,
    /// The workspace when the session began.
    pub files: BTreeMap<String, String>,
    pub journal: Vec<Record>,
    /// Cluster time the session has run, in ms (at or after the last record): a restored
    /// cluster is this old.
    pub elapsed: u64,
    /// The page's own settings (open file, speed), carried along; the cluster ignores them.
    pub settings: BTreeMap<String, String>,
}

impl Session {
    /// A session that has not begun: a cluster from `seed` with `workers` workers, `files`
    /// in the workspace.
    pub fn new(seed: u64, workers: usize, files: BTreeMap<String, String>) -> Session {
        Session { seed, workers, files, journal: Vec::new(), elapsed: 0, settings: BTreeMap::new() }
    }

    /// The page's default: the chapter's files on the default cluster.
    pub fn example(seed: u64) -> Session {
        Session::new(seed, DEFAULT_WORKERS, Workspace::example().files)
    }

    /// Console lines in the journal.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.journal.iter().filter_map(|r| match &r.entry {
            Entry::Line(l) => Some(l.as_str()),
            _ => None,
        })
    }

    /// Whether anything was done in it (a fresh page has nothing to lose).
    pub fn is_blank(&self) -> bool {
        self.journal.is_empty()
    }

    /// Checks what a replay relies on: times in order and within bounds, sizes within limits.
    pub fn check(&self) -> Result<(), SessionError> {
        if !(1..=MAX_WORKERS).contains(&self.workers) {
            return Err(SessionError::Workers(self.workers));
        }
        if self.journal.len() > MAX_ENTRIES {
            return Err(SessionError::TooManyEntries(self.journal.len()));
        }
        if self.elapsed > MAX_ELAPSED_MS {
            return Err(SessionError::TooLong(self.elapsed));
        }
        let mut last = 0;
        for r in &self.journal {
            if r.at < last || r.at > self.elapsed {
                return Err(SessionError::OutOfOrder(r.at));
            }
            last = r.at;
        }
        let texts = self.files.values().chain(self.journal.iter().filter_map(|r| match &r.entry {
            Entry::Write { text, .. } => Some(text),
            _ => None,
        }));
        for t in texts {
            if t.len() > MAX_FILE {
                return Err(SessionError::FileTooBig(t.len()));
            }
        }
        Ok(())
    }
}

/// Why a session cannot be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    Workers(usize),
    TooManyEntries(usize),
    TooLong(u64),
    OutOfOrder(u64),
    FileTooBig(usize),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Workers(n) => write!(f, "it asks for {n} worker nodes (1 to {MAX_WORKERS} are possible)"),
            SessionError::TooManyEntries(n) => {
                write!(f, "it records {n} steps; kubeplay replays at most {MAX_ENTRIES}")
            }
            SessionError::TooLong(ms) => write!(
                f,
                "it covers {} days of cluster time; kubeplay replays at most {} days",
                ms / 86_400_000,
                MAX_ELAPSED_MS / 86_400_000
            ),
            SessionError::OutOfOrder(at) => write!(f, "its steps are out of order (at {at} ms)"),
            SessionError::FileTooBig(n) => write!(f, "it holds a file of {n} bytes; the limit is {MAX_FILE}"),
        }
    }
}

/// A session being played: the console over its cluster, the screen the learner sees, and
/// the record of everything applied so far. The page, the CLI and replays all go through
/// [`Player::apply`], so a replay takes the same path as the learner did.
pub struct Player {
    console: Console,
    screen: Screen,
    record: Session,
    start: Time,
    /// Everything written to the screen, clears included (the CLI's transcript).
    transcript: Option<String>,
    /// What the current (or last) line has printed.
    output: String,
    /// Output not yet taken by [`Player::take_output`].
    fresh: String,
}

impl Player {
    /// The start of `session` (its journal is not played: see [`Player::replay`]).
    pub fn new(session: &Session) -> Player {
        let workers = session.workers.clamp(1, MAX_WORKERS);
        let cluster = Cluster::with_workers(session.seed, workers);
        let start = cluster.now();
        let console = Console::new(cluster, Workspace { files: session.files.clone() });
        let mut record = Session::new(session.seed, workers, session.files.clone());
        record.settings = session.settings.clone();
        Player {
            console,
            screen: Screen::default(),
            record,
            start,
            transcript: None,
            output: String::new(),
            fresh: String::new(),
        }
    }

    /// Replays a whole session on a fresh cluster.
    pub fn open(session: &Session) -> Result<Player, SessionError> {
        session.check()?;
        let mut p = Player::new(session);
        p.replay(session);
        Ok(p)
    }

    /// Keeps a transcript of everything written from now on ([`Player::transcript`]).
    pub fn keep_transcript(&mut self) {
        self.transcript.get_or_insert_with(String::new);
    }

    /// Applies `session`'s journal at its instants and runs on to its end. Call on a fresh
    /// player made from the same session, after [`Session::check`].
    pub fn replay(&mut self, session: &Session) {
        for r in &session.journal {
            self.advance_to(r.at);
            self.apply(r.entry.clone());
        }
        self.advance_to(session.elapsed);
        self.record.settings = session.settings.clone();
    }

    /// Cluster ms since the session began.
    pub fn elapsed(&self) -> u64 {
        self.console.cluster().now().since(self.start)
    }

    /// Runs the cluster on to `elapsed` ms after the session began.
    pub fn advance_to(&mut self, elapsed: u64) {
        self.console.advance_to(self.start.plus_ms(elapsed));
        self.pump();
    }

    /// Lets `ms` of cluster time pass, as the page does every frame (`sleep N` jumps).
    pub fn tick(&mut self, ms: u64) {
        self.console.tick(ms);
        self.pump();
    }

    /// Does `entry` now and records it. Returns `false` (and records nothing) when it cannot
    /// happen now: a line while another runs, Ctrl-C with nothing running, a file operation
    /// on a path that is not there or not allowed.
    pub fn apply(&mut self, entry: Entry) -> bool {
        let at = self.elapsed();
        let busy = self.console.busy();
        let done = match &entry {
            Entry::Line(line) if !busy => {
                self.echo(&format!("$ {line}\n"));
                self.output.clear();
                self.console.submit(line);
                true
            }
            Entry::Interrupt if busy => {
                self.console.interrupt();
                true
            }
            Entry::Cancel(text) if !busy => {
                self.echo(&format!("$ {text}^C\n"));
                true
            }
            Entry::ClearScreen => {
                self.screen.clear();
                true
            }
            Entry::Write { path, text } => text.len() <= MAX_FILE && self.console.workspace_mut().write(path, text),
            Entry::Rename { from, to } => self.rename(from, to),
            Entry::Delete(path) => {
                let p = normalize(path).unwrap_or_default();
                self.console.workspace_mut().files.remove(&p).is_some()
            }
            _ => false,
        };
        if done {
            self.pump();
            self.push(at, entry);
        }
        done
    }

    fn rename(&mut self, from: &str, to: &str) -> bool {
        let (Some(from), Some(to)) = (normalize(from), normalize(to)) else { return false };
        let mut ws = self.console.workspace_mut();
        if to.is_empty() || from == to || ws.files.contains_key(&to) {
            return false;
        }
        let Some(text) = ws.files.remove(&from) else { return false };
        ws.files.insert(to, text);
        true
    }

    /// Appends to the journal; consecutive writes of one file become one (the editor writes on
    /// every keystroke, and only the text a later command reads matters).
    fn push(&mut self, at: u64, entry: Entry) {
        if let Entry::Write { path, text } = &entry {
            if let Some(Record { at: last_at, entry: Entry::Write { path: last, text: last_text } }) =
                self.record.journal.last_mut()
            {
                if normalize(last) == normalize(path) {
                    *last_text = text.clone();
                    *last_at = at;
                    return;
                }
            }
        }
        self.record.journal.push(Record { at, entry });
    }

    /// Starts a new line on the screen if needed, then writes `text` (an echo or `^C`).
    fn echo(&mut self, text: &str) {
        self.screen.break_line();
        if let Some(t) = &mut self.transcript {
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
        }
        self.write(text);
    }

    fn write(&mut self, text: &str) {
        self.screen.write(text);
        if let Some(t) = &mut self.transcript {
            t.push_str(text);
        }
    }

    /// Moves the console's output onto the screen.
    fn pump(&mut self) {
        if self.console.take_clear() {
            self.screen.clear();
        }
        let text = console::text(&self.console.drain());
        if !text.is_empty() {
            self.write(&text);
            self.output.push_str(&text);
            self.fresh.push_str(&text);
        }
    }

    /// Runs `script` line by line as `kubeplay run` does: `think_ms` of cluster time passes
    /// before each line, which is echoed as `$ <line>` and runs to its end (the clock jumps
    /// through its waits). Blank lines are skipped. Each line's text, newline-terminated, goes
    /// to `sink` as soon as the line is done.
    pub fn run_script(&mut self, script: &str, think_ms: u64, sink: &mut dyn FnMut(&str)) {
        for line in script.lines() {
            if line.trim().is_empty() {
                continue;
            }
            let t = self.elapsed().saturating_add(think_ms);
            self.advance_to(t);
            if !self.apply(Entry::Line(line.to_string())) {
                continue;
            }
            self.console.run_to_end();
            self.pump();
            let mut out = format!("$ {line}\n");
            out.push_str(&self.output);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            sink(&out);
        }
    }

    /// The record so far, up to now.
    pub fn record(&self) -> Session {
        let mut s = self.record.clone();
        s.elapsed = self.elapsed();
        s
    }

    /// The record's journal, without a copy.
    pub fn journal(&self) -> &[Record] {
        &self.record.journal
    }

    pub fn settings_mut(&mut self) -> &mut BTreeMap<String, String> {
        &mut self.record.settings
    }

    pub fn settings(&self) -> &BTreeMap<String, String> {
        &self.record.settings
    }

    pub fn console(&self) -> &Console {
        &self.console
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// Writes page text (a banner) onto the screen; it is not part of the record.
    pub fn banner(&mut self, text: &str) {
        self.write(text);
    }

    /// Everything written since [`Player::keep_transcript`], a newline after the last line.
    pub fn transcript(&self) -> String {
        let mut t = self.transcript.clone().unwrap_or_default();
        if !t.is_empty() && !t.ends_with('\n') {
            t.push('\n');
        }
        t
    }

    pub fn busy(&self) -> bool {
        self.console.busy()
    }

    /// Exit status of the last line that finished.
    pub fn last_status(&self) -> i32 {
        self.console.last_status
    }

    /// What the current (or last) line printed.
    pub fn line_output(&self) -> &str {
        &self.output
    }

    /// Output printed since the last call.
    pub fn take_output(&mut self) -> String {
        std::mem::take(&mut self.fresh)
    }
}

#[cfg(test)]
mod tests;
