//! The small BusyBox applets: echo, cat, head, tail, wc, hostname, env, ls, date, uname,
//! id, seq, printf, which, test ... Each is a function over the container and its streams.

use super::Container;
use crate::process::Io;

pub async fn sleep(ct: &Container, args: &[String], io: &Io) -> i32 {
    let Some(a) = args.first() else {
        io.err.line("BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays");
        return 1;
    };
    let mut total = 0.0f64;
    for a in args {
        let (num, mult) = match a.chars().last() {
            Some('s') => (a.trim_end_matches('s'), 1.0),
            Some('m') => (a.trim_end_matches('m'), 60.0),
            Some('h') => (a.trim_end_matches('h'), 3600.0),
            Some('d') => (a.trim_end_matches('d'), 86400.0),
            _ => (a.as_str(), 1.0),
        };
        match num.parse::<f64>() {
            Ok(n) if n >= 0.0 && n.is_finite() => total += n * mult,
            _ if a == "infinity" => total = 1e9,
            _ => {
                io.err.line(&format!("sleep: invalid number '{a}'"));
                return 1;
            }
        }
    }
    let _ = a;
    ct.sys.sleep((total * 1000.0) as u64).await;
    if ct.sys.interrupted() {
        130
    } else {
        0
    }
}

fn lines_arg(args: &[String]) -> (usize, bool, Vec<String>) {
    let mut n = 10;
    let mut from_start = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" {
            if let Some(v) = it.next() {
                from_start = v.starts_with('+');
                n = v.trim_start_matches(['+', '-']).parse().unwrap_or(10);
            }
        } else if let Some(v) = a.strip_prefix("-n") {
            from_start = v.starts_with('+');
            n = v.trim_start_matches(['+', '-']).parse().unwrap_or(10);
        } else if a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| c.is_ascii_digit()) {
            n = a.get(1..).and_then(|v| v.parse().ok()).unwrap_or(10);
        } else if a.starts_with('-') && a.len() > 1 {
        } else {
            files.push(a.clone());
        }
    }
    (n, from_start, files)
}

fn input(ct: &Container, files: &[String], io: &Io, applet: &str) -> Result<String, i32> {
    if files.is_empty() || files.iter().all(|f| f == "-") {
        return Ok(io.stdin.to_string());
    }
    let mut s = String::new();
    let mut bad = false;
    for f in files {
        match ct.read(&ct.abs(f)) {
            Some(t) => s.push_str(&t),
            None => {
                let msg = if ct.list(&ct.abs(f)).is_some() { "Is a directory" } else { "No such file or directory" };
                io.err.line(&format!("{applet}: can't open '{f}': {msg}"));
                bad = true;
            }
        }
    }
    if bad && s.is_empty() {
        Err(1)
    } else {
        Ok(s)
    }
}

/// `echo` with BusyBox's `-n` and `-e`.
fn echo(args: &[String], io: &Io) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| matches!(c, 'n' | 'e' | 'E')) {
            newline &= !a.contains('n');
            escapes = a.contains('e');
            i += 1;
        } else {
            break;
        }
    }
    let mut s = args.iter().skip(i).cloned().collect::<Vec<_>>().join(" ");
    if escapes {
        s = s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
    }
    if newline {
        s.push('\n');
    }
    io.out.write(&s);
    0
}

/// `printf FORMAT [ARG]...` for `%s`, `%d`, `%%` and `\n`, `\t`.
fn printf(args: &[String], io: &Io) -> i32 {
    let Some(fmt) = args.first() else {
        io.err.line("BusyBox v1.34.1 (2022-04-04 10:19:27 UTC) multi-call binary.\n\nUsage: printf FORMAT [ARG]...");
        return 1;
    };
    let mut rest = args.iter().skip(1);
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            },
            '%' => match chars.next() {
                Some('%') => out.push('%'),
                Some('s') => out.push_str(rest.next().map(String::as_str).unwrap_or("")),
                Some('d' | 'i') => {
                    out.push_str(&rest.next().and_then(|v| v.parse::<i64>().ok()).unwrap_or(0).to_string())
                }
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            },
            o => out.push(o),
        }
    }
    io.out.write(&out);
    0
}

/// `test` / `[`.
fn test(args: &[String]) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = match a.as_slice() {
        [] => false,
        [s] => !s.is_empty(),
        ["!", rest @ ..] => return i32::from(test(&rest.iter().map(|s| s.to_string()).collect::<Vec<_>>()) == 0),
        ["-z", s] => s.is_empty(),
        ["-n", s] => !s.is_empty(),
        ["-e" | "-f" | "-d" | "-r", _] => false,
        [x, "=" | "==", y] => x == y,
        [x, "!=", y] => x != y,
        [x, op, y] => {
            let (Ok(x), Ok(y)) = (x.parse::<i64>(), y.parse::<i64>()) else { return 2 };
            match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                "-ge" => x >= y,
                _ => return 2,
            }
        }
        _ => false,
    };
    i32::from(!r)
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `date`: `Thu Jan  1 00:05:00 UTC 2026`.
fn date(ct: &Container) -> String {
    let t = ct.sys.now();
    let iso = t.rfc3339();
    let secs = crate::time::EPOCH_UNIX_SECS + (t.millis() / 1000) as i64;
    let wd = WEEKDAYS.get((secs.div_euclid(86_400).rem_euclid(7)) as usize).copied().unwrap_or("Thu");
    let y = iso.get(0..4).unwrap_or("2026");
    let m: usize = iso.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let d: u32 = iso.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    let hms = iso.get(11..19).unwrap_or("00:00:00");
    format!("{wd} {} {d:>2} {hms} UTC {y}", MONTHS.get(m.saturating_sub(1)).copied().unwrap_or("Jan"))
}

pub fn run(ct: &Container, name: &str, args: &[String], io: &Io) -> i32 {
    match name {
        "echo" => echo(args, io),
        "printf" => printf(args, io),
        "true" => 0,
        "false" => 1,
        "test" => test(args),
        "[" => {
            if args.last().map(String::as_str) != Some("]") {
                io.err.line("[: missing ]");
                return 2;
            }
            test(args.get(..args.len().saturating_sub(1)).unwrap_or(&[]))
        }
        "cat" => match input(ct, args, io, "cat") {
            Ok(s) => {
                io.out.write(&s);
                0
            }
            Err(c) => c,
        },
        "head" | "tail" => {
            let (n, from_start, files) = lines_arg(args);
            match input(ct, &files, io, name) {
                Ok(s) => {
                    let lines: Vec<&str> = s.split_inclusive('\n').collect();
                    let picked: Vec<&str> = if name == "head" {
                        lines.iter().take(n).copied().collect()
                    } else if from_start {
                        lines.iter().skip(n.saturating_sub(1)).copied().collect()
                    } else {
                        lines.iter().skip(lines.len().saturating_sub(n)).copied().collect()
                    };
                    io.out.write(&picked.concat());
                    0
                }
                Err(c) => c,
            }
        }
        "wc" => {
            let flags: String = args.iter().filter(|a| a.starts_with('-')).flat_map(|a| a.chars().skip(1)).collect();
            let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
            match input(ct, &files, io, "wc") {
                Ok(s) => {
                    let (l, w, c) = (s.matches('\n').count(), s.split_whitespace().count(), s.len());
                    let out = match flags.as_str() {
                        "l" => l.to_string(),
                        "w" => w.to_string(),
                        "c" => c.to_string(),
                        _ => format!("{l:>9} {w:>9} {c:>9}"),
                    };
                    io.out.line(&out);
                    0
                }
                Err(c) => c,
            }
        }
        "hostname" => {
            let h = ct.sys.cluster().store().pods().get(&ct.pod).map(|p| p.hostname().to_string()).unwrap_or_default();
            if args.first().map(String::as_str) == Some("-i") {
                let ip = ct.sys.cluster().net().pod_ip(&ct.pod).map(|i| i.to_string()).unwrap_or_default();
                io.out.line(&ip);
            } else {
                io.out.line(&h);
            }
            0
        }
        "env" | "printenv" => {
            if let (Some(var), "printenv") = (args.first(), name) {
                return match ct.env.get(var) {
                    Some(v) => {
                        io.out.line(v);
                        0
                    }
                    None => 1,
                };
            }
            for (k, v) in &ct.env {
                io.out.line(&format!("{k}={v}"));
            }
            0
        }
        "pwd" => {
            io.out.line(&ct.cwd());
            0
        }
        "id" => {
            io.out.line("uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)");
            0
        }
        "whoami" => {
            io.out.line("root");
            0
        }
        "date" => {
            io.out.line(&date(ct));
            0
        }
        "uname" => {
            let host =
                ct.sys.cluster().store().pods().get(&ct.pod).map(|p| p.hostname().to_string()).unwrap_or_default();
            let out = match args.first().map(String::as_str) {
                Some("-a") => format!("Linux {host} 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 Linux"),
                Some("-r") => "6.8.0-45-generic".into(),
                Some("-n") => host,
                Some("-m") => "x86_64".into(),
                _ => "Linux".into(),
            };
            io.out.line(&out);
            0
        }
        "seq" => {
            let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
            let (first, step, last) = match nums.as_slice() {
                [l] => (1, 1, *l),
                [f, l] => (*f, 1, *l),
                [f, s, l] => (*f, *s, *l),
                _ => return 1,
            };
            if step == 0 {
                return 1;
            }
            let mut i = first;
            let mut n = 0;
            while (step > 0 && i <= last) || (step < 0 && i >= last) {
                io.out.line(&i.to_string());
                i += step;
                n += 1;
                if n > 100_000 {
                    break;
                }
            }
            0
        }
        "basename" => {
            let p = args.first().map(String::as_str).unwrap_or("");
            io.out.line(p.trim_end_matches('/').rsplit('/').next().unwrap_or(""));
            0
        }
        "dirname" => {
            let p = args.first().map(String::as_str).unwrap_or("");
            let d = match p.trim_end_matches('/').rsplit_once('/') {
                Some(("", _)) => "/",
                Some((d, _)) => d,
                None => ".",
            };
            io.out.line(d);
            0
        }
        "which" => {
            let mut status = 0;
            for a in args {
                if ct.image.has_bin(a) {
                    io.out.line(&format!("/bin/{a}"));
                } else {
                    status = 1;
                }
            }
            status
        }
        "ls" => {
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
            status
        }
        other => {
            io.err.line(&format!("sh: {other}: not found"));
            127
        }
    }
}
