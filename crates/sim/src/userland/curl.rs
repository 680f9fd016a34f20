//! curl (Alpine 3.15's curl 7.80): its options, its progress meter and its `curl: (N)` error
//! texts and exit codes, over the fetch in `http.rs`.

use super::http::{fetch, parse_url, Fetch};
use super::Container;
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub fn main<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(curl(ct, args, io))
}

/// curl's 5-character size column (`max5data`).
fn max5(n: u64) -> String {
    if n < 100_000 {
        format!("{n:>5}")
    } else if n < 10_000 * 1024 {
        format!("{:>4}k", n / 1024)
    } else {
        format!("{:>4}M", n / (1024 * 1024))
    }
}

fn curl_progress(total: u64, ms: u64) -> String {
    let speed = (total * 1000).checked_div(ms).unwrap_or(total * 1000);
    let row = |pct: u64, t: u64, d: u64, s: u64| {
        format!(
            "\r{pct:>3} {}  {pct:>3} {}    0 {}  {}  {} --:--:-- --:--:-- --:--:-- {}",
            max5(t),
            max5(d),
            max5(0),
            max5(s),
            max5(0),
            max5(s)
        )
    };
    format!(
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n{}{}\n",
        row(0, 0, 0, 0),
        row(100, total, total, speed)
    )
}

/// curl (Alpine 3.15's curl 7.80).
async fn curl(ct: &Container, args: &[String], io: &Io) -> i32 {
    let (mut silent, mut show_error, mut include, mut head, mut fail, mut out_file) =
        (false, false, false, false, false, None::<String>);
    let mut max_time = None;
    let mut verbose = false;
    let mut urls = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-s" | "--silent" => silent = true,
            "-S" | "--show-error" => show_error = true,
            "-i" | "--include" => include = true,
            "-I" | "--head" => head = true,
            "-f" | "--fail" => fail = true,
            "-v" | "--verbose" => verbose = true,
            "-L" | "--location" | "-k" | "--insecure" => {}
            "-o" | "--output" => out_file = it.next().cloned(),
            "-m" | "--max-time" | "--connect-timeout" => {
                max_time = it.next().and_then(|t| t.parse::<f64>().ok()).map(|t| t.ceil() as u64)
            }
            "-H" | "--header" | "-X" | "--request" | "-d" | "--data" | "-A" | "--user-agent" => {
                it.next();
            }
            s if s.starts_with("--") => {
                io.err.line(&format!("curl: option {s}: is unknown"));
                io.err.line("curl: try 'curl --help' or 'curl --manual' for more information");
                return 2;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                for f in s.chars().skip(1) {
                    match f {
                        's' => silent = true,
                        'S' => show_error = true,
                        'i' => include = true,
                        'I' => head = true,
                        'f' => fail = true,
                        'v' => verbose = true,
                        'L' | 'k' => {}
                        _ => {
                            io.err.line(&format!("curl: option {s}: is unknown"));
                            io.err.line("curl: try 'curl --help' or 'curl --manual' for more information");
                            return 2;
                        }
                    }
                }
            }
            _ => urls.push(a.clone()),
        }
    }
    let Some(u) = urls.first() else {
        io.err.line("curl: try 'curl --help' or 'curl --manual' for more information");
        return 2;
    };
    let errors = !silent || show_error;
    let Some(url) = parse_url(u, true) else {
        if errors {
            let scheme = u.split("://").next().unwrap_or("");
            io.err.line(&format!("curl: (1) Protocol \"{scheme}\" not supported or disabled in libcurl"));
        }
        return 1;
    };
    let fetched = fetch(ct, &url, if head { "HEAD" } else { "GET" }, max_time).await;
    let r = match fetched {
        Fetch::Ok(r, _) => r,
        Fetch::BadAddress | Fetch::DnsTimeout => {
            if !silent {
                io.err.write(&curl_progress(0, 0).replace("\r100", "\r  0"));
            }
            if errors {
                io.err.line(&format!("curl: (6) Could not resolve host: {}", url.host));
            }
            return 6;
        }
        Fetch::Refused(_) | Fetch::Unreachable(_) => {
            let ms = ct.sys.cluster().rng_mut().range(1, 6);
            if errors {
                io.err.line(&format!(
                    "curl: (7) Failed to connect to {} port {} after {ms} ms: Connection refused",
                    url.host, url.port
                ));
            }
            return 7;
        }
        Fetch::TimedOut(_, ms) => {
            if errors {
                match max_time {
                    Some(_) => io.err.line(&format!("curl: (28) Connection timed out after {} milliseconds", ms + 1)),
                    None => io.err.line(&format!(
                        "curl: (28) Failed to connect to {} port {} after {ms} ms: Operation timed out",
                        url.host, url.port
                    )),
                }
            }
            return 28;
        }
    };
    if fail && r.status >= 400 {
        if errors {
            io.err.line(&format!("curl: (22) The requested URL returned error: {} {}", r.status, r.reason));
        }
        return 22;
    }
    let mut text = String::new();
    if verbose && !silent {
        io.err.line(&format!(
            "> {} {} HTTP/1.1\r\n> Host: {}\r\n> User-Agent: curl/7.80.0\r\n> Accept: */*\r\n>",
            if head { "HEAD" } else { "GET" },
            url.path,
            url.authority
        ));
    }
    if include || head {
        text.push_str(&format!("HTTP/1.1 {} {}\r\n", r.status, r.reason));
        if !r.server.is_empty() {
            text.push_str(&format!("Server: {}\r\n", r.server));
        }
        if !r.content_type.is_empty() {
            text.push_str(&format!("Content-Type: {}\r\n", r.content_type));
        }
        text.push_str(&format!("Content-Length: {}\r\n\r\n", r.body.len()));
    }
    if !head {
        text.push_str(&r.body);
    }
    if !silent {
        io.err.write(&curl_progress(text.len() as u64, 2));
    }
    match out_file {
        Some(f) if f != "-" => {
            ct.files.borrow_mut().insert(ct.abs(&f), text);
        }
        _ => io.out.write(&text),
    }
    0
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn body_to_stdout() {
        let ct = container();
        let (code, out, err) = run(&ct, &["curl", "-s", "http://example.com/"], "");
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(out.starts_with("<!doctype html>\n"), "{out}");
    }

    #[test]
    fn errors_and_exit_codes() {
        let ct = container();
        assert_eq!(
            run(&ct, &["curl", "http://nope"], ""),
            (6, "".into(), "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\r  0     0  100     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\ncurl: (6) Could not resolve host: nope\n".into())
        );
        assert_eq!(run(&ct, &["curl", "-s", "-m", "2", "http://kubernetes.default"], ""), (28, "".into(), "".into()));
        assert_eq!(
            run(&ct, &["curl", "-sS", "--bogus"], ""),
            (
                2,
                "".into(),
                "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
                    .into()
            )
        );
    }
}
