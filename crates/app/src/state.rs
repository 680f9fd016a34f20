//! The page as one state and the actions that change it (Yew's reducer style), with no DOM:
//! the component turns DOM events, the timer, storage and messages into [`Action`]s, calls
//! [`Page::reduce`], and carries out the [`Effect`]s it returns (save, copy, post a message).
//! Everything here runs natively under `cargo test`.
//!
//! The cluster and the scrollback live in a [`Player`]: every input goes through
//! [`Player::apply`], so the record it keeps is what a share link, a reload and an embed's
//! "Open in kubeplay" replay.

use crate::config::{PageConfig, DEFAULT_SEED, MAX_COMMAND};
use crate::model::{cluster_view, ClusterView};
use kubectl::screen::Screen;
use kubectl::session::{link, Entry, Player, Session};
use std::collections::{BTreeMap, VecDeque};

/// Saved-session key in localStorage (the value is a share-link value, `1.<data>`).
pub const STORE_SESSION: &str = "kubeplay.session";
/// Where a saved session that no longer opens is moved, so it is not lost.
pub const STORE_BROKEN: &str = "kubeplay.session.broken";
/// The files-only storage of kubeplay before sessions (read once, to migrate).
pub const STORE_OLD_FILES: &str = "kubeplay.workspace.v1";

/// Save at most this often while things change, and at least this often while time passes.
const SAVE_AFTER_CHANGE_MS: f64 = 500.0;
const SAVE_EVERY_MS: f64 = 5000.0;

pub const BANNER: &str = "kubeplay: a simulated cluster with one control-plane node and two workers.\nThe chapter's files are in the editor. Try: kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml\n";
pub const EMBED_BANNER: &str =
    "kubeplay: a simulated Kubernetes cluster (one control-plane node, two workers). Type kubectl commands here.\n";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOp {
    New(String),
    Rename(String),
    Delete,
}

/// A request id chosen by the page that embeds us (a JSON string or number, or none).
#[derive(Clone, Debug, PartialEq)]
pub enum MsgId {
    Null,
    Str(String),
    Num(f64),
}

/// A message from the embedding page, already checked for shape.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    Run {
        id: MsgId,
        command: String,
    },
    Interrupt,
    Session {
        id: MsgId,
    },
    /// Ours (`kubeplay:...`) but malformed: answered with an error.
    Invalid {
        id: MsgId,
        message: String,
    },
}

/// A message to the embedding page.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing {
    Ready,
    Output { id: MsgId, text: String },
    Done { id: MsgId, command: String, status: i32, output: String },
    Session { id: MsgId, url: String },
    Error { id: MsgId, message: String },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Real milliseconds since the last tick.
    Tick(f64),
    Input(String),
    Key {
        key: String,
        ctrl: bool,
    },
    Edit(String),
    Select(String),
    File(FileOp),
    Speed(u32),
    ToggleSystem,
    /// The Share button (an embed's "Open in kubeplay").
    Share,
    /// Whether the clipboard took the link.
    Copied(bool),
    CloseDialog,
    /// The visitor chose to open the shared session over their own.
    OpenShared,
    KeepMine,
    /// Reset (the component asked first).
    Reset,
    Message {
        origin: String,
        from_parent: bool,
        data: Incoming,
    },
    /// The page is being hidden or closed: save now.
    Hidden,
    SaveFailed,
    DismissNotice,
    /// The address changed (a link pasted into the address bar).
    Navigated(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Store this under [`STORE_SESSION`].
    Save(String),
    /// Keep a saved session that does not open under [`STORE_BROKEN`].
    Backup(String),
    Copy(String),
    /// Post to the parent window; `origin` is the target origin.
    Post {
        origin: String,
        msg: Outgoing,
    },
    /// Drop the fragment from the address (it has been opened or refused).
    ClearFragment,
    OpenWindow(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    Share {
        url: String,
        copied: Option<bool>,
    },
    /// A link arrived while the visitor has saved work of their own.
    OpenLink {
        session: Box<Session>,
        theirs: usize,
        mine: usize,
    },
}

/// Who a running line is for.
#[derive(Clone, Debug, PartialEq)]
enum Requester {
    Learner,
    Parent { origin: String, id: MsgId },
}

/// What storage held when the page started.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Saved {
    pub session: Option<String>,
    pub old_files: Option<BTreeMap<String, String>>,
}

pub struct Page {
    pub config: PageConfig,
    player: Player,
    pub input: String,
    history_pos: Option<usize>,
    pub active: Option<String>,
    pub view: ClusterView,
    view_key: (u64, usize, bool),
    pub speed: u32,
    pub system: bool,
    pub dialog: Option<Dialog>,
    pub notice: Option<String>,
    /// The open file's YAML syntax error (line, column, message), for the text in `checked`.
    pub yaml_error: Option<(usize, usize, String)>,
    checked: Option<(String, String)>,
    /// Lines waiting to be typed, in order (an embed's `cmd=` and `kubeplay:run`).
    queue: VecDeque<(Requester, String)>,
    running: Option<(Requester, String)>,
    /// The record changed since it was last saved.
    dirty: bool,
    since_save: f64,
    save_failed: bool,
    /// Effects produced outside `reduce` (at start), handed out by the next `reduce`.
    pending: Vec<Effect>,
}

impl Page {
    /// The page at start: from storage, the URL's session and its options.
    pub fn new(config: PageConfig, saved: Saved) -> Page {
        let seed = config.seed.unwrap_or(DEFAULT_SEED);
        let mut notice = None;
        let mut pending = Vec::new();
        let mut dialog = None;
        let mut session = Session::example(seed);
        // A link opened at start is saved at once (a reload must find it).
        let mut opened = false;
        if config.embed {
            match &config.link {
                Some(Ok(s)) => session = s.clone(),
                Some(Err(e)) => notice = Some(format!("This playground's session could not be opened: {e}.")),
                None => {}
            }
        } else {
            match saved.session.as_deref().map(link::decode) {
                Some(Ok(s)) => session = s,
                Some(Err(e)) => {
                    notice = Some(format!(
                        "Your saved session could not be restored ({e}). It is kept in this browser's storage as {STORE_BROKEN}."
                    ));
                    if let Some(raw) = saved.session.clone() {
                        pending.push(Effect::Backup(raw));
                    }
                }
                None => {
                    if let Some(files) = saved.old_files.clone() {
                        session.files = files;
                    }
                }
            }
            match &config.link {
                Some(Ok(s)) if session.is_blank() || *s == session => {
                    session = s.clone();
                    opened = true;
                }
                Some(Ok(s)) => {
                    dialog = Some(Dialog::OpenLink {
                        theirs: s.lines().count(),
                        mine: session.lines().count(),
                        session: Box::new(s.clone()),
                    })
                }
                Some(Err(e)) => {
                    notice = Some(format!("This share link could not be opened: {e}. Your own session is unchanged."))
                }
                None => {}
            }
            if config.link.is_some() {
                pending.push(Effect::ClearFragment);
            }
        }
        let banner = if config.embed { EMBED_BANNER } else { BANNER };
        let player = match start(&session, banner) {
            Ok(p) => p,
            Err(e) => {
                notice = Some(format!("This session cannot be replayed: {e}. A new one was started."));
                Player::new(&Session::example(seed))
            }
        };
        let mut page = Page {
            speed: config.speed.unwrap_or(1),
            player,
            input: String::new(),
            history_pos: None,
            active: None,
            view: ClusterView::default(),
            view_key: (u64::MAX, 0, false),
            system: false,
            dialog,
            notice,
            yaml_error: None,
            checked: None,
            queue: config.commands.iter().map(|c| (Requester::Learner, c.clone())).collect(),
            running: None,
            dirty: opened,
            since_save: if opened { SAVE_EVERY_MS } else { 0.0 },
            save_failed: false,
            pending,
            config,
        };
        page.restart_screen();
        if page.config.embed {
            let ready: Vec<Effect> = page.to_parent(Outgoing::Ready, true);
            page.pending.extend(ready);
            page.pump_queue();
        }
        page
    }

    /// Picks the open file (the one the session had open, else the first) and redraws.
    fn restart_screen(&mut self) {
        let files = self.files();
        self.active = self
            .player
            .settings()
            .get("file")
            .filter(|f| files.contains(f))
            .cloned()
            .or_else(|| files.first().cloned());
        self.refresh_view(true);
    }

    pub fn screen(&self) -> &Screen {
        self.player.screen()
    }

    pub fn busy(&self) -> bool {
        self.player.busy()
    }

    pub fn files(&self) -> Vec<String> {
        self.player.console().workspace().files.keys().cloned().collect()
    }

    pub fn active_text(&self) -> Option<String> {
        self.active.as_ref().and_then(|p| self.player.console().workspace().read(p).cloned())
    }

    #[cfg(test)]
    pub fn player(&self) -> &Player {
        &self.player
    }

    /// The share URL of the session as it is now.
    pub fn share_url(&self) -> Result<String, link::LinkError> {
        link::fragment(&self.player.record()).map(|f| self.config.share_url(&f))
    }

    fn refresh_view(&mut self, force: bool) {
        let key = {
            let c = self.player.console().cluster();
            (c.now().secs(), c.store().revision(), self.system)
        };
        if force || key != self.view_key {
            self.view_key = key;
            self.view = cluster_view(&self.player.console().cluster(), self.system);
        }
    }

    /// Changes the page. Returns whether it needs drawing again and what the component must do.
    pub fn reduce(&mut self, action: Action) -> (bool, Vec<Effect>) {
        let mut fx = std::mem::take(&mut self.pending);
        let before = self.signature();
        let render = self.act(action, &mut fx);
        self.flush(&mut fx);
        (render || before != self.signature(), fx)
    }

    /// What a tick can change on screen: the scrollback, the prompt, the cluster view.
    fn signature(&self) -> (usize, usize, bool, (u64, usize, bool), bool) {
        let s = self.screen();
        (s.lines.len(), s.current.len(), self.busy(), self.view_key, self.checked.is_some())
    }

    fn act(&mut self, action: Action, fx: &mut Vec<Effect>) -> bool {
        match action {
            Action::Tick(real_ms) => {
                let ms = (real_ms.clamp(0.0, 1000.0) * f64::from(self.speed)) as u64;
                self.player.tick(ms);
                self.since_save += real_ms.max(0.0);
                false
            }
            Action::Input(s) => {
                self.input = s;
                true
            }
            Action::Key { key, ctrl } => self.key(&key, ctrl),
            Action::Edit(text) => match self.active.clone() {
                Some(path) => self.apply(Entry::Write { path, text }),
                None => false,
            },
            Action::Select(path) => {
                self.player.settings_mut().insert("file".into(), path.clone());
                self.active = Some(path);
                self.dirty = true;
                true
            }
            Action::File(op) => self.file(op),
            Action::Speed(s) => {
                self.speed = s.clamp(1, 100);
                true
            }
            Action::ToggleSystem => {
                self.system = !self.system;
                self.refresh_view(true);
                true
            }
            Action::Share => {
                match self.share_url() {
                    Ok(url) if self.config.embed => fx.push(Effect::OpenWindow(url)),
                    Ok(url) => {
                        fx.push(Effect::Copy(url.clone()));
                        self.dialog = Some(Dialog::Share { url, copied: None });
                    }
                    Err(e) => self.notice = Some(format!("This session cannot be shared: {e}.")),
                }
                true
            }
            Action::Copied(ok) => {
                if let Some(Dialog::Share { copied, .. }) = &mut self.dialog {
                    *copied = Some(ok);
                }
                true
            }
            Action::CloseDialog | Action::KeepMine => {
                self.dialog = None;
                true
            }
            Action::OpenShared => {
                if let Some(Dialog::OpenLink { session, .. }) = self.dialog.take() {
                    self.open(&session);
                }
                true
            }
            Action::Reset => {
                let seed = self.config.seed.unwrap_or(DEFAULT_SEED);
                self.open(&Session::example(seed));
                self.input.clear();
                self.queue.clear();
                self.running = None;
                true
            }
            Action::Message { origin, from_parent, data } => self.message(origin, from_parent, data, fx),
            Action::Hidden => {
                self.since_save = SAVE_EVERY_MS;
                false
            }
            Action::SaveFailed => {
                if !self.save_failed {
                    self.save_failed = true;
                    self.notice = Some(
                        "This browser would not save your session (storage is full or turned off). It stays in this tab until you close it."
                            .into(),
                    );
                }
                true
            }
            Action::DismissNotice => {
                self.notice = None;
                true
            }
            Action::Navigated(href) => {
                let c = PageConfig::parse(&href);
                match c.link {
                    None => return false,
                    Some(Ok(s)) if self.player.record().is_blank() => self.open(&s),
                    Some(Ok(s)) => {
                        self.dialog = Some(Dialog::OpenLink {
                            theirs: s.lines().count(),
                            mine: self.player.record().lines().count(),
                            session: Box::new(s),
                        })
                    }
                    Some(Err(e)) => {
                        self.notice =
                            Some(format!("This share link could not be opened: {e}. Your own session is unchanged."))
                    }
                }
                if !self.config.embed {
                    fx.push(Effect::ClearFragment);
                }
                true
            }
        }
    }

    /// Checks the open file's YAML when it (or its text: the console writes files too) changed.
    /// Not at start: the first check runs after the first frame is drawn.
    fn check_yaml(&mut self) {
        let now = self.active.clone().zip(self.active_text());
        if now != self.checked {
            self.yaml_error = now.as_ref().and_then(|(_, text)| {
                sim::api::decode::parse_documents(text).err().map(|e| (e.line, e.column, e.message))
            });
            self.checked = now;
        }
    }

    /// Replaces the session with `s`, replayed.
    fn open(&mut self, s: &Session) {
        match start(s, if self.config.embed { EMBED_BANNER } else { BANNER }) {
            Ok(p) => {
                self.player = p;
                self.restart_screen();
                self.history_pos = None;
                self.dirty = true;
                self.since_save = SAVE_EVERY_MS;
            }
            Err(e) => self.notice = Some(format!("This session cannot be replayed: {e}.")),
        }
    }

    /// Applies an input to the session; marks it for saving.
    fn apply(&mut self, e: Entry) -> bool {
        let done = self.player.apply(e);
        self.dirty |= done;
        done
    }

    fn key(&mut self, key: &str, ctrl: bool) -> bool {
        let history = self.player.console().history();
        match (key, ctrl) {
            ("Enter", _) => {
                if !self.busy() && self.running.is_none() {
                    let line = std::mem::take(&mut self.input);
                    self.history_pos = None;
                    self.queue.push_front((Requester::Learner, line));
                }
            }
            ("c" | "C", true) => {
                if self.busy() {
                    self.apply(Entry::Interrupt);
                } else {
                    let text = std::mem::take(&mut self.input);
                    self.apply(Entry::Cancel(text));
                }
            }
            ("l" | "L", true) => {
                self.apply(Entry::ClearScreen);
            }
            ("ArrowUp", _) if !history.is_empty() => {
                let pos = match self.history_pos {
                    None => history.len() - 1,
                    Some(p) => p.saturating_sub(1),
                };
                self.history_pos = Some(pos);
                self.input = history.get(pos).cloned().unwrap_or_default();
            }
            ("ArrowDown", _) => match self.history_pos {
                Some(p) if p + 1 < history.len() => {
                    self.history_pos = Some(p + 1);
                    self.input = history.get(p + 1).cloned().unwrap_or_default();
                }
                _ => {
                    self.history_pos = None;
                    self.input.clear();
                }
            },
            _ => return false,
        }
        true
    }

    fn file(&mut self, op: FileOp) -> bool {
        let norm = |p: &str| kubectl::workspace::normalize(p).filter(|p| !p.is_empty());
        match op {
            FileOp::New(path) => {
                let Some(p) = norm(&path) else { return false };
                if self.player.console().workspace().read(&p).is_none() {
                    self.apply(Entry::Write { path: p.clone(), text: String::new() });
                }
                self.active = Some(p);
            }
            FileOp::Rename(to) => {
                let (Some(from), Some(to)) = (self.active.clone(), norm(&to)) else { return false };
                if !self.apply(Entry::Rename { from, to: to.clone() }) {
                    return false;
                }
                self.active = Some(to);
            }
            FileOp::Delete => {
                let Some(p) = self.active.take() else { return false };
                self.apply(Entry::Delete(p));
                self.active = self.files().into_iter().next();
            }
        }
        true
    }

    fn message(&mut self, origin: String, from_parent: bool, data: Incoming, fx: &mut Vec<Effect>) -> bool {
        // Only an embed takes orders, only from the page around it, only from the origins it
        // was told to trust (any, when none were named). Nothing else gets an answer.
        let trusted = self.config.origins.is_empty() || self.config.origins.contains(&origin);
        if !self.config.embed || !from_parent || !trusted {
            return false;
        }
        match data {
            Incoming::Run { id, command } => {
                if command.chars().count() > MAX_COMMAND || command.contains(['\n', '\r']) {
                    let message = format!("a command must be one line of at most {MAX_COMMAND} characters");
                    fx.push(Effect::Post { origin, msg: Outgoing::Error { id, message } });
                    return false;
                }
                self.queue.push_back((Requester::Parent { origin, id }, command));
            }
            Incoming::Interrupt => {
                self.apply(Entry::Interrupt);
            }
            Incoming::Session { id } => match self.share_url() {
                Ok(url) => fx.push(Effect::Post { origin, msg: Outgoing::Session { id, url } }),
                Err(e) => fx.push(Effect::Post { origin, msg: Outgoing::Error { id, message: e.to_string() } }),
            },
            Incoming::Invalid { id, message } => fx.push(Effect::Post { origin, msg: Outgoing::Error { id, message } }),
        }
        true
    }

    /// After every action: stream output, finish and start queued lines, save when due.
    fn flush(&mut self, fx: &mut Vec<Effect>) {
        self.pump_queue_into(fx);
        self.refresh_view(false);
        self.check_yaml();
        if self.config.embed {
            return;
        }
        let due = (self.dirty && self.since_save >= SAVE_AFTER_CHANGE_MS) || self.since_save >= SAVE_EVERY_MS;
        if due {
            match link::encode(&self.player.record()) {
                Ok(v) => fx.push(Effect::Save(v)),
                Err(e) => self.notice = Some(format!("This session is too big to save: {e}.")),
            }
            self.dirty = false;
            self.since_save = 0.0;
        }
    }

    fn pump_queue(&mut self) {
        let mut fx = Vec::new();
        self.pump_queue_into(&mut fx);
        self.pending.extend(fx);
    }

    fn pump_queue_into(&mut self, fx: &mut Vec<Effect>) {
        for _ in 0..=self.queue.len() {
            let fresh = self.player.take_output();
            if let Some((Requester::Parent { origin, id }, _)) = &self.running {
                if !fresh.is_empty() {
                    let msg = Outgoing::Output { id: id.clone(), text: fresh };
                    fx.push(Effect::Post { origin: origin.clone(), msg });
                }
            }
            if self.busy() {
                return;
            }
            if let Some((who, command)) = self.running.take() {
                let status = self.player.last_status();
                let output = self.player.line_output().to_string();
                match who {
                    Requester::Parent { origin, id } => {
                        fx.push(Effect::Post { origin, msg: Outgoing::Done { id, command, status, output } })
                    }
                    Requester::Learner => {
                        let msg = Outgoing::Done { id: MsgId::Null, command, status, output };
                        fx.extend(self.to_parent(msg, false));
                    }
                }
            }
            let Some((who, command)) = self.queue.pop_front() else { return };
            self.apply(Entry::Line(command.clone()));
            self.running = Some((who, command));
        }
    }

    /// A message for the page around an embed: to each trusted origin, or (`anyone`, for
    /// messages that carry nothing) to any when none was named.
    fn to_parent(&self, msg: Outgoing, anyone: bool) -> Vec<Effect> {
        if !self.config.embed {
            return Vec::new();
        }
        if self.config.origins.is_empty() {
            return if anyone { vec![Effect::Post { origin: "*".into(), msg }] } else { Vec::new() };
        }
        self.config.origins.iter().map(|o| Effect::Post { origin: o.clone(), msg: msg.clone() }).collect()
    }
}

/// A player for `s` with `banner` on its screen before the replayed output.
fn start(s: &Session, banner: &str) -> Result<Player, kubectl::session::SessionError> {
    s.check()?;
    let mut p = Player::new(s);
    p.banner(banner);
    p.replay(s);
    Ok(p)
}

#[cfg(test)]
mod tests;
