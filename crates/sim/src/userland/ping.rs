//! BusyBox `ping` (networking/ping.c at 1_34_1, FEATURE_FANCY_PING): one echo request per
//! interval, `seq=` lines, the statistics block, exit 1 when nothing came back. Its stdout is
//! a pipe under `kubectl exec`, so, as with musl's stdio, output appears when ping flushes:
//! after each reply and at exit.

use super::Container;
use crate::net::dns::{musl_lookup, LookupError};
use crate::process::{BoxFuture, Io};
use std::rc::Rc;

pub const USAGE: &str = "BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

\t-4,-6\t\tForce IP or IPv6 name resolution
\t-c CNT\t\tSend only CNT pings
\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)
\t-i SECS\t\tInterval
\t-A\t\tPing as soon as reply is recevied
\t-t TTL\t\tSet TTL
\t-I IFACE/IP\tSource interface or IP address
\t-W SEC\t\tSeconds to wait for the first response (default 10)
\t\t\t(after all -c CNT packets are sent)
\t-w SEC\t\tSeconds until ping exits (default:infinite)
\t\t\t(can exit earlier with -c CNT)
\t-q\t\tQuiet, only display output at start/finish
\t-p HEXBYTE\tPayload pattern
";

struct Opts {
    count: u64,
    size: u32,
    interval_ms: u64,
    timeout_s: u64,
    deadline_s: u64,
    quiet: bool,
    host: String,
}

/// musl-style getopt over BusyBox's option string `qvAc:+s:t:+w:+W:+I:np:i:4 6`.
fn parse(args: &[String], io: &Io) -> Result<Opts, i32> {
    let mut o =
        Opts { count: 0, size: 56, interval_ms: 1000, timeout_s: 10, deadline_s: 0, quiet: false, host: String::new() };
    let mut hosts = Vec::new();
    let mut it = args.iter().peekable();
    let usage = |msg: Option<String>| {
        if let Some(m) = msg {
            io.err.line(&m);
        }
        io.err.write(USAGE);
        Err(1)
    };
    let number = |s: &str| -> Result<u64, i32> {
        s.parse::<u64>().map_err(|_| {
            io.err.line(&format!("ping: invalid number '{s}'"));
            1
        })
    };
    let mut only_args = false;
    while let Some(a) = it.next() {
        if only_args || !a.starts_with('-') || a == "-" {
            hosts.push(a.clone());
            continue;
        }
        if a == "--" {
            only_args = true;
            continue;
        }
        let flags: Vec<char> = a.chars().skip(1).collect();
        let mut i = 0;
        while let Some(&f) = flags.get(i) {
            i += 1;
            match f {
                'q' => o.quiet = true,
                'v' | 'A' | 'n' | '4' | '6' => {}
                'c' | 's' | 't' | 'w' | 'W' | 'I' | 'p' | 'i' => {
                    let rest: String = flags.iter().skip(i).collect();
                    let val = if !rest.is_empty() {
                        i = flags.len();
                        rest
                    } else if let Some(v) = it.next() {
                        v.clone()
                    } else {
                        return usage(Some(format!("ping: option requires an argument: {f}")));
                    };
                    match f {
                        'c' => o.count = number(&val)?,
                        's' => match val.parse::<u32>() {
                            Ok(n) if n <= 65535 => o.size = n,
                            _ => {
                                io.err.line(&format!("ping: invalid number '{val}'"));
                                return Err(1);
                            }
                        },
                        'w' => o.deadline_s = number(&val)?,
                        'W' => o.timeout_s = number(&val)?,
                        'i' => match val.parse::<f64>() {
                            Ok(s) if s >= 0.0 => o.interval_ms = (s * 1000.0) as u64,
                            _ => {
                                io.err.line(&format!("ping: invalid number '{val}'"));
                                return Err(1);
                            }
                        },
                        _ => {}
                    }
                }
                other => return usage(Some(format!("ping: unrecognized option: {other}"))),
            }
        }
    }
    if hosts.len() != 1 {
        return usage(None);
    }
    o.host = hosts.pop().unwrap_or_default();
    Ok(o)
}

pub fn main<'a>(ct: &'a Rc<Container>, args: &'a [String], io: &'a Io) -> BoxFuture<'a, i32> {
    Box::pin(ping(ct, args, io))
}

async fn ping(ct: &Container, args: &[String], io: &Io) -> i32 {
    let o = match parse(args, io) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (resolved, took) = {
        let mut c = ct.sys.cluster();
        musl_lookup(&mut c.net(), &ct.pod, &o.host)
    };
    if took > 0 {
        ct.sys.sleep(took).await;
    }
    let ip = match resolved {
        Ok(ip) => ip,
        Err(LookupError::NotFound | LookupError::Timeout) => {
            io.err.line(&format!("ping: bad address '{}'", o.host));
            return 1;
        }
    };
    // Buffered stdout, flushed after each reply and at exit.
    let mut buf = format!("PING {} ({ip}): {} data bytes\n", o.host, o.size);
    let start = ct.sys.now();
    let (mut sent, mut received) = (0u64, 0u64);
    let (mut tmin, mut tmax, mut tsum) = (u32::MAX, 0u32, 0u64);
    loop {
        if ct.sys.interrupted() {
            break;
        }
        if o.deadline_s > 0 && ct.sys.now().since(start) >= o.deadline_s * 1000 {
            break;
        }
        let reply = ct.sys.cluster().net().ping(&ct.pod, ip);
        let seq = sent;
        sent += 1;
        if let Some((rtt, ttl)) = reply {
            received += 1;
            tsum += u64::from(rtt);
            tmin = tmin.min(rtt);
            tmax = tmax.max(rtt);
            if !o.quiet {
                buf.push_str(&format!(
                    "{} bytes from {ip}: seq={seq} ttl={ttl} time={}.{:03} ms\n",
                    o.size + 8,
                    rtt / 1000,
                    rtt % 1000
                ));
            }
            io.out.write(&std::mem::take(&mut buf));
        }
        if o.count > 0 && received >= o.count {
            break;
        }
        if o.count == 0 || sent < o.count {
            ct.sys.sleep(o.interval_ms).await;
            continue;
        }
        // All sent: wait for late replies (none come in this network), then stop.
        let expire = if received > 0 { u64::from(tmax / (512 * 1024)).max(1) } else { o.timeout_s };
        ct.sys.sleep(expire * 1000).await;
        break;
    }
    buf.push_str(&format!(
        "\n--- {} ping statistics ---\n{sent} packets transmitted, {received} packets received, {}% packet loss\n",
        o.host,
        ((sent - received) * 100).checked_div(sent).unwrap_or(0)
    ));
    if tmin != u32::MAX && received > 0 {
        let avg = (tsum / received) as u32;
        buf.push_str(&format!(
            "round-trip min/avg/max = {}.{:03}/{}.{:03}/{}.{:03} ms\n",
            tmin / 1000,
            tmin % 1000,
            avg / 1000,
            avg % 1000,
            tmax / 1000,
            tmax % 1000
        ));
    }
    io.out.write(&buf);
    i32::from(received == 0 || (o.deadline_s > 0 && o.count > 0 && received < o.count))
}

#[cfg(test)]
mod tests {
    use crate::userland::sandbox::{container, run};

    #[test]
    fn own_ip_answers() {
        let ct = container();
        let ip = ct.sys.cluster().net().pod_ip(&ct.pod).unwrap();
        let (code, out, err) = run(&ct, &["ping", "-c", "1", &ip.to_string()], "");
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(
            out,
            format!("PING {ip} ({ip}): 56 data bytes\n64 bytes from {ip}: seq=0 ttl=64 time=0.034 ms\n\n--- {ip} ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = 0.034/0.034/0.034 ms\n")
        );
    }

    #[test]
    fn bad_address_and_usage() {
        let ct = container();
        assert_eq!(run(&ct, &["ping", "-c", "1", "nope"], ""), (1, "".into(), "ping: bad address 'nope'\n".into()));
        assert_eq!(run(&ct, &["ping"], ""), (1, "".into(), super::USAGE.into()));
        assert_eq!(
            run(&ct, &["ping", "-x"], ""),
            (1, "".into(), format!("ping: unrecognized option: x\n{}", super::USAGE))
        );
        assert_eq!(run(&ct, &["ping", "-c", "x", "h"], ""), (1, "".into(), "ping: invalid number 'x'\n".into()));
    }
}
