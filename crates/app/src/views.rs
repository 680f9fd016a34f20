//! What the page looks like: the full page (header, editor, console, cluster view) or an
//! embed (the chosen panes, compact, an "Open in kubeplay" link), plus the share dialog, the
//! "open a shared session?" question and notices. Panels are small components with
//! `PartialEq` props; every event becomes an [`Action`] for the page state.

use crate::config::Theme;
use crate::model::ClusterView;
use crate::state::{Action, Dialog, FileOp, Page};
use crate::App;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};
use yew::html::Scope;
use yew::prelude::*;

fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

/// The whole page.
pub fn page(p: &Page, link: &Scope<App>) -> Html {
    let c = &p.config;
    let screen = p.screen();
    let console = html! {
        <ConsolePanel
            lines={screen.lines.clone()}
            current={screen.current.clone()}
            input={p.input.clone()}
            busy={p.busy()}
            on_input={link.callback(Action::Input)}
            on_key={link.callback(|(key, ctrl)| Action::Key { key, ctrl })}
        />
    };
    let editor = c.panes.editor.then(|| {
        let text = p.active_text().unwrap_or_default();
        let error = p.yaml_error.clone();
        html! {
            <EditorPanel
                files={p.files()}
                active={p.active.clone()}
                {text}
                {error}
                on_edit={link.callback(Action::Edit)}
                on_select={link.callback(Action::Select)}
                on_file={link.callback(Action::File)}
            />
        }
    });
    let cluster = c.panes.cluster.then(|| {
        html! { <ClusterPanel view={p.view.clone()} system={p.system} on_toggle_system={link.callback(|_| Action::ToggleSystem)} /> }
    });
    let theme = match c.theme {
        Theme::Dark => None,
        Theme::Light => Some("light"),
    };
    let notice = p.notice.as_ref().map(|n| {
        html! {
            <div class="notice" role="alert">
                <span>{ n }</span>
                <button onclick={link.callback(|_| Action::DismissNotice)}>{ "Dismiss" }</button>
            </div>
        }
    });
    let panes = classes!("panes", c.panes.editor.then_some("with-editor"), c.panes.cluster.then_some("with-cluster"));
    if c.embed {
        let style = c.height.map(|h| format!("height: {h}px"));
        let open = link.callback(|e: MouseEvent| {
            e.prevent_default();
            Action::Share
        });
        return html! {
            <div class="app embed" data-theme={theme} {style}>
                <div class="embedbar">
                    <span class="tag">{ "kubeplay · simulated Kubernetes v1.33" }</span>
                    <a href={c.base.clone()} target="_blank" rel="noopener" onclick={open}>{ "Open in kubeplay" }</a>
                </div>
                { for notice }
                <main class={panes}>{ for editor }{ console }{ for cluster }</main>
            </div>
        };
    }
    let speeds = [1u32, 2, 5, 10];
    let speed = p.speed;
    let reset = link.batch_callback(|_: MouseEvent| {
        confirm("Start over? The cluster, the console and your files go back to the chapter's example.")
            .then_some(Action::Reset)
    });
    html! {
        <div class="app" data-theme={theme}>
            <header class="bar">
                <h1>{ "kubeplay" }</h1>
                <span class="tag">{ "Kubernetes v1.33 · simulated in your browser" }</span>
                <label class="speed">{ "Speed " }
                    <select aria-label="Speed" onchange={link.callback(|e: Event| {
                        let v = e.target_unchecked_into::<HtmlInputElement>().value();
                        Action::Speed(v.parse::<u64>().map_or(1, |v| v.min(100) as u32))
                    })}>
                        { for speeds.iter().map(|s| html! { <option value={s.to_string()} selected={*s == speed}>{ format!("{s}×") }</option> }) }
                    </select>
                </label>
                <button onclick={link.callback(|_| Action::Share)}>{ "Share" }</button>
                <button onclick={reset}>{ "Reset" }</button>
            </header>
            { for notice }
            <main class={panes}>{ for editor }{ console }{ for cluster }</main>
            { dialog(p, link) }
        </div>
    }
}

fn dialog(p: &Page, link: &Scope<App>) -> Html {
    match &p.dialog {
        None => html! {},
        Some(Dialog::Share { url, copied }) => {
            let status = match copied {
                None => "",
                Some(true) => "Link copied to the clipboard.",
                Some(false) => "Copy the link above (the browser did not allow copying).",
            };
            let select = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());
            html! {
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="share-title">
                    <h2 id="share-title">{ "Share this session" }</h2>
                    <p>{ "The link holds your files, the console and the cluster: whoever opens it sees the same pods, IPs and output." }</p>
                    <input aria-label="Share link" readonly=true value={url.clone()} onfocus={select} />
                    <p class="status" role="status">{ status }</p>
                    <button onclick={link.callback(|_| Action::CloseDialog)}>{ "Close" }</button>
                </div>
            }
        }
        Some(Dialog::OpenLink { theirs, mine, .. }) => html! {
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="open-title">
                <h2 id="open-title">{ "Open a shared session?" }</h2>
                <p>{ format!(
                    "This link holds someone's session ({theirs} commands). Opening it replaces the session saved in this browser ({mine} commands)."
                ) }</p>
                <button onclick={link.callback(|_| Action::OpenShared)}>{ "Open the shared session" }</button>
                <button onclick={link.callback(|_| Action::KeepMine)}>{ "Keep my session" }</button>
            </div>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub files: Vec<String>,
    pub active: Option<String>,
    pub text: String,
    /// YAML syntax error: line, column, message.
    pub error: Option<(usize, usize, String)>,
    pub on_edit: Callback<String>,
    pub on_select: Callback<String>,
    pub on_file: Callback<FileOp>,
}

#[function_component]
pub fn EditorPanel(p: &EditorProps) -> Html {
    let name = use_state(String::new);
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let op = |f: fn(String) -> FileOp| {
        let name = name.clone();
        let cb = p.on_file.clone();
        Callback::from(move |_: MouseEvent| {
            if !name.trim().is_empty() {
                cb.emit(f((*name).clone()));
                name.set(String::new());
            }
        })
    };
    let on_delete = {
        let cb = p.on_file.clone();
        Callback::from(move |_: MouseEvent| {
            if confirm("Delete this file?") {
                cb.emit(FileOp::Delete);
            }
        })
    };
    let on_input = {
        let cb = p.on_edit.clone();
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    html! {
        <section class="pane editor" aria-label="Files">
            <div class="tabs" role="tablist" aria-label="Workspace files">
                { for p.files.iter().map(|f| {
                    let selected = p.active.as_deref() == Some(f.as_str());
                    let cb = p.on_select.clone();
                    let path = f.clone();
                    html! {
                        <button role="tab" class={classes!("tab", selected.then_some("active"))} aria-selected={selected.to_string()}
                            onclick={Callback::from(move |_| cb.emit(path.clone()))}>{ f }</button>
                    }
                }) }
            </div>
            <div class="fileops">
                <input aria-label="File name" placeholder="path/name.yaml" value={(*name).clone()} oninput={on_name} />
                <button onclick={op(FileOp::New)}>{ "New" }</button>
                <button onclick={op(FileOp::Rename)} disabled={p.active.is_none()}>{ "Rename" }</button>
                <button onclick={on_delete} disabled={p.active.is_none()}>{ "Delete" }</button>
            </div>
            if p.active.is_some() {
                <textarea aria-label="Editor" spellcheck="false" value={p.text.clone()} oninput={on_input}
                    aria-invalid={p.error.is_some().to_string()} />
            } else {
                <p class="empty">{ "No file open. Name one above and press New." }</p>
            }
            <div class="status" role="status">
                { match &p.error {
                    Some((l, c, m)) => html! { <span class="error">{ format!("Line {l}, column {c}: {m}") }</span> },
                    None if p.active.is_some() => html! { <span class="ok">{ "YAML OK" }</span> },
                    None => html! {},
                } }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub lines: Rc<Vec<String>>,
    pub current: String,
    pub input: String,
    pub busy: bool,
    pub on_input: Callback<String>,
    /// Key and whether Ctrl was held, for the keys the console handles.
    pub on_key: Callback<(String, bool)>,
}

/// Keys the console takes over from the browser.
fn console_key(key: &str, ctrl: bool) -> bool {
    matches!(key, "Enter" | "ArrowUp" | "ArrowDown") || ctrl && matches!(key, "c" | "C" | "l" | "L")
}

#[function_component]
pub fn ConsolePanel(p: &ConsoleProps) -> Html {
    let log = use_node_ref();
    {
        let log = log.clone();
        let n = p.lines.len();
        let cur = p.current.len();
        use_effect_with((n, cur), move |_| {
            if let Some(el) = log.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let on_input = {
        let cb = p.on_input.clone();
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_key = p.on_key.clone();
    let on_key = Callback::from(move |e: KeyboardEvent| {
        let (key, ctrl) = (e.key(), e.ctrl_key());
        if console_key(&key, ctrl) {
            e.prevent_default();
            on_key.emit((key, ctrl));
        }
    });
    html! {
        <section class="pane console" aria-label="Terminal">
            <div class="log" role="log" aria-label="Console output" aria-live="polite" ref={log}>
                { for p.lines.iter().map(|l| html! { <div class="line">{ l }</div> }) }
                if !p.current.is_empty() { <div class="line">{ &p.current }</div> }
            </div>
            <div class="prompt">
                <span aria-hidden="true">{ if p.busy { "…" } else { "$" } }</span>
                <input aria-label="Console" autocomplete="off" autocapitalize="off" spellcheck="false"
                    value={p.input.clone()} oninput={on_input} onkeydown={on_key} />
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub view: ClusterView,
    pub system: bool,
    pub on_toggle_system: Callback<()>,
}

#[function_component]
pub fn ClusterPanel(p: &ClusterProps) -> Html {
    let v = &p.view;
    let toggle = p.on_toggle_system.clone();
    html! {
        <section class="pane cluster" aria-label="Cluster">
            <h2>{ "Nodes" }</h2>
            <table aria-label="Nodes">
                <thead><tr><th>{"Name"}</th><th>{"Status"}</th><th>{"IP"}</th><th>{"Pod CIDR"}</th><th>{"Pods"}</th></tr></thead>
                <tbody>
                    { for v.nodes.iter().map(|n| html! {
                        <tr><td>{ &n.name }</td><td>{ &n.status }</td><td>{ &n.ip }</td><td>{ &n.cidr }</td><td>{ n.pods }</td></tr>
                    }) }
                </tbody>
            </table>
            <h2>{ "Pods" }
                <label class="sys"><input type="checkbox" checked={p.system} onchange={Callback::from(move |_| toggle.emit(()))} />{ " kube-system" }</label>
            </h2>
            <table aria-label="Pods">
                <thead><tr><th>{"Name"}</th><th>{"Ready"}</th><th>{"Status"}</th><th>{"IP"}</th><th>{"Node"}</th></tr></thead>
                <tbody>
                    { for v.pods.iter().map(|r| html! {
                        <tr><td>{ if r.namespace == "default" { r.name.clone() } else { format!("{}/{}", r.namespace, r.name) } }</td>
                            <td>{ &r.ready }</td><td class={classes!("st", r.status.to_ascii_lowercase())}>{ &r.status }</td><td>{ &r.ip }</td><td>{ &r.node }</td></tr>
                    }) }
                    if v.pods.is_empty() { <tr><td colspan="5" class="empty">{ "No pods" }</td></tr> }
                </tbody>
            </table>
            if v.more_pods > 0 { <p class="more">{ format!("and {} more pods", v.more_pods) }</p> }
            <h2>{ "Services" }</h2>
            <table aria-label="Services">
                <thead><tr><th>{"Name"}</th><th>{"Type"}</th><th>{"Cluster-IP"}</th><th>{"Port(s)"}</th><th>{"Endpoints"}</th></tr></thead>
                <tbody>
                    { for v.services.iter().map(|s| html! {
                        <tr><td>{ if s.namespace == "default" { s.name.clone() } else { format!("{}/{}", s.namespace, s.name) } }</td>
                            <td>{ &s.type_ }</td><td>{ &s.cluster_ip }</td><td>{ &s.ports }</td><td>{ &s.endpoints }</td></tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
