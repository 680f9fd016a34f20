//! A small static file server for `dist/` (tests and benchmarks): GET and HEAD, correct MIME
//! types (application/wasm for streaming compilation), no caching. It serves the same files at
//! the root and under a sub-path, so the tests prove the page's URLs are relative.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// The sub-path the tests load the page from.
pub const SUB_PATH: &str = "/sub/dir/";

pub struct StaticServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `dir` on 127.0.0.1 at a free port, at `/` and at [`SUB_PATH`].
    pub fn start(dir: &Path) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let dir = Arc::new(dir.to_path_buf());
        let flag = stop.clone();
        let thread = std::thread::Builder::new().name("static-server".into()).spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let dir = dir.clone();
                let _ = std::thread::Builder::new().spawn(move || {
                    let _ = handle(stream, &dir);
                });
            }
        })?;
        Ok(StaticServer { port, stop, thread: Some(thread) })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn stop(&mut self) {
        if let Some(t) = self.thread.take() {
            self.stop.store(true, Ordering::SeqCst);
            // Wake the accept loop so it sees the flag.
            let _ = TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_secs(1));
            let _ = t.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

enum Reply {
    File(PathBuf),
    Redirect(String),
    Status(u16, &'static str),
}

fn resolve(dir: &Path, target: &str) -> Reply {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(path) else {
        return Reply::Status(400, "Bad Request");
    };
    if !path.starts_with('/') {
        return Reply::Status(400, "Bad Request");
    }
    if path == SUB_PATH.trim_end_matches('/') {
        return Reply::Redirect(SUB_PATH.to_string());
    }
    let rel = path.strip_prefix(SUB_PATH).unwrap_or(&path[1..]);
    if rel.split('/').any(|seg| seg == ".." || seg.contains(['\\', '\0'])) {
        return Reply::Status(403, "Forbidden");
    }
    let mut file = dir.join(rel);
    if file.is_dir() {
        if !rel.is_empty() && !rel.ends_with('/') {
            return Reply::Redirect(format!("{path}/"));
        }
        file = file.join("index.html");
    }
    if file.is_file() {
        Reply::File(file)
    } else {
        Reply::Status(404, "Not Found")
    }
}

fn handle(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(64 * 1024));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut out = stream;
    if method.is_empty() {
        return Ok(()); // a bare connect (the stop signal) or a closed socket
    }
    let head = method == "HEAD";
    let reply = if method == "GET" || head { resolve(dir, target) } else { Reply::Status(405, "Method Not Allowed") };
    match reply {
        Reply::File(file) => {
            let body = std::fs::read(&file)?;
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
                 X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
                mime(&file),
                body.len()
            )?;
            if !head {
                out.write_all(&body)?;
            }
        }
        Reply::Redirect(to) => {
            write!(
                out,
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )?;
        }
        Reply::Status(code, text) => {
            eprintln!("static server: {code} {method} {target}");
            let body = format!("{code} {text}\n");
            write!(
                out,
                "HTTP/1.1 {code} {text}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            if !head {
                out.write_all(body.as_bytes())?;
            }
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(port: u16, path: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut r = String::new();
        s.read_to_string(&mut r).unwrap();
        r
    }

    #[test]
    fn serves_root_and_sub_path() {
        let dir = std::env::temp_dir().join(format!("xtask-server-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("app_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(dir.join("a/index.html"), "A").unwrap();
        let mut srv = StaticServer::start(&dir).unwrap();
        let r = get(srv.port, "/");
        assert!(r.starts_with("HTTP/1.1 200") && r.contains("text/html") && r.ends_with("<p>hi</p>"), "{r}");
        let r = get(srv.port, "/sub/dir/?speed=10");
        assert!(r.starts_with("HTTP/1.1 200") && r.ends_with("<p>hi</p>"), "{r}");
        assert!(get(srv.port, "/sub/dir").contains("Location: /sub/dir/"));
        assert!(get(srv.port, "/sub/dir/app_bg.wasm").contains("Content-Type: application/wasm"));
        assert!(get(srv.port, "/a").contains("Location: /a/"));
        assert!(get(srv.port, "/sub/dir/a/").ends_with("A"));
        assert!(get(srv.port, "/nope.js").starts_with("HTTP/1.1 404"));
        assert!(get(srv.port, "/sub/dir/../../etc/passwd").starts_with("HTTP/1.1 403"));
        assert!(get(srv.port, "/%2e%2e/x").starts_with("HTTP/1.1 403"));
        srv.stop();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
