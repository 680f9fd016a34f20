//! The console: what the page's terminal and the `kubeplay` CLI both run. A line is parsed as
//! a bash-like shell line and runs as a task in virtual time; its output streams out as the
//! clock moves. Commands: `kubectl` (and `k`), `sleep` (fast-forwards the cluster), `echo`,
//! `cat`/`ls` over the workspace, `clear`, `history`, `help`.

use crate::cmd::{kubectl, Ctx};
use crate::workspace::Workspace;
use sim::interp::{Host, Interp};
use sim::process::{BoxFuture, Fd, Io, Stream, Sys, Task, Wait};
use sim::shell::{self, ParseError};
use sim::userland::text::{self, Files, Flavour, OpenError, Tool};
use sim::{Cluster, Time};
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::rc::Rc;

/// The console's shell: its commands are the console's.
#[derive(Clone)]
pub struct Shell {
    ctx: Ctx,
    clear: Rc<Cell<bool>>,
    history: Rc<RefCell<Vec<String>>>,
}

pub const HELP: &str = "kubeplay console: a bash-like line over a simulated cluster.

  kubectl ...        apply, get, delete, exec, wait, version, cluster-info, api-resources
  k ...              short for kubectl
  sleep N            let N seconds of cluster time pass at once
  echo, cat, ls      text and the workspace files (cat sleep/sleep1.yaml)
  grep, head, tail, wc, sort   filters for pipes (kubectl get pods | grep sleep)
  history, clear     previous lines; clear the screen
  Ctrl+C             stop the running command

Lines may use quotes, $(...), $VAR, VAR=value, ;, && and ||.
";

impl Host for Shell {
    fn run<'a>(&'a self, argv: Vec<String>, io: Io) -> BoxFuture<'a, i32> {
        Box::pin(async move {
            let name = argv.first().cloned().unwrap_or_default();
            let args: Vec<String> = argv.iter().skip(1).cloned().collect();
            match name.as_str() {
                "kubectl" | "k" => {
                    self.ctx.sys.cluster().settle();
                    let code = kubectl(&self.ctx, args, &io).await;
                    self.ctx.sys.cluster().settle();
                    code
                }
                "docker" => {
                    let code = crate::docker::docker(&mut self.ctx.sys.cluster(), &args, &io);
                    self.ctx.sys.cluster().settle();
                    code
                }
                "sleep" => {
                    let mut total = 0.0;
                    for a in &args {
                        let (n, mult) = match a.chars().last() {
                            Some('s') => (a.trim_end_matches('s'), 1.0),
                            Some('m') => (a.trim_end_matches('m'), 60.0),
                            Some('h') => (a.trim_end_matches('h'), 3600.0),
                            _ => (a.as_str(), 1.0),
                        };
                        match n.parse::<f64>() {
                            Ok(v) if v >= 0.0 && v.is_finite() && v * mult < 1e7 => total += v * mult,
                            _ => {
                                io.err.line(&format!(
                                    "sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information."
                                ));
                                return 1;
                            }
                        }
                    }
                    if args.is_empty() {
                        io.err.line("sleep: missing operand\nTry 'sleep --help' for more information.");
                        return 1;
                    }
                    self.ctx.sys.fast_forward((total * 1000.0) as u64).await;
                    self.ctx.sys.cluster().settle();
                    if self.ctx.sys.interrupted() {
                        130
                    } else {
                        0
                    }
                }
                "echo" => {
                    let (newline, words) = match args.split_first() {
                        Some((n, rest)) if n == "-n" => (false, rest),
                        _ => (true, &args[..]),
                    };
                    io.out.write(&words.join(" "));
                    if newline {
                        io.out.write("\n");
                    }
                    0
                }
                "clear" => {
                    self.clear.set(true);
                    0
                }
                "history" => {
                    for (i, l) in self.history.borrow().iter().enumerate() {
                        io.out.line(&format!("{:>5}  {l}", i + 1));
                    }
                    0
                }
                "help" => {
                    io.out.write(HELP);
                    0
                }
                "cat" => {
                    if args.is_empty() {
                        io.out.write(&io.stdin);
                        return 0;
                    }
                    let mut code = 0;
                    for a in &args {
                        let ws = self.ctx.workspace.borrow();
                        match ws.read(a) {
                            Some(t) => io.out.write(t),
                            None if ws.dir(a, false).is_some() => {
                                io.err.line(&format!("cat: {a}: Is a directory"));
                                code = 1;
                            }
                            None => {
                                io.err.line(&format!("cat: {a}: No such file or directory"));
                                code = 1;
                            }
                        }
                    }
                    code
                }
                "ls" => {
                    let ws = self.ctx.workspace.borrow();
                    let dir = args.iter().find(|a| !a.starts_with('-')).cloned().unwrap_or_default();
                    let Some(files) = ws.dir(&dir, true) else {
                        io.err.line(&format!("ls: cannot access '{dir}': No such file or directory"));
                        return 2;
                    };
                    let prefix = crate::workspace::normalize(&dir)
                        .filter(|d| !d.is_empty())
                        .map(|d| format!("{d}/"))
                        .unwrap_or_default();
                    let mut names: Vec<String> = files
                        .iter()
                        .filter_map(|f| f.strip_prefix(&prefix))
                        .map(|r| r.split('/').next().unwrap_or(r).to_string())
                        .collect();
                    names.dedup();
                    io.out.line(&names.join("  "));
                    0
                }
                "pwd" => {
                    io.out.line("/home/learner/ch03");
                    0
                }
                "cd" => 0,
                "" => 0,
                other => {
                    // GNU's text tools, as in the learner's own shell, for pipes like
                    // `kubectl get pods | grep sleep`: the same tools as BusyBox's in
                    // containers, with GNU's texts, over stdin and the workspace's files.
                    if let Some(tool) = text::tool(other) {
                        let ws = self.ctx.workspace.borrow();
                        return tool(&Tool { flavour: Flavour::Gnu, io: &io, files: &*ws }, &args);
                    }
                    io.err.line(&format!("bash: {other}: command not found"));
                    127
                }
            }
        })
    }
    fn sys(&self) -> &Sys {
        &self.ctx.sys
    }
    fn shell_name(&self) -> &'static str {
        "bash"
    }
    fn read_file(&self, path: &str) -> Result<String, String> {
        self.ctx.workspace.borrow().read(path).cloned().ok_or_else(|| "No such file or directory".into())
    }
    fn write_file(&self, path: &str, data: &str, append: bool) -> Result<(), String> {
        let mut ws = self.ctx.workspace.borrow_mut();
        let text =
            if append { format!("{}{data}", ws.read(path).cloned().unwrap_or_default()) } else { data.to_string() };
        if ws.write(path, &text) {
            Ok(())
        } else {
            Err("Permission denied".into())
        }
    }
}

/// The workspace as the text tools read it.
impl Files for Workspace {
    fn open(&self, path: &str) -> Result<String, OpenError> {
        match self.read(path) {
            Some(t) => Ok(t.clone()),
            None if self.dir(path, false).is_some() => Err(OpenError::IsDir),
            None => Err(OpenError::NotFound),
        }
    }
}

/// What a running line is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Idle,
    /// Waiting for the clock to reach this time.
    Waiting(Wait),
    /// Just finished with this status.
    Done(i32),
}

struct Job {
    task: Task,
}

/// A console over one cluster and one workspace.
pub struct Console {
    ctx: Ctx,
    interp: Rc<Interp>,
    out: Stream,
    job: Option<Job>,
    clear: Rc<Cell<bool>>,
    history: Rc<RefCell<Vec<String>>>,
    pub last_status: i32,
}

impl Console {
    pub fn new(cluster: Cluster, workspace: Workspace) -> Console {
        let sys = Sys::new(Rc::new(RefCell::new(cluster)));
        let ctx = Ctx { sys, workspace: Rc::new(RefCell::new(workspace)) };
        let clear = Rc::new(Cell::new(false));
        let history = Rc::new(RefCell::new(Vec::new()));
        let shell = Shell { ctx: ctx.clone(), clear: clear.clone(), history: history.clone() };
        Console {
            ctx,
            interp: Rc::new(Interp::new(shell)),
            out: Stream::new(),
            job: None,
            clear,
            history,
            last_status: 0,
        }
    }

    pub fn cluster(&self) -> Ref<'_, Cluster> {
        // The console only borrows the cluster mutably inside its own calls.
        self.ctx.sys.shared_ref()
    }

    pub fn cluster_mut(&self) -> RefMut<'_, Cluster> {
        self.ctx.sys.cluster()
    }

    pub fn workspace(&self) -> Ref<'_, Workspace> {
        self.ctx.workspace.borrow()
    }

    pub fn workspace_mut(&self) -> RefMut<'_, Workspace> {
        self.ctx.workspace.borrow_mut()
    }

    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    pub fn history(&self) -> Vec<String> {
        self.history.borrow().clone()
    }

    /// Whether `clear` ran since the last call.
    pub fn take_clear(&self) -> bool {
        self.clear.replace(false)
    }

    /// Output written since the last call, in order.
    pub fn drain(&self) -> Vec<(Fd, String)> {
        self.out.drain()
    }

    /// Starts a line. A line that does not parse reports bash's error at once.
    pub fn submit(&mut self, line: &str) {
        if self.job.is_some() {
            return;
        }
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            self.history.borrow_mut().push(trimmed.to_string());
        }
        let io = Io::to(&self.out);
        let script = match shell::parse(line) {
            Ok(s) => s,
            Err(e) => {
                match e {
                    ParseError::Unterminated(_) => io.err.line(&format!("bash: {e}")),
                    ParseError::Unexpected(_) => io.err.line(&format!("bash: {e}")),
                }
                self.last_status = 2;
                return;
            }
        };
        let interp = self.interp.clone();
        let fut = async move { interp.run_script(&script, &io).await };
        // A new line starts uninterrupted (Ctrl-C ended the previous one).
        self.ctx.sys.clear_interrupt();
        self.job = Some(Job { task: Task::new(&self.ctx.sys, fut) });
        self.step();
    }

    /// Runs the current line as far as it can go at the current cluster time.
    pub fn step(&mut self) -> State {
        let Some(job) = self.job.as_mut() else { return State::Idle };
        let r = job.task.poll();
        self.ctx.sys.cluster().settle();
        match r {
            Some(code) => {
                self.job = None;
                self.last_status = code;
                self.report_faults();
                State::Done(code)
            }
            None => match job.task.waiting_for() {
                Some(w) => State::Waiting(w),
                None => {
                    // Nothing can wake it: end it rather than hang.
                    self.job = None;
                    State::Done(1)
                }
            },
        }
    }

    /// Says what the simulation's loop guards stopped (each a bug of kubeplay's, not the
    /// learner's), on stderr after the line that met it.
    fn report_faults(&mut self) {
        let faults = self.ctx.sys.cluster().take_faults();
        for f in faults {
            self.out_line_err(&format!("kubeplay: internal error: {f}"));
        }
    }

    /// Lets `ms` of cluster time pass (the page calls this every frame with the elapsed
    /// real time): timers fire, the running line wakes when its wait is over, and a
    /// fast-forward wait (`sleep N`) jumps the clock at once.
    pub fn tick(&mut self, ms: u64) {
        let mut target = self.ctx.sys.now().plus_ms(ms);
        loop {
            self.advance_to(target);
            match self.job.as_ref().and_then(|j| j.task.waiting_for()) {
                Some(w) if w.fast_forward && w.at > target => target = w.at,
                _ => break,
            }
        }
    }

    /// Moves the cluster clock to `target`, waking the running line at each instant it waits
    /// for, in time order. Where the clock stops on the way does not matter: the same inputs
    /// at the same instants give the same cluster, which is what lets a session replay.
    pub fn advance_to(&mut self, target: Time) {
        loop {
            match self.step() {
                // A wait is always later than now, so this loop ends.
                State::Waiting(w) if w.at <= target => self.ctx.sys.cluster().advance_to(w.at),
                _ => break,
            }
        }
        if target > self.ctx.sys.now() {
            self.ctx.sys.cluster().advance_to(target);
            self.step();
        }
    }

    /// Ctrl-C: stops the running line.
    pub fn interrupt(&mut self) {
        let Some(job) = self.job.as_mut() else { return };
        job.task.interrupt();
        self.out_line_err("^C");
        for _ in 0..100 {
            if !matches!(self.step(), State::Waiting(_)) {
                break;
            }
        }
        if self.job.take().is_some() {
            self.last_status = 130;
        }
    }

    fn out_line_err(&self, s: &str) {
        Io::to(&self.out).err.line(s);
    }

    /// Runs `line` to completion, moving the clock through every wait (CLI and tests).
    /// Returns the status.
    pub fn run(&mut self, line: &str) -> i32 {
        self.submit(line);
        self.run_to_end()
    }

    /// Runs the current line to its end, moving the clock through every wait. Returns the
    /// status.
    pub fn run_to_end(&mut self) -> i32 {
        for _ in 0..1_000_000 {
            match self.step() {
                State::Waiting(w) => self.ctx.sys.cluster().advance_to(w.at),
                State::Done(code) => return code,
                State::Idle => return self.last_status,
            }
        }
        self.ctx.sys.cluster().fault("a console line still ran after a million waits");
        self.last_status
    }

    /// Like [`Console::run`], but interrupts the line (as Ctrl-C would) once `limit_ms` of
    /// cluster time have passed: for commands that never end on their own (`ping` without
    /// `-c`).
    pub fn run_with_limit(&mut self, line: &str, limit_ms: u64) -> i32 {
        let deadline = self.ctx.sys.now().plus_ms(limit_ms);
        self.submit(line);
        for _ in 0..1_000_000 {
            match self.step() {
                State::Waiting(w) if w.at > deadline => {
                    self.ctx.sys.cluster().advance_to(deadline);
                    self.interrupt();
                    return self.last_status;
                }
                State::Waiting(w) => self.ctx.sys.cluster().advance_to(w.at),
                State::Done(code) => return code,
                State::Idle => return self.last_status,
            }
        }
        self.interrupt();
        self.last_status
    }

    /// Lets `ms` of cluster time pass before the next line (the CLI's `--think`).
    pub fn think(&mut self, ms: u64) {
        let t = self.ctx.sys.now().plus_ms(ms);
        self.advance_to(t);
    }
}

/// Joins chunks into text (stdout and stderr interleaved, as a terminal shows them).
pub fn text(chunks: &[(Fd, String)]) -> String {
    chunks.iter().map(|(_, s)| s.as_str()).collect()
}
