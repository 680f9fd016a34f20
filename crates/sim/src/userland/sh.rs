//! BusyBox ash, also as `sh` and `bash`: `sh -c SCRIPT`, `sh FILE`, or a script from stdin,
//! run by the shared interpreter with the container as its host.

use super::Container;
use crate::interp::Interp;
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn sh<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(shell(ct, "sh", args, io))
}

pub fn ash<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(shell(ct, "ash", args, io))
}

pub fn bash<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(shell(ct, "bash", args, io))
}

async fn shell(ct: &Rc<Container>, name: &str, args: &[String], io: &Io) -> i32 {
    let script = match args.first().map(String::as_str) {
        Some("-c") => match args.get(1) {
            Some(s) => s.clone(),
            None => {
                io.err.line(&format!("{name}: -c requires an argument"));
                return 2;
            }
        },
        Some(file) if !file.starts_with('-') => match ct.read(&ct.abs(file)) {
            Some(s) => s,
            None => {
                io.err.line(&format!("{name}: can't open '{file}': No such file or directory"));
                return 2;
            }
        },
        _ => io.stdin.to_string(),
    };
    let parsed = match crate::shell::parse(&script) {
        Ok(p) => p,
        Err(crate::shell::ParseError::Unterminated(_)) => {
            io.err.line(&format!("{name}: syntax error: unterminated quoted string"));
            return 2;
        }
        Err(crate::shell::ParseError::Unexpected(t)) => {
            let t = if t == "newline" { "end of file".to_string() } else { format!("unexpected \"{t}\"") };
            io.err.line(&format!("{name}: syntax error: {t}"));
            return 2;
        }
    };
    let interp = Interp::new(ct.clone());
    for (k, v) in &ct.env {
        interp.set_var(k, v);
    }
    interp.run_script(&parsed, io).await
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run, write};

    #[test]
    fn scripts_from_c_a_file_or_stdin() {
        let ct = container();
        assert_eq!(run(&ct, &["sh", "-c", "echo $HOSTNAME; exit 3"], ""), (3, "sleep\n".into(), "".into()));
        write(&ct, "/tmp/s.sh", "echo from file\n");
        assert_eq!(run(&ct, &["ash", "/tmp/s.sh"], ""), (0, "from file\n".into(), "".into()));
        assert_eq!(run(&ct, &["sh"], "echo piped | wc -l"), (0, "1\n".into(), "".into()));
        assert_eq!(
            run(&ct, &["sh", "-c", "cat /etc/hostname > /tmp/h; cat /tmp/h"], ""),
            (0, "sleep\n".into(), "".into())
        );
    }

    #[test]
    fn errors_name_the_shell() {
        let ct = container();
        assert_eq!(run(&ct, &["sh", "-c"], ""), (2, "".into(), "sh: -c requires an argument\n".into()));
        assert_eq!(
            run(&ct, &["ash", "nope.sh"], ""),
            (2, "".into(), "ash: can't open 'nope.sh': No such file or directory\n".into())
        );
        assert_eq!(
            run(&ct, &["sh", "-c", "echo 'x"], ""),
            (2, "".into(), "sh: syntax error: unterminated quoted string\n".into())
        );
        assert_eq!(run(&ct, &["sh", "-c", "echo a |"], ""), (2, "".into(), "sh: syntax error: end of file\n".into()));
        assert_eq!(run(&ct, &["sh", "-c", "nope"], ""), (127, "".into(), "sh: nope: not found\n".into()));
    }
}
