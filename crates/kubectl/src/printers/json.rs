//! `kubectl -o json`: cli-runtime's JSONPrinter, i.e. Go's `json.MarshalIndent(obj, "", "    ")`
//! of an unstructured object plus a newline: keys sorted, 4-space indent, `<` `>` `&` U+2028
//! U+2029 escaped as `\u003c`..., integers as int64, other numbers as Go prints a float64.

use crate::gofmt::json_string;
use serde_json::Value;

/// The text `kubectl get ... -o json` prints for `v` (trailing newline included).
///
/// serde_json reads JSON `-0` as the float -0.0, printed `-0`; kubectl reads it as int64 0.
/// Typed objects (`kubectl create --dry-run=client -o json`) print in Go struct field order;
/// this is the unstructured (`kubectl get`) form, keys sorted.
pub fn to_json(v: &Value) -> String {
    enum Frame<'a> {
        Arr(std::slice::Iter<'a, Value>),
        Obj(serde_json::map::Iter<'a>),
    }
    let (mut out, mut pad) = (String::new(), String::new());
    let mut stack: Vec<(Frame, bool)> = Vec::new();
    let mut next = Some(v);
    loop {
        if let Some(v) = next.take() {
            match v {
                Value::Array(a) if !a.is_empty() => {
                    out.push('[');
                    stack.push((Frame::Arr(a.iter()), true));
                }
                Value::Object(m) if !m.is_empty() => {
                    out.push('{');
                    stack.push((Frame::Obj(m.iter()), true));
                }
                Value::Array(_) => out.push_str("[]"),
                Value::Object(_) => out.push_str("{}"),
                Value::Null => out.push_str("null"),
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Number(n) => out.push_str(&number(n)),
                Value::String(s) => json_string(&mut out, s),
            }
        }
        let depth = stack.len();
        let Some((frame, first)) = stack.last_mut() else {
            break;
        };
        let item = match frame {
            Frame::Arr(it) => it.next().map(|v| (None, v)),
            Frame::Obj(it) => it.next().map(|(k, v)| (Some(k), v)),
        };
        let was_first = std::mem::replace(first, false);
        match item {
            Some((key, v)) => {
                if !was_first {
                    out.push(',');
                }
                newline(&mut out, &mut pad, depth);
                if let Some(k) = key {
                    json_string(&mut out, k);
                    out.push_str(": ");
                }
                next = Some(v);
            }
            None => {
                let close = if matches!(frame, Frame::Arr(_)) { ']' } else { '}' };
                stack.pop();
                newline(&mut out, &mut pad, depth - 1);
                out.push(close);
            }
        }
    }
    out.push('\n');
    out
}

fn newline(out: &mut String, pad: &mut String, depth: usize) {
    while pad.len() < 4 * depth {
        pad.push_str("    ");
    }
    out.push('\n');
    out.push_str(pad.get(..4 * depth).unwrap_or_default());
}

/// kubectl decodes JSON numbers to int64 when they are integers that fit, else float64.
fn number(n: &serde_json::Number) -> String {
    match n.as_i64() {
        Some(i) => i.to_string(),
        None => crate::gofmt::float(n.as_f64().unwrap_or(0.0), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn layout() {
        let v = json!({"b": [], "a": {}, "c": [1, {"x": null}], "d": true});
        let want = "{\n    \"a\": {},\n    \"b\": [],\n    \"c\": [\n        1,\n        {\n            \"x\": null\n        }\n    ],\n    \"d\": true\n}\n";
        assert_eq!(to_json(&v), want);
        assert_eq!(to_json(&json!("x")), "\"x\"\n");
        assert_eq!(to_json(&json!([])), "[]\n");
    }

    #[test]
    fn escapes() {
        let s = "<>&\u{2028}\u{2029}\"\\\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é😀";
        let want = r#""\u003c\u003e\u0026\u2028\u2029\"\\\n\r\t\b\f\u0001\u001f"#;
        assert_eq!(to_json(&json!(s)), format!("{want}\u{7f}é😀\"\n"));
    }

    #[test]
    fn numbers() {
        for (v, want) in [
            (json!(1.0), "1"),
            (json!(-0.0), "-0"),
            (json!(1.5), "1.5"),
            (json!(1e21), "1e+21"),
            (json!(1e20), "100000000000000000000"),
            (json!(1e-7), "1e-7"),
            (json!(1.5e-10), "1.5e-10"),
            (json!(0.000001), "0.000001"),
            (json!(12345678.9), "12345678.9"),
            (json!(u64::MAX), "18446744073709552000"),
            (json!(i64::MIN), "-9223372036854775808"),
            (json!(1.7976931348623157e308), "1.7976931348623157e+308"),
            (json!(5e-324), "5e-324"),
        ] {
            assert_eq!(to_json(&v), format!("{want}\n"), "{v}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut v = json!(1);
        for _ in 0..10_000 {
            v = Value::Array(vec![v]);
        }
        let out = to_json(&v);
        assert!(out.starts_with("[\n    [\n"));
        // dismantle iteratively: serde_json's Drop is recursive
        while let Value::Array(mut a) = v {
            v = a.pop().unwrap_or(Value::Null);
        }
    }
}
