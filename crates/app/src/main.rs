//! kubeplay's page: a YAML editor over the workspace, the console, and a live view of the
//! cluster. One component holds the state and its `update` is the reducer; a timer's `Tick`
//! is the only real clock. Everything it shows comes from `sim` and `kubectl`.

mod model;
mod views;

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Interval;
use kubectl::{Console, Workspace};
use model::{cluster_view, ClusterView, Log};
use sim::api::decode::parse_documents;
use std::collections::BTreeMap;
use views::{ClusterPanel, ConsolePanel, EditorPanel, FileOp};
use web_sys::KeyboardEvent;
use yew::prelude::*;

const STORE_FILES: &str = "kubeplay.workspace.v1";
const STORE_HISTORY: &str = "kubeplay.history.v1";
const DEFAULT_SEED: u64 = 2026;
const TICK_MS: u32 = 50;

pub enum Msg {
    Tick,
    Input(String),
    Key(KeyboardEvent),
    Edit(String),
    Select(String),
    File(FileOp),
    Speed(u32),
    ToggleSystem,
}

pub struct App {
    console: Console,
    log: Log,
    input: String,
    history: Vec<String>,
    history_pos: Option<usize>,
    active: Option<String>,
    view: ClusterView,
    view_key: (u64, usize),
    speed: u32,
    system: bool,
    last: f64,
    _tick: Interval,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

impl App {
    fn save_files(&self) {
        let _ = LocalStorage::set(STORE_FILES, &self.console.workspace().files);
    }

    fn refresh_view(&mut self, force: bool) {
        let key = {
            let c = self.console.cluster();
            (c.now().secs(), c.store.revision())
        };
        if force || key != self.view_key {
            self.view_key = key;
            self.view = cluster_view(&self.console.cluster(), self.system);
        }
    }

    fn drain(&mut self) {
        if self.console.take_clear() {
            self.log.clear();
        }
        for (_, text) in self.console.drain() {
            self.log.write(&text);
        }
    }

    fn submit(&mut self) {
        if self.console.busy() {
            return;
        }
        let line = std::mem::take(&mut self.input);
        self.log.break_line();
        self.log.write(&format!("$ {line}\n"));
        if !line.trim().is_empty() {
            self.history.push(line.clone());
            let keep = self.history.len().saturating_sub(200);
            let _ = LocalStorage::set(STORE_HISTORY, &self.history[keep..]);
        }
        self.history_pos = None;
        self.console.submit(&line);
        self.drain();
        self.refresh_view(true);
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let files: BTreeMap<String, String> =
            LocalStorage::get(STORE_FILES).unwrap_or_else(|_| Workspace::example().files);
        let history: Vec<String> = LocalStorage::get(STORE_HISTORY).unwrap_or_default();
        let seed = query("seed").and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_SEED);
        let speed = query("speed").and_then(|s| s.parse().ok()).filter(|s| (1..=100).contains(s)).unwrap_or(1);
        let console = Console::new(sim::Cluster::new(seed), Workspace { files });
        let active = console.workspace().files.keys().next().cloned();
        let link = ctx.link().clone();
        let tick = Interval::new(TICK_MS, move || link.send_message(Msg::Tick));
        let mut app = App {
            console,
            log: Log::default(),
            input: String::new(),
            history,
            history_pos: None,
            active,
            view: ClusterView::default(),
            view_key: (u64::MAX, 0),
            speed,
            system: false,
            last: now_ms(),
            _tick: tick,
        };
        app.log.write("kubeplay: a simulated cluster with one control-plane node and two workers.\nThe chapter's files are in the editor. Try: kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml\n");
        app.refresh_view(true);
        app
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Tick => {
                let now = now_ms();
                let elapsed = ((now - self.last).clamp(0.0, 1000.0) * f64::from(self.speed)) as u64;
                self.last = now;
                self.console.tick(elapsed);
                let before = (self.log.lines.len(), self.log.current.len());
                self.drain();
                let old_key = self.view_key;
                self.refresh_view(false);
                before != (self.log.lines.len(), self.log.current.len()) || old_key != self.view_key
            }
            Msg::Input(s) => {
                self.input = s;
                true
            }
            Msg::Key(e) => {
                match (e.key().as_str(), e.ctrl_key()) {
                    ("Enter", _) => {
                        e.prevent_default();
                        self.submit();
                    }
                    ("c" | "C", true) => {
                        e.prevent_default();
                        if self.console.busy() {
                            self.console.interrupt();
                            self.drain();
                        } else {
                            self.log.write(&format!("$ {}^C\n", self.input));
                            self.input.clear();
                        }
                    }
                    ("l" | "L", true) => {
                        e.prevent_default();
                        self.log.clear();
                    }
                    ("ArrowUp", _) if !self.history.is_empty() => {
                        e.prevent_default();
                        let pos = match self.history_pos {
                            None => self.history.len() - 1,
                            Some(p) => p.saturating_sub(1),
                        };
                        self.history_pos = Some(pos);
                        self.input = self.history.get(pos).cloned().unwrap_or_default();
                    }
                    ("ArrowDown", _) => {
                        e.prevent_default();
                        match self.history_pos {
                            Some(p) if p + 1 < self.history.len() => {
                                self.history_pos = Some(p + 1);
                                self.input = self.history.get(p + 1).cloned().unwrap_or_default();
                            }
                            _ => {
                                self.history_pos = None;
                                self.input.clear();
                            }
                        }
                    }
                    _ => return false,
                }
                true
            }
            Msg::Edit(text) => {
                if let Some(path) = &self.active {
                    self.console.workspace_mut().write(path, &text);
                    self.save_files();
                }
                true
            }
            Msg::Select(path) => {
                self.active = Some(path);
                true
            }
            Msg::File(op) => {
                match op {
                    FileOp::New(path) => {
                        let Some(p) = kubectl::workspace::normalize(&path).filter(|p| !p.is_empty()) else {
                            return false;
                        };
                        if self.console.workspace().read(&p).is_none() {
                            self.console.workspace_mut().write(&p, "");
                        }
                        self.active = Some(p);
                    }
                    FileOp::Rename(to) => {
                        let Some(to) = kubectl::workspace::normalize(&to).filter(|p| !p.is_empty()) else {
                            return false;
                        };
                        let Some(from) = self.active.clone() else { return false };
                        if to == from || self.console.workspace().read(&to).is_some() {
                            return false;
                        }
                        let text = self.console.workspace_mut().files.remove(&from).unwrap_or_default();
                        self.console.workspace_mut().write(&to, &text);
                        self.active = Some(to);
                    }
                    FileOp::Delete => {
                        if let Some(p) = self.active.take() {
                            self.console.workspace_mut().files.remove(&p);
                        }
                        self.active = self.console.workspace().files.keys().next().cloned();
                    }
                }
                self.save_files();
                true
            }
            Msg::Speed(s) => {
                self.speed = s.clamp(1, 100);
                true
            }
            Msg::ToggleSystem => {
                self.system = !self.system;
                self.refresh_view(true);
                true
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let files: Vec<String> = self.console.workspace().files.keys().cloned().collect();
        let text = self.active.as_ref().and_then(|p| self.console.workspace().read(p).cloned()).unwrap_or_default();
        let error = parse_documents(&text).err().map(|e| (e.line, e.column, e.message));
        let speeds = [1u32, 2, 5, 10];
        html! {
            <div class="app">
                <header class="bar">
                    <h1>{ "kubeplay" }</h1>
                    <span class="tag">{ "Kubernetes v1.33 · simulated in your browser" }</span>
                    <label class="speed">{ "Speed " }
                        <select aria-label="Speed" onchange={link.callback(|e: Event| {
                            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                            Msg::Speed(v.parse().unwrap_or(1))
                        })}>
                            { for speeds.iter().map(|s| html! { <option value={s.to_string()} selected={*s == self.speed}>{ format!("{s}×") }</option> }) }
                        </select>
                    </label>
                </header>
                <main class="panes">
                    <EditorPanel
                        files={files}
                        active={self.active.clone()}
                        text={text}
                        error={error}
                        on_edit={link.callback(Msg::Edit)}
                        on_select={link.callback(Msg::Select)}
                        on_file={link.callback(Msg::File)}
                    />
                    <ConsolePanel
                        lines={self.log.lines.clone()}
                        current={self.log.current.clone()}
                        input={self.input.clone()}
                        busy={self.console.busy()}
                        on_input={link.callback(Msg::Input)}
                        on_key={link.callback(Msg::Key)}
                    />
                    <ClusterPanel view={self.view.clone()} system={self.system} on_toggle_system={link.callback(|_| Msg::ToggleSystem)} />
                </main>
            </div>
        }
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
