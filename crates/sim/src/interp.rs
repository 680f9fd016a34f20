//! Runs parsed shell scripts: expansion (variables, `$(...)`, field splitting), pipes,
//! `&&`/`||`, redirections, loops and conditionals, and the few builtins every shell has.
//! What a command name means is up to the [`Host`]: the console's commands or a
//! container's applets.

use crate::process::{BoxFuture, Fd, Io, Sink, Stream, Sys};
use crate::shell::{AndOrOp, Command, Part, RedirOp, Script, Simple, Word};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The environment a script runs in.
pub trait Host {
    /// Runs one command (argv already expanded; interpreter builtins already handled).
    fn run<'a>(&'a self, argv: Vec<String>, io: Io) -> BoxFuture<'a, i32>;
    fn sys(&self) -> &Sys;
    /// Name in error messages: `sh` (BusyBox) or `bash`.
    fn shell_name(&self) -> &'static str;
    fn read_file(&self, path: &str) -> Result<String, String>;
    fn write_file(&self, path: &str, data: &str, append: bool) -> Result<(), String>;
}

/// One interpreter for both shells: the host is a trait object, so the interpreter's code
/// exists once in the page, not once per shell.
pub struct Interp {
    pub host: Box<dyn Host>,
    pub vars: RefCell<BTreeMap<String, String>>,
    last: Cell<i32>,
    exiting: Cell<Option<i32>>,
}

impl Interp {
    pub fn new(host: impl Host + 'static) -> Interp {
        Interp {
            host: Box::new(host),
            vars: RefCell::new(BTreeMap::new()),
            last: Cell::new(0),
            exiting: Cell::new(None),
        }
    }

    pub fn set_var(&self, k: &str, v: &str) {
        self.vars.borrow_mut().insert(k.to_string(), v.to_string());
    }

    fn var(&self, name: &str) -> String {
        match name {
            "?" => self.last.get().to_string(),
            "$" => "1".into(),
            "#" => "0".into(),
            _ => self.vars.borrow().get(name).cloned().unwrap_or_default(),
        }
    }

    fn stop(&self) -> bool {
        self.exiting.get().is_some() || self.host.sys().interrupted()
    }

    pub fn run_script<'a>(&'a self, s: &'a Script, io: &'a Io) -> BoxFuture<'a, i32> {
        Box::pin(async move {
            let mut status = self.last.get();
            for ao in &s.0 {
                if self.stop() {
                    break;
                }
                status = self.run_pipeline(&ao.first, io).await;
                for (op, p) in &ao.rest {
                    if self.stop() {
                        break;
                    }
                    let go = match op {
                        AndOrOp::And => status == 0,
                        AndOrOp::Or => status != 0,
                    };
                    if go {
                        status = self.run_pipeline(p, io).await;
                    }
                }
                self.last.set(status);
            }
            if let Some(code) = self.exiting.get() {
                return code;
            }
            if self.host.sys().interrupted() {
                return 130;
            }
            status
        })
    }

    async fn run_pipeline(&self, p: &crate::shell::Pipeline, io: &Io) -> i32 {
        let mut status = 0;
        let mut input: Option<String> = None;
        let n = p.cmds.len();
        for (i, cmd) in p.cmds.iter().enumerate() {
            let mut cio = match &input {
                Some(text) => io.with_stdin(text),
                None => io.clone(),
            };
            let captured = if i + 1 < n {
                let s = Stream::new();
                cio.out = Sink::To(s.clone(), Fd::Out);
                Some(s)
            } else {
                None
            };
            status = self.run_command(cmd, &cio).await;
            input = captured.map(|s| s.stdout_text());
            if self.stop() {
                break;
            }
        }
        let status = if p.negate { i32::from(status == 0) } else { status };
        self.last.set(status);
        status
    }

    fn run_command<'a>(&'a self, cmd: &'a Command, io: &'a Io) -> BoxFuture<'a, i32> {
        Box::pin(async move {
            match cmd {
                Command::Simple(s) => self.run_simple(s, io).await,
                Command::Group(s) | Command::Subshell(s) => self.run_script(s, io).await,
                Command::If { branches, otherwise } => {
                    for (cond, body) in branches {
                        if self.run_script(cond, io).await == 0 {
                            return self.run_script(body, io).await;
                        }
                        if self.stop() {
                            return self.last.get();
                        }
                    }
                    match otherwise {
                        Some(s) => self.run_script(s, io).await,
                        None => 0,
                    }
                }
                Command::While { until, cond, body } => {
                    let mut status = 0;
                    let mut spins: u64 = 0;
                    loop {
                        let c = self.run_script(cond, io).await;
                        if (c == 0) == *until || self.stop() {
                            break;
                        }
                        status = self.run_script(body, io).await;
                        spins += 1;
                        if spins.is_multiple_of(64) {
                            // A loop that never waits still lets time (and Ctrl-C) in.
                            self.host.sys().sleep(1).await;
                        }
                        if self.stop() {
                            break;
                        }
                    }
                    status
                }
                Command::For { var, words, body } => {
                    let items = match words {
                        Some(ws) => {
                            let mut v = Vec::new();
                            for w in ws {
                                v.extend(self.expand(w, io).await);
                            }
                            v
                        }
                        None => vec![],
                    };
                    let mut status = 0;
                    for it in items {
                        self.set_var(var, &it);
                        status = self.run_script(body, io).await;
                        if self.stop() {
                            break;
                        }
                    }
                    status
                }
            }
        })
    }

    /// Expands a word into fields.
    pub async fn expand(&self, w: &Word, io: &Io) -> Vec<String> {
        let mut fields = Vec::new();
        let mut cur: Option<String> = None;
        for part in &w.0 {
            match part {
                Part::Lit(s) | Part::Quoted(s) => cur.get_or_insert_with(String::new).push_str(s),
                Part::Double(parts) => {
                    let c = cur.get_or_insert_with(String::new);
                    for p in parts {
                        match p {
                            Part::Lit(s) | Part::Quoted(s) => c.push_str(s),
                            Part::Var(n) => c.push_str(&self.var(n)),
                            Part::Subst(s) => c.push_str(&self.substitute(s, io).await),
                            Part::Double(_) => {}
                        }
                    }
                }
                Part::Var(_) | Part::Subst(_) => {
                    let value = match part {
                        Part::Var(n) => self.var(n),
                        Part::Subst(s) => self.substitute(s, io).await,
                        _ => String::new(),
                    };
                    if value.starts_with(char::is_whitespace) {
                        if let Some(c) = cur.take() {
                            fields.push(c);
                        }
                    }
                    let pieces: Vec<&str> = value.split_whitespace().collect();
                    for (i, piece) in pieces.iter().enumerate() {
                        if i > 0 {
                            if let Some(c) = cur.take() {
                                fields.push(c);
                            }
                        }
                        cur.get_or_insert_with(String::new).push_str(piece);
                    }
                    if value.ends_with(char::is_whitespace) && !pieces.is_empty() {
                        if let Some(c) = cur.take() {
                            fields.push(c);
                        }
                    }
                }
            }
        }
        if let Some(c) = cur {
            fields.push(c);
        }
        fields
    }

    /// `$(...)`: stdout of the script, trailing newlines removed; stderr passes through.
    async fn substitute(&self, s: &Script, io: &Io) -> String {
        let out = Stream::new();
        let sub = Io { out: Sink::To(out.clone(), Fd::Out), err: io.err.clone(), stdin: Rc::from("") };
        let status = self.run_script(s, &sub).await;
        self.last.set(status);
        let mut text = out.stdout_text();
        while text.ends_with('\n') {
            text.pop();
        }
        text
    }

    async fn run_simple(&self, s: &Simple, io: &Io) -> i32 {
        let mut argv = Vec::new();
        for w in &s.words {
            argv.extend(self.expand(w, io).await);
        }
        let mut assigns = Vec::new();
        for (k, w) in &s.assigns {
            let v = self.expand(w, io).await.join(" ");
            assigns.push((k.clone(), v));
        }
        // Redirections.
        let mut cio = io.clone();
        let mut to_files: Vec<(String, Stream, bool)> = Vec::new();
        for r in &s.redirs {
            let target = self.expand(&r.target, io).await.join(" ");
            match r.op {
                RedirOp::Dup => {
                    let src = match target.as_str() {
                        "1" => cio.out.clone(),
                        "2" => cio.err.clone(),
                        _ => {
                            io.err.line(&format!("{}: {target}: bad file descriptor", self.host.shell_name()));
                            return 1;
                        }
                    };
                    match r.fd {
                        2 => cio.err = src,
                        _ => cio.out = src,
                    }
                }
                RedirOp::Write | RedirOp::Append => {
                    let sink = if target == "/dev/null" {
                        Sink::Null
                    } else {
                        let st = Stream::new();
                        to_files.push((target.clone(), st.clone(), r.op == RedirOp::Append));
                        Sink::To(st, if r.fd == 2 { Fd::Err } else { Fd::Out })
                    };
                    match r.fd {
                        2 => cio.err = sink,
                        _ => cio.out = sink,
                    }
                }
                RedirOp::Read => match self.host.read_file(&target) {
                    Ok(text) => cio = cio.with_stdin(&text),
                    Err(e) => {
                        io.err.line(&format!("{}: can't open '{target}': {e}", self.host.shell_name()));
                        return 1;
                    }
                },
            }
        }
        let status = if argv.is_empty() {
            for (k, v) in &assigns {
                self.set_var(k, v);
            }
            0
        } else {
            self.builtin_or_run(argv, &cio).await
        };
        for (path, st, append) in to_files {
            if let Err(e) = self.host.write_file(&path, &st.text(), append) {
                io.err.line(&format!("{}: can't create {path}: {e}", self.host.shell_name()));
            }
        }
        self.last.set(status);
        status
    }

    async fn builtin_or_run(&self, argv: Vec<String>, io: &Io) -> i32 {
        let name = argv.first().map(String::as_str).unwrap_or("");
        match name {
            ":" | "true" => 0,
            "false" => 1,
            "exit" => {
                let code = argv.get(1).and_then(|c| c.parse::<i32>().ok()).unwrap_or(self.last.get());
                self.exiting.set(Some(code & 0xff));
                code & 0xff
            }
            "export" => {
                for a in argv.iter().skip(1) {
                    if let Some((k, v)) = a.split_once('=') {
                        self.set_var(k, v);
                    }
                }
                0
            }
            "unset" => {
                for a in argv.iter().skip(1) {
                    self.vars.borrow_mut().remove(a);
                }
                0
            }
            _ => self.host.run(argv, io.clone()).await,
        }
    }
}
