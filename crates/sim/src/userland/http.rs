//! HTTP in the simulated network: what the images' applications answer (nginx, the kiamol
//! numbers API and web app, whoami, the outside world's hosts), URLs, and the fetch that both
//! clients (`wget.rs`, `curl.rs`) make: musl's resolver, a TCP connect through the cluster,
//! one request and its response.

use super::Container;
use crate::images::{App, NGINX_INDEX};
use crate::net::dns::{musl_lookup, LookupError};
use crate::net::{Connected, Peer, Proto, Verdict};
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
pub enum Fetch {
    Ok(Response, std::net::Ipv4Addr),
    BadAddress,
    DnsTimeout,
    Refused(String),
    TimedOut(String, u64),
    Unreachable(String),
}

pub async fn fetch(ct: &Container, url: &Url, method: &str, timeout_s: Option<u64>) -> Fetch {
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
