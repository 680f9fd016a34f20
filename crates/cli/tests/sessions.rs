//! `kubeplay run --record`, `replay`, `share` and `open`, through the binary as a script would
//! use them: a recorded session replays to the transcript `run` printed, and its share link
//! opens to the same transcript.

use std::path::PathBuf;
use std::process::{Command, Output};

fn kubeplay(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kubeplay runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("kubeplay ends")
}

fn text(o: &Output) -> String {
    assert!(o.status.success(), "kubeplay failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    dir.join(format!("{}-{name}", std::process::id()))
}

const SCRIPT: &str = "kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml
kubectl wait --for=condition=Ready pod -l app=sleep-2
kubectl exec deploy/sleep-1 -- ping -c 2 $(kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}')
kubectl apply -f sleep/sleep2-service.yaml
kubectl get svc sleep-2
kubectl exec deploy/sleep-1 -- ping -c 1 sleep-2
kubectl get pods -o wide
";

#[test]
fn record_replay_share_open() {
    let file = tmp("session.json");
    let f = file.to_str().expect("utf-8 path");
    let ran = text(&kubeplay(&["run", "--seed", "7", "--record", f], SCRIPT));
    assert!(ran.contains("100% packet loss") && ran.contains("seq=1"), "{ran}");

    let replayed = text(&kubeplay(&["replay", f], ""));
    assert_eq!(replayed, ran, "replay prints what run printed");

    let link = text(&kubeplay(&["share", f, "--base", "https://kubeplay.example/play/"], ""));
    let link = link.trim();
    assert!(link.starts_with("https://kubeplay.example/play/#s=1."), "{link}");
    assert!(link.len() < 1000, "{} characters", link.len());

    let opened = text(&kubeplay(&["open", link], ""));
    assert_eq!(opened, ran, "the link opens to the same transcript");
    let fragment = &link[link.find('#').expect("fragment")..];
    assert_eq!(text(&kubeplay(&["open", fragment], "")), ran);

    // What `open --record` writes is the same session again.
    let again = tmp("again.json");
    let a = again.to_str().expect("utf-8 path");
    text(&kubeplay(&["open", link, "--record", a], ""));
    assert_eq!(std::fs::read_to_string(&file).ok(), std::fs::read_to_string(&again).ok());
}

#[test]
fn bad_links_and_files_fail_with_a_message() {
    let o = kubeplay(&["open", "https://kubeplay.example/#s=1.eJzLSM3JyVcozy/KSQEAGgQEXQ"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("damaged"), "{o:?}");
    let o = kubeplay(&["open", "#s=3.AAAA"], "");
    assert!(String::from_utf8_lossy(&o.stderr).contains("newer kubeplay"), "{o:?}");
    let o = kubeplay(&["replay", "/nonexistent/session.json"], "");
    assert_eq!(o.status.code(), Some(1));
    let o = kubeplay(&["open"], "");
    assert_eq!(o.status.code(), Some(2));
}
