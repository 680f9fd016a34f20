//! HTTP in the simulated network: what the images' applications answer (nginx, the kiamol
//! numbers API and web app, whoami, the outside world's hosts), and the two clients:
//! BusyBox `wget` and curl, with their exact progress and error output.

use super::Container;
use crate::images::{App, NGINX_INDEX};
use crate::net::dns::{musl_lookup, LookupError};
use crate::net::{Connected, Peer, Proto, Verdict};
use crate::process::Io;
use crate::Cluster;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub reason: &'static str,
    pub content_type: String,
    pub server: String,
    pub body: String,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}

fn resp(status: u16, content_type: &str, server: &str, body: &str) -> Response {
    Response {
        status,
        reason: reason(status),
        content_type: content_type.into(),
        server: server.into(),
        body: body.into(),
    }
}

const NGINX_SERVER: &str = "nginx/1.27.5";

fn nginx_error(status: u16) -> String {
    format!(
        "<html>\r\n<head><title>{status} {r}</title></head>\r\n<body>\r\n<center><h1>{status} {r}</h1></center>\r\n<hr><center>{NGINX_SERVER}</center>\r\n</body>\r\n</html>\r\n",
        r = reason(status)
    )
}

/// What the server at `conn` answers to `method path`.
pub fn serve(c: &mut Cluster, conn: &Connected, method: &str, path: &str) -> Response {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    match &conn.peer {
        Peer::External(h) => match h.pages.iter().find(|(p, _, _)| *p == path) {
            Some((_, ct, body)) => resp(200, ct, h.server, body),
            None => resp(404, "text/plain; charset=utf-8", h.server, "404: Not Found"),
        },
        Peer::Node(_) => resp(404, "text/plain; charset=utf-8", "", "404 page not found\n"),
        Peer::Pod(key) => {
            let app = c.runtime(key).and_then(|rt| {
                rt.containers.iter().filter_map(|ct| ct.image).find(|i| i.tcp.contains(&conn.port)).map(|i| i.app)
            });
            let hostname = c.store().pods().get(key).map(|p| p.hostname().to_string()).unwrap_or_default();
            match app.unwrap_or(App::None) {
                App::Nginx { index } => {
                    if method != "GET" && method != "HEAD" {
                        return resp(405, "text/html", NGINX_SERVER, &nginx_error(405));
                    }
                    match path {
                        "/" | "/index.html" => resp(200, "text/html", NGINX_SERVER, index),
                        "/50x.html" => resp(200, "text/html", NGINX_SERVER, NGINX_INDEX),
                        _ => resp(404, "text/html", NGINX_SERVER, &nginx_error(404)),
                    }
                }
                App::NumbersApi => match path {
                    "/rng" | "/sixeyed/kiamol/master/ch03/numbers/rng" => {
                        let n = c.rng_mut().below(100);
                        resp(200, "application/json; charset=utf-8", "Kestrel", &n.to_string())
                    }
                    "/health" | "/healthz" | "/reset" => resp(200, "text/plain; charset=utf-8", "Kestrel", "Ok"),
                    _ => resp(404, "", "Kestrel", ""),
                },
                App::NumbersWeb => match path {
                    "/" => resp(200, "text/html; charset=utf-8", "Kestrel", NUMBERS_WEB_PAGE),
                    _ => resp(404, "", "Kestrel", ""),
                },
                App::Whoami => resp(
                    200,
                    "application/json; charset=utf-8",
                    "Kestrel",
                    &format!("\"I'm {hostname} running on Linux 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024\""),
                ),
                App::CoreDns => match (conn.port, path) {
                    (9153, "/metrics") => resp(200, "text/plain; version=0.0.4; charset=utf-8", "", "# HELP coredns_build_info A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.\n# TYPE coredns_build_info gauge\ncoredns_build_info{goversion=\"go1.23.3\",revision=\"51e11f1\",version=\"1.12.0\"} 1\n"),
                    _ => resp(404, "text/plain; charset=utf-8", "", "404 page not found\n"),
                },
                App::ApiServer => resp(
                    403,
                    "application/json",
                    "",
                    "{\n  \"kind\": \"Status\",\n  \"apiVersion\": \"v1\",\n  \"metadata\": {},\n  \"status\": \"Failure\",\n  \"message\": \"forbidden: User \\\"system:anonymous\\\" cannot get path \\\"/\\\"\",\n  \"reason\": \"Forbidden\",\n  \"details\": {},\n  \"code\": 403\n}",
                ),
                App::Echo | App::None => resp(200, "text/plain", "", "ok\n"),
            }
        }
    }
}

const NUMBERS_WEB_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n    <meta charset=\"utf-8\" />\n    <title>KIAMOL - Numbers.Web</title>\n    <link rel=\"stylesheet\" href=\"/css/site.css\" />\n</head>\n<body>\n    <div class=\"container\">\n        <h1>KIAMOL Random Number Generator</h1>\n        <form method=\"post\">\n            <p>Get a random number</p>\n            <input type=\"submit\" value=\"Go!\" />\n        </form>\n    </div>\n</body>\n</html>\n";

/// `http://host:port/path` split up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    /// Host as written (with the port if one was written), for messages.
    pub authority: String,
    pub host: String,
    pub port: u16,
    pub path: String,
}

pub fn parse_url(s: &str, default_scheme: bool) -> Option<Url> {
    let (scheme, rest) = match s.split_once("://") {
        Some((sc, r)) => (sc.to_ascii_lowercase(), r),
        None if default_scheme => ("http".to_string(), s),
        None => return None,
    };
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, "/"),
    };
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (authority, default_port),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url { scheme, authority: authority.to_string(), host: host.to_string(), port, path: path.to_string() })
}

/// What happened when a client tried to fetch a URL.
enum Fetch {
    Ok(Response, std::net::Ipv4Addr),
    BadAddress,
    DnsTimeout,
    Refused(String),
    TimedOut(String, u64),
    Unreachable(String),
}

async fn fetch(ct: &Container, url: &Url, method: &str, timeout_s: Option<u64>) -> Fetch {
    let (ip, took) = {
        let mut c = ct.sys.cluster();
        musl_lookup(&mut c.net(), &ct.pod, &url.host)
    };
    if took > 0 {
        ct.sys.sleep(took).await;
    }
    let ip = match ip {
        Ok(ip) => ip,
        Err(LookupError::NotFound) => return Fetch::BadAddress,
        Err(LookupError::Timeout) => return Fetch::DnsTimeout,
    };
    let conn = ct.sys.cluster().net().connect(&ct.pod, ip, url.port, Proto::Tcp);
    let ipv4 = std::net::Ipv4Addr::from(ip.0);
    match conn {
        Ok(conn) => {
            let rtt = ct.sys.cluster().rng_mut().range(1, 4);
            ct.sys.sleep(rtt).await;
            let r = serve(&mut ct.sys.cluster(), &conn, method, &url.path);
            Fetch::Ok(r, ipv4)
        }
        Err(Verdict::Refused) => Fetch::Refused(ip.to_string()),
        Err(Verdict::Unreachable) => {
            ct.sys.sleep(3000).await;
            Fetch::Unreachable(ip.to_string())
        }
        Err(_) => {
            // SYNs go unanswered: the kernel gives up after ~127 s unless a timeout is set.
            let wait = timeout_s.map_or(127_000, |t| t * 1000);
            ct.sys.sleep(wait).await;
            Fetch::TimedOut(ip.to_string(), wait)
        }
    }
}

/// BusyBox `wget` (networking/wget.c at 1_34_1).
pub async fn wget(ct: &Container, args: &[String], io: &Io) -> i32 {
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
pub async fn curl(ct: &Container, args: &[String], io: &Io) -> i32 {
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
