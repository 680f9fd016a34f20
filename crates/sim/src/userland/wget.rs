//! BusyBox `wget` (networking/wget.c at 1_34_1): its options, its progress lines on stderr
//! and its error texts, over the fetch in `http.rs`.

use super::http::{fetch, parse_url, Fetch};
use super::Container;
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(wget(ct, args, io))
}

/// BusyBox `wget` (networking/wget.c at 1_34_1).
async fn wget(ct: &Container, args: &[String], io: &Io) -> i32 {
    let (mut quiet, mut out_file, mut timeout, mut spider, mut server_response) =
        (false, None::<String>, None, false, false);
    let mut urls = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-q" | "--quiet" => quiet = true,
            "-O" | "--output-document" => out_file = it.next().cloned(),
            "-T" | "--timeout" => timeout = it.next().and_then(|t| t.parse().ok()),
            "--spider" => spider = true,
            "-S" | "--server-response" => server_response = true,
            "-U" | "--user-agent" | "--header" | "-P" | "-Y" | "-o" | "--post-data" => {
                it.next();
            }
            "-c" | "--continue" | "--no-check-certificate" | "-s" => {}
            s if s.starts_with("-qO") => {
                quiet = true;
                out_file = Some(s.trim_start_matches("-qO").to_string())
                    .filter(|f| !f.is_empty())
                    .or_else(|| it.next().cloned());
            }
            s if s.starts_with("-O") => out_file = Some(s.trim_start_matches("-O").to_string()),
            s if s.starts_with("-T") => timeout = s.trim_start_matches("-T").parse().ok(),
            s if s.starts_with('-') && s.len() > 1 => {
                io.err.line(&format!("wget: unrecognized option: {}", s.trim_start_matches('-')));
                io.err.write(WGET_USAGE);
                return 1;
            }
            _ => urls.push(a.clone()),
        }
    }
    if urls.is_empty() {
        io.err.write(WGET_USAGE);
        return 1;
    }
    let mut status = 0;
    for u in urls {
        let Some(url) = parse_url(&u, true) else {
            io.err.line(&format!("wget: not an http or ftp url: {u}"));
            return 1;
        };
        let fetched = fetch(ct, &url, if spider { "HEAD" } else { "GET" }, timeout).await;
        let (r, ip) = match fetched {
            Fetch::Ok(r, ip) => (r, ip),
            Fetch::BadAddress | Fetch::DnsTimeout => {
                io.err.line(&format!("wget: bad address '{}'", url.host));
                return 1;
            }
            Fetch::Refused(ip) => {
                if !quiet {
                    io.err.line(&format!("Connecting to {} ({ip}:{})", url.authority, url.port));
                }
                io.err.line(&format!("wget: can't connect to remote host ({ip}): Connection refused"));
                return 1;
            }
            Fetch::Unreachable(ip) => {
                if !quiet {
                    io.err.line(&format!("Connecting to {} ({ip}:{})", url.authority, url.port));
                }
                io.err.line(&format!("wget: can't connect to remote host ({ip}): Host is unreachable"));
                return 1;
            }
            Fetch::TimedOut(ip, _) => {
                if !quiet {
                    io.err.line(&format!("Connecting to {} ({ip}:{})", url.authority, url.port));
                }
                if timeout.is_some() {
                    io.err.line("wget: download timed out");
                } else {
                    io.err.line(&format!("wget: can't connect to remote host ({ip}): Operation timed out"));
                }
                return 1;
            }
        };
        if !quiet {
            io.err.line(&format!("Connecting to {} ({ip}:{})", url.authority, url.port));
        }
        if server_response {
            io.err.line(&format!("  HTTP/1.1 {} {}", r.status, r.reason));
        }
        if !(200..400).contains(&r.status) {
            io.err.line(&format!("wget: server returned error: HTTP/1.1 {} {}", r.status, r.reason));
            return 1;
        }
        if spider {
            if !quiet {
                io.err.line("remote file exists");
            }
            continue;
        }
        let name = out_file.clone().unwrap_or_else(|| {
            let last = url.path.rsplit('/').next().unwrap_or("");
            if last.is_empty() {
                "index.html".to_string()
            } else {
                last.to_string()
            }
        });
        let to_stdout = name == "-";
        if !to_stdout {
            let path = ct.abs(&name);
            if out_file.is_none() && ct.files.borrow().contains_key(&path) {
                io.err.line(&format!("wget: can't open '{name}': File exists"));
                return 1;
            }
        }
        if !quiet {
            io.err.line(&if to_stdout { "writing to stdout".to_string() } else { format!("saving to '{name}'") });
        }
        if to_stdout {
            io.out.write(&r.body);
        } else {
            ct.files.borrow_mut().insert(ct.abs(&name), r.body.clone());
        }
        if !quiet {
            let shown = if to_stdout { "-" } else { name.as_str() };
            let size = r.body.len();
            let size5 = if size < 100_000 { format!("{size:>5}") } else { format!("{:>4}k", size / 1024) };
            io.err.line(&format!("{shown:<20.20} 100% |{}| {size5}  0:00:00 ETA", "*".repeat(32)));
            io.err.line(&if to_stdout { "written to stdout".to_string() } else { format!("'{name}' saved") });
        }
        status = 0;
    }
    status
}

const WGET_USAGE: &str = "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header 'HEADER: VALUE'] [-Y on/off]
\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

\t--spider\tOnly check URL existence: $? is 0 if exists
\t--no-check-certificate\tDon't validate the server's certificate
\t-c\t\tContinue retrieval of aborted transfer
\t-q\t\tQuiet
\t-P DIR\t\tSave to DIR (default .)
\t-S    \t\tShow server response
\t-T SEC\t\tNetwork read timeout is SEC seconds
\t-O FILE\t\tSave to FILE ('-' for stdout)
\t-o LOGFILE\tLog messages to FILE
\t-U STR\t\tUse STR for User-Agent header
\t-Y on/off\tUse proxy
";

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn to_stdout_with_progress() {
        let ct = container();
        let (code, out, err) = run(&ct, &["wget", "-O", "-", "http://example.com/"], "");
        assert_eq!(code, 0);
        assert!(out.starts_with("<!doctype html>\n"), "{out}");
        assert_eq!(
            err,
            "Connecting to example.com (93.184.215.14:80)\nwriting to stdout\n-                    100% |********************************|   387  0:00:00 ETA\nwritten to stdout\n"
        );
        let (code, _, err) = run(&ct, &["wget", "-q", "http://example.com/"], "");
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(ct.files.borrow().contains_key("/index.html"));
    }

    #[test]
    fn errors() {
        let ct = container();
        assert_eq!(run(&ct, &["wget", "http://nope"], ""), (1, "".into(), "wget: bad address 'nope'\n".into()));
        assert_eq!(
            run(&ct, &["wget", "-T", "2", "http://kubernetes.default"], ""),
            (1, "".into(), "Connecting to kubernetes.default (10.96.0.1:80)\nwget: download timed out\n".into())
        );
        assert_eq!(
            run(&ct, &["wget", "ftp://x"], ""),
            (1, "".into(), "wget: not an http or ftp url: ftp://x\n".into())
        );
        assert_eq!(run(&ct, &["wget"], ""), (1, "".into(), super::WGET_USAGE.into()));
    }
}
