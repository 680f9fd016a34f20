//! kubeplay's page: a YAML editor over the workspace, the console, and a live view of the
//! cluster; or, as an embed in a tutorial page, the console alone. This file is the edge:
//! it turns DOM events, the timer, storage and messages into actions for the page state
//! (`state.rs`, a pure reducer) and carries out the effects it asks for. A timer's `Tick` is
//! the only real clock.

mod bridge;
mod config;
mod model;
mod state;
mod storage;
mod views;

use config::PageConfig;
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use state::{Action, Effect, Page, Saved, STORE_BROKEN, STORE_SESSION};
use wasm_bindgen::JsCast;
use yew::prelude::*;

const TICK_MS: u32 = 50;

pub struct App {
    page: Page,
    last: f64,
    _tick: Interval,
    _listeners: Vec<EventListener>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// A User Timing mark (`performance.mark`): the benchmark reads where start-up time goes.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

impl App {
    fn perform(&self, ctx: &Context<Self>, e: Effect) {
        let Some(window) = web_sys::window() else { return };
        match e {
            Effect::Save(v) => {
                if !storage::set(STORE_SESSION, &v) {
                    ctx.link().send_message(Action::SaveFailed);
                }
            }
            Effect::Backup(v) => {
                storage::set(STORE_BROKEN, &v);
            }
            Effect::Copy(url) => {
                let promise = window.navigator().clipboard().write_text(&url);
                let link = ctx.link().clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    link.send_message(Action::Copied(ok));
                });
            }
            Effect::Post { origin, msg } => {
                if let Ok(Some(parent)) = window.parent() {
                    let data = bridge::outgoing(&msg, self.page.config.id.as_deref());
                    let _ = parent.post_message(&data, &origin);
                }
            }
            Effect::ClearFragment => {
                let search = window.location().search().unwrap_or_default();
                if let Ok(h) = window.history() {
                    let url = format!("{}{search}", self.page.config.base);
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
            }
            Effect::OpenWindow(url) => {
                let _ = window.open_with_url_and_target(&url, "_blank");
            }
        }
    }

    fn listen(ctx: &Context<Self>, embed: bool) -> Vec<EventListener> {
        let Some(window) = web_sys::window() else { return Vec::new() };
        let mut v = Vec::new();
        let send = |f: fn(&Event) -> Option<Action>| {
            let link = ctx.link().clone();
            move |e: &Event| {
                if let Some(a) = f(e) {
                    link.send_message(a);
                }
            }
        };
        if embed {
            let link = ctx.link().clone();
            v.push(EventListener::new(&window, "message", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
                let Some(data) = bridge::incoming(&e.data()) else { return };
                // `event.source === window.parent`, and a parent that is not this window.
                let me = web_sys::window();
                let parent = me.as_ref().and_then(|w| w.parent().ok().flatten());
                let from_parent = match (e.source(), parent, me) {
                    (Some(s), Some(p), Some(me)) => js_sys::Object::is(&s, &p) && !js_sys::Object::is(&p, &me),
                    _ => false,
                };
                link.send_message(Action::Message { origin: e.origin(), from_parent, data });
            }));
        } else {
            v.push(EventListener::new(&window, "pagehide", send(|_| Some(Action::Hidden))));
            v.push(EventListener::new(
                &window,
                "hashchange",
                send(|_| web_sys::window().and_then(|w| w.location().href().ok()).map(Action::Navigated)),
            ));
            if let Some(doc) = window.document() {
                v.push(EventListener::new(
                    &doc,
                    "visibilitychange",
                    send(|_| {
                        let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
                        hidden.then_some(Action::Hidden)
                    }),
                ));
            }
        }
        v
    }
}

impl Component for App {
    type Message = Action;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        mark("kubeplay:start");
        let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        let config = PageConfig::parse(&href);
        let embed = config.embed;
        let saved = if embed { Saved::default() } else { storage::load() };
        let page = Page::new(config, saved);
        mark("kubeplay:restored");
        let link = ctx.link().clone();
        let tick = Interval::new(TICK_MS, move || link.send_message(Action::Tick(f64::from(TICK_MS))));
        App { page, last: now_ms(), _tick: tick, _listeners: App::listen(ctx, embed) }
    }

    fn update(&mut self, ctx: &Context<Self>, action: Action) -> bool {
        // The timer says a tick passed; the real elapsed time is measured here.
        let action = match action {
            Action::Tick(_) => {
                let now = now_ms();
                let elapsed = now - self.last;
                self.last = now;
                Action::Tick(elapsed)
            }
            a => a,
        };
        let (render, effects) = self.page.reduce(action);
        for e in effects {
            self.perform(ctx, e);
        }
        render
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            mark("kubeplay:drawn");
            // Effects of the start (an embed's "ready", dropping an opened link's fragment).
            let (_, effects) = self.page.reduce(Action::Tick(0.0));
            for e in effects {
                self.perform(ctx, e);
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        views::page(&self.page, ctx.link())
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
