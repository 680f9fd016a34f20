//! Command-line flags the way kubectl's cobra/pflag parse them: long and short forms,
//! `--flag=value`, `-nvalue`, combined boolean shorthands (`-it`), flags anywhere among the
//! arguments, `--` ending the flags (its position kept, as `ArgsLenAtDash`), and pflag's
//! error texts.

use crate::error::KError;
use std::collections::BTreeMap;

#[derive(Copy, Clone, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub value: bool,
}

pub const fn f(long: &'static str, short: Option<char>, value: bool) -> Flag {
    Flag { long, short, value }
}

/// Flags every command takes.
pub const GLOBAL: &[Flag] = &[
    f("namespace", Some('n'), true),
    f("context", None, true),
    f("cluster", None, true),
    f("kubeconfig", None, true),
    f("request-timeout", None, true),
    f("v", Some('v'), true),
    f("user", None, true),
    f("help", Some('h'), false),
];

#[derive(Debug, Default)]
pub struct Parsed {
    pub flags: BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
    /// How many positional arguments came before `--` (None: no `--`).
    pub dash: Option<usize>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags.get(long).and_then(|v| v.last()).map(String::as_str)
    }
    pub fn all(&self, long: &str) -> Vec<String> {
        self.flags.get(long).cloned().unwrap_or_default()
    }
    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }
    /// A boolean flag: set without a value, or `=true`.
    pub fn bool(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| v.is_empty() || v == "true" || v == "1")
    }
    /// A boolean flag that defaults to true (`--wait`).
    pub fn bool_or(&self, long: &str, default: bool) -> bool {
        match self.get(long) {
            None => default,
            Some(v) => v.is_empty() || v == "true" || v == "1",
        }
    }
    pub fn namespace(&self) -> Option<&str> {
        self.get("namespace")
    }
}

fn help_hint(cmd: &str) -> String {
    format!("See 'kubectl {cmd} --help' for usage.")
}

/// Parses `args` (after the verb) against `own` plus the global flags.
pub fn parse(cmd: &str, args: &[String], own: &[Flag]) -> Result<Parsed, KError> {
    let lookup_long = |name: &str| own.iter().chain(GLOBAL.iter()).find(|f| f.long == name).copied();
    let lookup_short = |c: char| own.iter().chain(GLOBAL.iter()).find(|f| f.short == Some(c)).copied();
    let mut p = Parsed::default();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "--" {
            p.dash = Some(p.args.len());
            p.args.extend(args.iter().skip(i).cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(flag) = lookup_long(name) else {
                return Err(KError::Raw(format!("error: unknown flag: --{name}\n{}", help_hint(cmd))));
            };
            let value = match (flag.value, inline) {
                (_, Some(v)) => v,
                (true, None) => match args.get(i) {
                    Some(v) => {
                        i += 1;
                        v.clone()
                    }
                    None => {
                        return Err(KError::Raw(format!("error: flag needs an argument: --{name}\n{}", help_hint(cmd))))
                    }
                },
                (false, None) => String::new(),
            };
            p.flags.entry(flag.long).or_default().push(value);
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a.chars().skip(1).collect();
            let mut j = 0;
            while let Some(&c) = chars.get(j) {
                j += 1;
                let Some(flag) = lookup_short(c) else {
                    return Err(KError::Raw(format!(
                        "error: unknown shorthand flag: '{c}' in {a}\n{}",
                        help_hint(cmd)
                    )));
                };
                if flag.value {
                    let rest: String = chars.iter().skip(j).collect();
                    let value = if let Some(v) = rest.strip_prefix('=') {
                        v.to_string()
                    } else if !rest.is_empty() {
                        rest
                    } else {
                        match args.get(i) {
                            Some(v) => {
                                i += 1;
                                v.clone()
                            }
                            None => {
                                return Err(KError::Raw(format!(
                                    "error: flag needs an argument: '{c}' in {a}\n{}",
                                    help_hint(cmd)
                                )));
                            }
                        }
                    };
                    p.flags.entry(flag.long).or_default().push(value);
                    break;
                }
                p.flags.entry(flag.long).or_default().push(String::new());
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn flags_anywhere_and_dash() {
        let own = [
            f("output", Some('o'), true),
            f("selector", Some('l'), true),
            f("stdin", Some('i'), false),
            f("tty", Some('t'), false),
        ];
        let p =
            parse("get", &s(&["pod", "-l", "app=x", "--output=wide", "-nkube-system", "-it", "--", "ls", "-l"]), &own)
                .unwrap();
        assert_eq!(p.get("selector"), Some("app=x"));
        assert_eq!(p.get("output"), Some("wide"));
        assert_eq!(p.namespace(), Some("kube-system"));
        assert!(p.bool("stdin") && p.bool("tty"));
        assert_eq!(p.args, s(&["pod", "ls", "-l"]));
        assert_eq!(p.dash, Some(1));
    }

    #[test]
    fn pflag_errors() {
        let e = parse("get", &s(&["pods", "--foo"]), &[]).unwrap_err();
        assert_eq!(e.render().0, "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
        let e = parse("get", &s(&["pods", "-z"]), &[]).unwrap_err();
        assert_eq!(e.render().0, "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n");
        let e = parse("get", &s(&["pods", "-n"]), &[]).unwrap_err();
        assert_eq!(e.render().0, "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n");
    }
}
