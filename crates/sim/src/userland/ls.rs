//! BusyBox `ls` (coreutils/ls.c), names only, one a line (stdout is a pipe under exec).

use super::{done, Container};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main(ct: &Rc<Container>, args: &[String], io: &Io) -> BoxFuture<'static, i32> {
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let targets: Vec<String> =
        if paths.is_empty() { vec![ct.cwd()] } else { paths.iter().map(|p| ct.abs(p)).collect() };
    let mut status = 0;
    for (t, shown) in targets.iter().zip(paths.iter().map(|s| s.as_str()).chain(std::iter::repeat("."))) {
        match ct.list(t) {
            Some(names) => {
                for n in names {
                    io.out.line(&n);
                }
            }
            None if ct.read(t).is_some() => io.out.line(shown),
            None => {
                io.err.line(&format!("ls: {shown}: No such file or directory"));
                status = 1;
            }
        }
    }
    done(status)
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run, write};

    #[test]
    fn directories_files_and_written_files() {
        let ct = container();
        assert_eq!(
            run(&ct, &["ls"], ""),
            (
                0,
                "bin\ndev\netc\nhome\nlib\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n".into(),
                "".into()
            )
        );
        assert_eq!(run(&ct, &["ls", "/etc"], ""), (0, "hostname\nhosts\nos-release\nresolv.conf\n".into(), "".into()));
        assert_eq!(run(&ct, &["ls", "/etc/hosts"], ""), (0, "/etc/hosts\n".into(), "".into()));
        assert_eq!(run(&ct, &["ls", "-l", "/tmp"], ""), (0, "".into(), "".into()));
        write(&ct, "/tmp/b", "");
        write(&ct, "/tmp/a", "");
        write(&ct, "/etc/motd", "");
        assert_eq!(run(&ct, &["ls", "/tmp"], ""), (0, "a\nb\n".into(), "".into()));
        assert_eq!(
            run(&ct, &["ls", "/etc"], ""),
            (0, "hostname\nhosts\nmotd\nos-release\nresolv.conf\n".into(), "".into())
        );
    }

    #[test]
    fn missing_paths() {
        let ct = container();
        assert_eq!(run(&ct, &["ls", "/nope"], ""), (1, "".into(), "ls: /nope: No such file or directory\n".into()));
    }
}
