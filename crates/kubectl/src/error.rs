//! kubectl's errors and how `cmdutil.CheckErr` prints them: `error: ...` for client errors,
//! `Error from server (Reason): ...` for API errors (with `error when creating "file": `
//! context), the multi-line `The Deployment "x" is invalid:` form, aggregates, and exec's
//! `command terminated with exit code N`. One function maps each to its exit code.

use sim::ApiError;

#[derive(Clone, Debug, PartialEq)]
pub enum KError {
    /// Printed as `error: <msg>`.
    Msg(String),
    /// Printed as is (already formatted, e.g. usage errors).
    Raw(String),
    /// An API server error, with the `error when <verb> "<source>": ` context apply adds.
    Api { err: ApiError, context: Option<(String, String)> },
    /// Several errors (apply and delete carry on and report at the end).
    Many(Vec<KError>),
    /// The remote command of `kubectl exec` failed.
    Exit(i32),
}

impl From<ApiError> for KError {
    fn from(err: ApiError) -> KError {
        KError::Api { err, context: None }
    }
}

impl KError {
    pub fn msg(s: impl Into<String>) -> KError {
        KError::Msg(s.into())
    }

    pub fn in_context(self, verb: &str, source: &str) -> KError {
        match self {
            KError::Api { err, .. } if !source.is_empty() => {
                KError::Api { err, context: Some((verb.into(), source.into())) }
            }
            other => other,
        }
    }

    /// `StandardErrorMessage`: the one-line form (used alone and inside aggregates).
    fn standard(&self) -> String {
        match self {
            KError::Msg(m) => format!("error: {m}"),
            KError::Raw(m) => m.clone(),
            KError::Api { err, context } => {
                let ctx = context.as_ref().map(|(v, s)| format!("error when {v} \"{s}\": ")).unwrap_or_default();
                format!("Error from server ({}): {ctx}{}", err.reason(), err.message())
            }
            KError::Many(v) => v.iter().map(KError::standard).collect::<Vec<_>>().join("\n"),
            KError::Exit(n) => format!("command terminated with exit code {n}"),
        }
    }

    /// The text printed on stderr (ending with a newline) and the exit code.
    pub fn render(&self) -> (String, i32) {
        match self {
            KError::Many(v) if v.len() == 1 => v.first().map(KError::render).unwrap_or_default(),
            KError::Many(v) => {
                let mut s = String::new();
                for e in v {
                    // messageForError: StandardErrorMessage, else the raw text.
                    let line = match e {
                        KError::Msg(m) => m.clone(),
                        other => other.standard(),
                    };
                    s.push_str(&line);
                    s.push('\n');
                }
                (s, 1)
            }
            KError::Api { err: ApiError::Invalid { kind, name, causes }, .. } => {
                let prefix = format!("The {} \"{name}\" is invalid: ", kind.name());
                let s = match causes.as_slice() {
                    [] => format!("The {} \"{name}\" is invalid\n", kind.name()),
                    [one] => format!("{prefix}{one}\n"),
                    many => {
                        let mut s = format!("{prefix}\n");
                        for c in many {
                            s.push_str(&format!("* {c}\n"));
                        }
                        s
                    }
                };
                (s, 1)
            }
            KError::Exit(n) => (format!("command terminated with exit code {n}\n"), *n),
            other => {
                let mut s = other.standard();
                if !s.ends_with('\n') {
                    s.push('\n');
                }
                (s, 1)
            }
        }
    }
}

/// A usage error: `error: <msg>\nSee 'kubectl <cmd> -h' for help and examples`.
pub fn usage(cmd: &str, msg: &str) -> KError {
    KError::Raw(format!("error: {msg}\nSee 'kubectl {cmd} -h' for help and examples"))
}
