//! Go's number and string formatting, as kubectl's printers need it: `strconv.FormatFloat`
//! with shortest digits, encoding/json's float format, and encoding/json's string escaping.

use std::fmt::Write as _;

/// Shortest round-trip decimal digits of |f| and the decimal point position (Go's `digs.d`,
/// `digs.dp`: value = 0.d × 10^dp), from serde_json's float writer (already linked for JSON).
/// Zero is ("0", 1).
pub fn shortest(f: f64) -> (String, i64) {
    let txt = serde_json::Number::from_f64(f.abs()).map_or_else(|| "0".into(), |n| n.to_string());
    let (mant, exp) = txt.split_once(['e', 'E']).unwrap_or((&txt, "0"));
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    if digits.is_empty() {
        return ("0".into(), 1);
    }
    let exp: i64 = exp.parse().unwrap_or(0);
    (digits.into(), int.len() as i64 + exp - lead as i64)
}

/// strconv.FormatFloat(f, 'g', -1, 64) (json = false), or encoding/json's float format (json = true).
pub fn float(f: f64, json: bool) -> String {
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let (digits, dp) = shortest(f);
    if digits == "0" {
        return format!("{sign}0");
    }
    let digits = digits.as_str();
    // decimal exponent of the first significant digit
    let x = dp - 1;
    let use_e = if json { f.abs() < 1e-6 || f.abs() >= 1e21 } else { !(-4..6).contains(&x) };
    let mut s = String::from(sign);
    if use_e {
        let (first, tail) = digits.split_at_checked(1).unwrap_or((digits, ""));
        s.push_str(first);
        if !tail.is_empty() {
            s.push('.');
            s.push_str(tail);
        }
        let _ = if json && x < 0 {
            write!(s, "e{x}")
        } else {
            let sign = if x < 0 { '-' } else { '+' };
            write!(s, "e{sign}{:02}", x.unsigned_abs())
        };
    } else if x < 0 {
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', usize::try_from(-x - 1).unwrap_or(0)));
        s.push_str(digits);
    } else {
        let dp = usize::try_from(x + 1).unwrap_or(0);
        let (int, frac) = digits.split_at_checked(dp).unwrap_or((digits, ""));
        s.push_str(int);
        s.extend(std::iter::repeat_n('0', dp.saturating_sub(digits.len())));
        if !frac.is_empty() {
            s.push('.');
            s.push_str(frac);
        }
    }
    s
}

/// Go's encoding/json string encoder with HTML escaping (the default): `<`, `>`, `&`,
/// U+2028 and U+2029 as `\u003c`...
pub fn json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\0'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(esc);
        }
        start = i + c.len_utf8();
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}
