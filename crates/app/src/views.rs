//! The page's panels as small components with `PartialEq` props: the editor over the
//! workspace files, the console (log and input line), and the cluster view.

use crate::model::ClusterView;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOp {
    New(String),
    Rename(String),
    Delete,
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
            let ok = web_sys::window().and_then(|w| w.confirm_with_message("Delete this file?").ok()).unwrap_or(false);
            if ok {
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
    pub on_key: Callback<KeyboardEvent>,
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
    html! {
        <section class="pane console" aria-label="Terminal">
            <div class="log" role="log" aria-label="Console output" aria-live="polite" ref={log}>
                { for p.lines.iter().map(|l| html! { <div class="line">{ l }</div> }) }
                if !p.current.is_empty() { <div class="line">{ &p.current }</div> }
            </div>
            <div class="prompt">
                <span aria-hidden="true">{ if p.busy { "…" } else { "$" } }</span>
                <input aria-label="Console" autocomplete="off" autocapitalize="off" spellcheck="false"
                    value={p.input.clone()} oninput={on_input} onkeydown={Callback::from(move |e: KeyboardEvent| on_key.emit(e))} />
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
