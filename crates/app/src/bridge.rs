//! The embed's messages as JavaScript values: `postMessage` data from the page around us
//! becomes an [`Incoming`] (or nothing, when it is not ours), and an [`Outgoing`] becomes a
//! plain object. The rules about who may send what are in `state.rs`, where they are tested.

use crate::state::{Incoming, MsgId, Outgoing};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

fn id_of(v: &JsValue) -> Option<MsgId> {
    if v.is_undefined() || v.is_null() {
        Some(MsgId::Null)
    } else if let Some(s) = v.as_string() {
        Some(MsgId::Str(s.chars().take(200).collect()))
    } else {
        v.as_f64().filter(|n| n.is_finite()).map(MsgId::Num)
    }
}

/// `data` of a message event: `None` unless it is an object of one of our request types
/// (other scripts on the page post messages too, and unknown types get no answer).
pub fn incoming(data: &JsValue) -> Option<Incoming> {
    if !data.is_object() {
        return None;
    }
    let kind = get(data, "type").as_string()?;
    if kind == "kubeplay:interrupt" {
        return Some(Incoming::Interrupt);
    }
    if kind != "kubeplay:run" && kind != "kubeplay:session" {
        return None;
    }
    let raw = get(data, "id");
    let Some(id) = id_of(&raw).filter(|_| !raw.is_undefined() && !raw.is_null()) else {
        let id = id_of(&raw).unwrap_or(MsgId::Null);
        return Some(Incoming::Invalid { id, message: format!("{kind} needs an id: a string or a number") });
    };
    Some(match (kind.as_str(), get(data, "command").as_string()) {
        ("kubeplay:session", _) => Incoming::Session { id },
        (_, Some(command)) => Incoming::Run { id, command },
        (_, None) => Incoming::Invalid { id, message: "kubeplay:run needs a command: a string".into() },
    })
}

fn id_value(id: &MsgId) -> JsValue {
    match id {
        MsgId::Null => JsValue::NULL,
        MsgId::Str(s) => JsValue::from_str(s),
        MsgId::Num(n) => JsValue::from_f64(*n),
    }
}

/// A plain object for `postMessage`; `embed` is the embed's `id` parameter.
pub fn outgoing(msg: &Outgoing, embed: Option<&str>) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    let s = JsValue::from_str;
    set("embed", embed.map_or(JsValue::NULL, s));
    let kind = match msg {
        Outgoing::Ready => "ready",
        Outgoing::Output { id, text } => {
            set("id", id_value(id));
            set("text", s(text));
            "output"
        }
        Outgoing::Done { id, command, status, output } => {
            set("id", id_value(id));
            set("command", s(command));
            set("status", JsValue::from_f64(f64::from(*status)));
            set("output", s(output));
            "done"
        }
        Outgoing::Session { id, url } => {
            set("id", id_value(id));
            set("url", s(url));
            "session"
        }
        Outgoing::Error { id, message } => {
            set("id", id_value(id));
            set("message", s(message));
            "error"
        }
    };
    set("type", s(&format!("kubeplay:{kind}")));
    o.into()
}
