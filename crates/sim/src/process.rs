//! Processes in virtual time. Applets and console commands are `async` functions; a
//! [`Task`] polls one with a no-op waker. A process that must wait (ping's interval, a
//! timeout, `sleep`) awaits [`Sys::sleep`], which records when it wants to run again; the
//! host moves the cluster clock and polls again. Output goes to a shared stream of
//! stdout/stderr chunks, in order, so it can be shown as it is written.

use crate::time::Time;
use crate::Cluster;
use std::cell::{Cell, RefCell, RefMut};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// What a waiting process waits for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    pub at: Time,
    /// `true`: the host may jump the clock there at once (the console's `sleep N`).
    /// `false`: the host lets real time pass (a ping's one-second interval).
    pub fast_forward: bool,
}

struct Inner {
    cluster: Rc<RefCell<Cluster>>,
    wait: Cell<Option<Wait>>,
    interrupted: Cell<bool>,
}

/// A process's handle on the system: the cluster, the clock and the scheduler.
#[derive(Clone)]
pub struct Sys(Rc<Inner>);

impl Sys {
    pub fn new(cluster: Rc<RefCell<Cluster>>) -> Sys {
        Sys(Rc::new(Inner { cluster, wait: Cell::new(None), interrupted: Cell::new(false) }))
    }

    /// The cluster. Never hold the borrow across an `.await`.
    pub fn cluster(&self) -> RefMut<'_, Cluster> {
        self.0.cluster.borrow_mut()
    }

    /// The cluster, read-only.
    pub fn shared_ref(&self) -> std::cell::Ref<'_, Cluster> {
        self.0.cluster.borrow()
    }

    pub fn shared(&self) -> Rc<RefCell<Cluster>> {
        self.0.cluster.clone()
    }

    pub fn now(&self) -> Time {
        self.0.cluster.borrow().now()
    }

    /// Waits until `ms` of virtual time have passed.
    pub fn sleep(&self, ms: u64) -> Sleep {
        Sleep { sys: self.clone(), until: self.now().plus_ms(ms), fast_forward: false }
    }

    /// Waits until `t`.
    pub fn sleep_until(&self, t: Time) -> Sleep {
        Sleep { sys: self.clone(), until: t, fast_forward: false }
    }

    /// Like `sleep`, but asks the host to jump the clock (the console's `sleep N`).
    pub fn fast_forward(&self, ms: u64) -> Sleep {
        Sleep { sys: self.clone(), until: self.now().plus_ms(ms), fast_forward: true }
    }

    /// Whether the user pressed Ctrl-C.
    pub fn interrupted(&self) -> bool {
        self.0.interrupted.get()
    }

    /// Forgets a Ctrl-C once the line it stopped is over.
    pub fn clear_interrupt(&self) {
        self.0.interrupted.set(false);
    }

    fn want(&self, w: Wait) {
        let cur = self.0.wait.get();
        let w = match cur {
            Some(c) if c.at <= w.at => Wait { at: c.at, fast_forward: c.fast_forward && w.fast_forward },
            _ => w,
        };
        self.0.wait.set(Some(w));
    }
}

pub struct Sleep {
    sys: Sys,
    until: Time,
    fast_forward: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.sys.now() >= self.until || self.sys.interrupted() {
            Poll::Ready(())
        } else {
            self.sys.want(Wait { at: self.until, fast_forward: self.fast_forward });
            Poll::Pending
        }
    }
}

/// Standard output or standard error.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Fd {
    Out,
    Err,
}

/// An ordered stream of output chunks.
#[derive(Clone, Default)]
pub struct Stream(Rc<RefCell<Vec<(Fd, String)>>>);

impl Stream {
    pub fn new() -> Stream {
        Stream::default()
    }
    /// Takes what was written since the last call.
    pub fn drain(&self) -> Vec<(Fd, String)> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
    /// Everything written to stdout (for `$(...)` and pipes).
    pub fn stdout_text(&self) -> String {
        self.0.borrow().iter().filter(|(fd, _)| *fd == Fd::Out).map(|(_, s)| s.as_str()).collect()
    }
    pub fn text(&self) -> String {
        self.0.borrow().iter().map(|(_, s)| s.as_str()).collect()
    }
    fn push(&self, fd: Fd, s: &str) {
        if s.is_empty() {
            return;
        }
        let mut v = self.0.borrow_mut();
        match v.last_mut() {
            Some((f, t)) if *f == fd => t.push_str(s),
            _ => v.push((fd, s.to_string())),
        }
    }
}

/// Where one file descriptor writes.
#[derive(Clone)]
pub enum Sink {
    To(Stream, Fd),
    Null,
}

impl Sink {
    pub fn write(&self, s: &str) {
        if let Sink::To(stream, fd) = self {
            stream.push(*fd, s);
        }
    }
    pub fn line(&self, s: &str) {
        self.write(s);
        self.write("\n");
    }
}

/// A process's standard streams.
#[derive(Clone)]
pub struct Io {
    pub out: Sink,
    pub err: Sink,
    pub stdin: Rc<str>,
}

impl Io {
    /// stdout and stderr into one stream.
    pub fn to(stream: &Stream) -> Io {
        Io { out: Sink::To(stream.clone(), Fd::Out), err: Sink::To(stream.clone(), Fd::Err), stdin: Rc::from("") }
    }
    pub fn with_stdin(&self, stdin: &str) -> Io {
        Io { stdin: Rc::from(stdin), ..self.clone() }
    }
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A running process and its exit status once finished.
pub struct Task {
    fut: Option<BoxFuture<'static, i32>>,
    sys: Sys,
    exit: Option<i32>,
}

impl Task {
    pub fn new(sys: &Sys, fut: impl Future<Output = i32> + 'static) -> Task {
        Task { fut: Some(Box::pin(fut)), sys: sys.clone(), exit: None }
    }

    /// Runs the process until it waits or ends. `Some(status)` once it has ended.
    pub fn poll(&mut self) -> Option<i32> {
        if let Some(code) = self.exit {
            return Some(code);
        }
        let Some(fut) = self.fut.as_mut() else { return self.exit };
        self.sys.0.wait.set(None);
        let mut cx = Context::from_waker(Waker::noop());
        if let Poll::Ready(code) = fut.as_mut().poll(&mut cx) {
            self.exit = Some(code);
            self.fut = None;
        }
        self.exit
    }

    /// What the process waits for, after a `poll` that did not finish it.
    pub fn waiting_for(&self) -> Option<Wait> {
        if self.exit.is_some() {
            None
        } else {
            self.sys.0.wait.get()
        }
    }

    pub fn exit_status(&self) -> Option<i32> {
        self.exit
    }

    /// Ctrl-C: the process's sleeps end at once, and it should stop.
    pub fn interrupt(&self) {
        self.sys.0.interrupted.set(true);
    }

    /// Runs to completion, moving the clock as the process waits (CLI and tests).
    pub fn run_to_end(&mut self) -> i32 {
        for _ in 0..1_000_000 {
            if let Some(code) = self.poll() {
                return code;
            }
            match self.waiting_for() {
                Some(w) => self.sys.cluster().advance_to(w.at),
                // Waiting on nothing and not done: nothing can ever wake it.
                None => {
                    self.sys.cluster().fault("a process waited on nothing and was ended");
                    return 1;
                }
            }
        }
        self.sys.cluster().fault("a process still ran after a million waits and was ended");
        1
    }
}
