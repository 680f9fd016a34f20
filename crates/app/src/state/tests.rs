//! The page's behaviour without a browser: actions in, state and effects out.

use super::*;
use crate::config::PageConfig;
use kubectl::session::link;

fn page(url: &str, saved: Saved) -> Page {
    Page::new(PageConfig::parse(url), saved)
}

/// Types `line` and lets cluster time pass until it is done; returns the effects.
fn type_line(p: &mut Page, line: &str) -> Vec<Effect> {
    let mut fx = p.reduce(Action::Input(line.into())).1;
    fx.extend(p.reduce(Action::Key { key: "Enter".into(), ctrl: false }).1);
    for _ in 0..10_000 {
        if !p.busy() {
            break;
        }
        fx.extend(p.reduce(Action::Tick(50.0)).1);
    }
    assert!(!p.busy(), "{line} did not finish");
    fx
}

fn screen_text(p: &Page) -> String {
    p.screen().text()
}

fn saves(fx: &[Effect]) -> Vec<&String> {
    fx.iter().filter_map(|e| if let Effect::Save(v) = e { Some(v) } else { None }).collect()
}

/// Lets `ms` of real time pass in ticks of 50 ms.
fn wait(p: &mut Page, ms: u32) -> Vec<Effect> {
    (0..ms / 50).flat_map(|_| p.reduce(Action::Tick(50.0)).1).collect()
}

#[test]
fn a_fresh_page_shows_the_banner_and_the_example() {
    let p = page("http://h/?seed=7", Saved::default());
    assert!(screen_text(&p).starts_with("kubeplay: a simulated cluster"));
    assert_eq!(p.files(), vec!["sleep/sleep1.yaml", "sleep/sleep2-service.yaml", "sleep/sleep2.yaml"]);
    assert_eq!(p.active.as_deref(), Some("sleep/sleep1.yaml"));
    assert!(p.notice.is_none() && p.dialog.is_none());
}

#[test]
fn a_reload_restores_the_whole_session() {
    let mut p = page("http://h/?seed=7&speed=10", Saved::default());
    let mut fx = type_line(&mut p, "kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml");
    fx.extend(type_line(&mut p, "kubectl wait --for=condition=Ready pod -l app=sleep-2"));
    fx.extend(p.reduce(Action::Select("sleep/sleep2.yaml".into())).1);
    fx.extend(p.reduce(Action::Edit("# edited\n".into())).1);
    fx.extend(wait(&mut p, 6000));
    fx.extend(p.reduce(Action::Hidden).1);
    let saved = saves(&fx).last().map(|s| s.to_string()).unwrap_or_else(|| panic!("nothing saved: {fx:?}"));
    let before = screen_text(&p);
    assert!(before.contains("condition met"), "{before}");
    let elapsed = p.player().elapsed();

    let q = page("http://h/", Saved { session: Some(saved), old_files: None });
    assert_eq!(screen_text(&q), before);
    assert_eq!(q.player().elapsed(), elapsed, "the cluster is as old as when it was saved");
    assert_eq!(q.active.as_deref(), Some("sleep/sleep2.yaml"));
    assert_eq!(q.active_text().as_deref(), Some("# edited\n"));
    assert_eq!(q.view, p.view, "same pods, IPs and statuses");
    assert!(q.notice.is_none());
}

#[test]
fn the_files_of_the_old_storage_are_kept() {
    let mut files = BTreeMap::new();
    files.insert("mine.yaml".to_string(), "kind: Pod\n".to_string());
    let p = page("http://h/", Saved { session: None, old_files: Some(files) });
    assert_eq!(p.files(), vec!["mine.yaml"]);
}

#[test]
fn a_share_link_opens_the_same_session_anywhere() {
    let mut p = page("http://h/k/?seed=7&speed=10", Saved::default());
    type_line(&mut p, "kubectl apply -f sleep/sleep1.yaml");
    type_line(&mut p, "kubectl get pods -o wide");
    let fx = p.reduce(Action::Share).1;
    let url = match &p.dialog {
        Some(Dialog::Share { url, .. }) => url.clone(),
        d => panic!("no share dialog: {d:?}"),
    };
    assert!(url.starts_with("http://h/k/#s=1."), "{url}");
    assert!(fx.contains(&Effect::Copy(url.clone())));
    p.reduce(Action::Copied(true));
    assert_eq!(p.dialog, Some(Dialog::Share { url: url.clone(), copied: Some(true) }));

    // A visitor with nothing saved: the link opens at once, and the fragment is dropped.
    let mut q = page(&url, Saved::default());
    assert!(q.dialog.is_none());
    assert_eq!(screen_text(&q), screen_text(&p));
    assert_eq!(q.view, p.view);
    let fx = q.reduce(Action::Tick(0.0)).1;
    assert!(fx.contains(&Effect::ClearFragment), "{fx:?}");
    assert_eq!(saves(&fx).len(), 1, "the opened link is saved at once, for a reload: {fx:?}");
}

#[test]
fn a_link_never_replaces_saved_work_without_asking() {
    let mut mine = page("http://h/?seed=1", Saved::default());
    type_line(&mut mine, "kubectl create -f sleep/sleep2.yaml");
    let saved = link::encode(&mine.player().record()).unwrap_or_else(|e| panic!("{e}"));
    let mut theirs = page("http://h/?seed=9", Saved::default());
    type_line(&mut theirs, "kubectl apply -f sleep/sleep1.yaml");
    let url = theirs.share_url().unwrap_or_else(|e| panic!("{e}"));

    let open = |saved: &str| page(&url, Saved { session: Some(saved.to_string()), old_files: None });
    let mut p = open(&saved);
    assert!(matches!(p.dialog, Some(Dialog::OpenLink { theirs: 1, mine: 1, .. })), "{:?}", p.dialog);
    assert_eq!(screen_text(&p), screen_text(&mine), "their own session stays until they choose");
    let fx = p.reduce(Action::KeepMine).1;
    assert!(saves(&fx).iter().all(|s| **s == saved));
    assert_eq!(screen_text(&p), screen_text(&mine));

    let mut p = open(&saved);
    let fx = p.reduce(Action::OpenShared).1;
    assert_eq!(screen_text(&p), screen_text(&theirs));
    let s = saves(&fx);
    assert_eq!(s.len(), 1, "the opened session is saved at once: {fx:?}");
}

#[test]
fn bad_links_give_a_message_and_keep_the_saved_session() {
    let mut mine = page("http://h/?seed=1", Saved::default());
    type_line(&mut mine, "echo mine");
    let saved = link::encode(&mine.player().record()).unwrap_or_else(|e| panic!("{e}"));
    let good = mine.share_url().unwrap_or_else(|e| panic!("{e}"));
    let cut = &good[..good.len() - 12];
    let newer = "http://h/#s=7.eJyrVkrOzy0oSi0uTk1RslJQKs8vyklRAgA";
    for (url, says) in [(cut, "damaged"), (newer, "newer kubeplay"), ("http://h/#s=1.%%%", "damaged")] {
        let mut p = page(url, Saved { session: Some(saved.clone()), old_files: None });
        let notice = p.notice.clone().unwrap_or_default();
        assert!(notice.contains(says) && notice.contains("Your own session is unchanged"), "{url}: {notice}");
        assert_eq!(screen_text(&p), screen_text(&mine));
        let fx = p.reduce(Action::Tick(6000.0)).1;
        for s in saves(&fx) {
            let s = link::decode(s).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s.journal, mine.player().record().journal, "the saved session is not overwritten");
        }
        p.reduce(Action::DismissNotice);
        assert!(p.notice.is_none());
    }
}

#[test]
fn a_saved_session_that_does_not_open_is_backed_up() {
    let mut p = page("http://h/", Saved { session: Some("1.garbage".into()), old_files: None });
    assert!(p.notice.as_deref().is_some_and(|n| n.contains(STORE_BROKEN)));
    let fx = p.reduce(Action::Tick(0.0)).1;
    assert!(fx.contains(&Effect::Backup("1.garbage".into())), "{fx:?}");
}

#[test]
fn reset_starts_over() {
    let mut p = page("http://h/?seed=3", Saved::default());
    type_line(&mut p, "kubectl apply -f sleep/sleep1.yaml");
    p.reduce(Action::File(FileOp::New("extra.yaml".into())));
    let fx = p.reduce(Action::Reset).1;
    assert!(p.player().record().is_blank());
    assert!(!p.files().contains(&"extra.yaml".to_string()));
    assert!(!screen_text(&p).contains("sleep-1 created"));
    assert_eq!(saves(&fx).len(), 1, "the fresh session is saved at once");
}

#[test]
fn ctrl_c_and_history_and_clear_are_part_of_the_session() {
    let mut p = page("http://h/?speed=10", Saved::default());
    p.reduce(Action::Input("kubectl exec deploy/sleep-1 -- ping x".into()));
    p.reduce(Action::Key { key: "c".into(), ctrl: true });
    assert!(screen_text(&p).ends_with("$ kubectl exec deploy/sleep-1 -- ping x^C\n"));
    p.reduce(Action::Input("sleep 100".into()));
    p.reduce(Action::Key { key: "Enter".into(), ctrl: false });
    assert!(p.busy());
    p.reduce(Action::Key { key: "c".into(), ctrl: true });
    assert!(!p.busy());
    type_line(&mut p, "echo after");
    assert!(screen_text(&p).ends_with("$ echo after\nafter\n"), "{}", screen_text(&p));
    p.reduce(Action::Key { key: "ArrowUp".into(), ctrl: false });
    assert_eq!(p.input, "echo after");
    p.reduce(Action::Key { key: "ArrowUp".into(), ctrl: false });
    assert_eq!(p.input, "sleep 100");
    p.reduce(Action::Key { key: "ArrowDown".into(), ctrl: false });
    p.reduce(Action::Key { key: "ArrowDown".into(), ctrl: false });
    assert_eq!(p.input, "");
    p.reduce(Action::Key { key: "l".into(), ctrl: true });
    assert_eq!(screen_text(&p), "");
    let q = page(&p.share_url().unwrap_or_else(|e| panic!("{e}")), Saved::default());
    assert_eq!(screen_text(&q), "");
    assert_eq!(q.player().console().history(), p.player().console().history());
}

#[test]
fn storage_that_refuses_is_reported_once_and_the_session_goes_on() {
    let mut p = page("http://h/?speed=10", Saved::default());
    type_line(&mut p, "echo one");
    p.reduce(Action::SaveFailed);
    let n = p.notice.clone().unwrap_or_default();
    assert!(n.contains("would not save"), "{n}");
    p.reduce(Action::DismissNotice);
    p.reduce(Action::SaveFailed);
    assert!(p.notice.is_none(), "said once");
    type_line(&mut p, "echo two");
    assert!(screen_text(&p).ends_with("$ echo two\ntwo\n"));
}

#[test]
fn the_open_file_is_checked_after_the_first_frame_and_after_every_change() {
    let mut p = page("http://h/", Saved::default());
    assert!(p.yaml_error.is_none());
    p.reduce(Action::Tick(0.0));
    assert!(p.yaml_error.is_none(), "the example is valid YAML");
    p.reduce(Action::Edit("a: [\n".into()));
    assert!(p.yaml_error.as_ref().is_some_and(|(line, _, _)| *line == 2), "{:?}", p.yaml_error);
    // The console writes files too.
    type_line(&mut p, "echo 'kind: Pod' > sleep/sleep1.yaml");
    assert!(p.yaml_error.is_none(), "{:?}", p.yaml_error);
}

mod embed {
    use super::*;

    const URL: &str = "http://h/k/?embed=1&id=ch03&origin=https://tutor.example&speed=10";

    fn posts(fx: &[Effect]) -> Vec<(&str, &Outgoing)> {
        fx.iter()
            .filter_map(|e| if let Effect::Post { origin, msg } = e { Some((origin.as_str(), msg)) } else { None })
            .collect()
    }

    /// An embed page whose start-up effects (its "ready") were handed out.
    fn embed(url: &str) -> Page {
        let mut p = page(url, Saved::default());
        p.reduce(Action::Tick(0.0));
        p
    }

    fn msg(p: &mut Page, origin: &str, data: Incoming) -> Vec<Effect> {
        p.reduce(Action::Message { origin: origin.into(), from_parent: true, data }).1
    }

    fn run_until_done(p: &mut Page, mut fx: Vec<Effect>) -> Vec<Effect> {
        for _ in 0..10_000 {
            if posts(&fx).iter().any(|(_, m)| matches!(m, Outgoing::Done { .. })) {
                break;
            }
            fx.extend(p.reduce(Action::Tick(50.0)).1);
        }
        fx
    }

    #[test]
    fn says_ready_and_runs_commands_for_its_page() {
        let mut p = page(URL, Saved { session: Some("1.ignored".into()), old_files: None });
        assert!(p.notice.is_none(), "an embed never reads the saved session");
        let fx = p.reduce(Action::Tick(0.0)).1;
        assert_eq!(posts(&fx), vec![("https://tutor.example", &Outgoing::Ready)]);
        assert!(saves(&fx).is_empty());
        let fx = msg(
            &mut p,
            "https://tutor.example",
            Incoming::Run { id: MsgId::Num(1.0), command: "kubectl get nodes".into() },
        );
        let fx = run_until_done(&mut p, fx);
        let done = posts(&fx).into_iter().find_map(|(o, m)| match m {
            Outgoing::Done { id, command, status, output } => {
                Some((o, id.clone(), command.clone(), *status, output.clone()))
            }
            _ => None,
        });
        let (origin, id, command, status, output) = done.unwrap_or_else(|| panic!("no done: {fx:?}"));
        assert_eq!(
            (origin, id, command.as_str(), status),
            ("https://tutor.example", MsgId::Num(1.0), "kubectl get nodes", 0)
        );
        assert!(output.starts_with("NAME "), "{output}");
        assert!(screen_text(&p).contains("$ kubectl get nodes\nNAME "));
        let streamed: String = posts(&fx)
            .iter()
            .filter_map(|(_, m)| if let Outgoing::Output { text, .. } = m { Some(text.as_str()) } else { None })
            .collect();
        assert_eq!(streamed, output);
        assert!(wait(&mut p, 10_000).iter().all(|e| !matches!(e, Effect::Save(_))), "an embed never saves");
    }

    #[test]
    fn requests_queue_and_run_in_order() {
        let mut p = embed(URL);
        let o = "https://tutor.example";
        let mut fx = msg(&mut p, o, Incoming::Run { id: MsgId::Str("a".into()), command: "sleep 2; echo one".into() });
        fx.extend(msg(&mut p, o, Incoming::Run { id: MsgId::Str("b".into()), command: "echo two".into() }));
        for _ in 0..200 {
            fx.extend(p.reduce(Action::Tick(50.0)).1);
        }
        let done: Vec<(MsgId, String)> = posts(&fx)
            .iter()
            .filter_map(|(_, m)| {
                if let Outgoing::Done { id, output, .. } = m {
                    Some((id.clone(), output.clone()))
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(done, vec![(MsgId::Str("a".into()), "one\n".into()), (MsgId::Str("b".into()), "two\n".into())]);
    }

    #[test]
    fn only_the_named_origins_and_the_parent_are_obeyed() {
        let mut p = embed(URL);
        let run = || Incoming::Run { id: MsgId::Num(1.0), command: "echo pwned".into() };
        assert!(msg(&mut p, "https://evil.example", run()).is_empty());
        let fx =
            p.reduce(Action::Message { origin: "https://tutor.example".into(), from_parent: false, data: run() }).1;
        assert!(fx.is_empty());
        wait(&mut p, 1000);
        assert!(!screen_text(&p).contains("pwned"));
        // A full page takes no orders at all.
        let mut full = page("http://h/", Saved::default());
        assert!(msg(&mut full, "http://h", run()).is_empty());
        assert!(!screen_text(&full).contains("pwned"));
    }

    #[test]
    fn bad_requests_get_an_error_reply() {
        let mut p = embed(URL);
        let o = "https://tutor.example";
        let fx = msg(&mut p, o, Incoming::Run { id: MsgId::Num(2.0), command: "echo a\necho b".into() });
        assert!(matches!(posts(&fx).as_slice(), [(_, Outgoing::Error { id: MsgId::Num(_), .. })]), "{fx:?}");
        let fx = msg(&mut p, o, Incoming::Run { id: MsgId::Num(3.0), command: "x".repeat(20_000) });
        assert!(matches!(posts(&fx).as_slice(), [(_, Outgoing::Error { .. })]));
        let fx = msg(&mut p, o, Incoming::Invalid { id: MsgId::Null, message: "no".into() });
        assert!(matches!(posts(&fx).as_slice(), [(_, Outgoing::Error { .. })]));
    }

    #[test]
    fn learner_lines_are_reported_and_open_in_kubeplay_carries_the_session() {
        let mut p = embed(URL);
        let fx = type_line(&mut p, "echo typed");
        let done = posts(&fx).into_iter().find_map(|(o, m)| match m {
            Outgoing::Done { id, output, .. } => Some((o.to_string(), id.clone(), output.clone())),
            _ => None,
        });
        assert_eq!(done, Some(("https://tutor.example".into(), MsgId::Null, "typed\n".into())));
        let fx = p.reduce(Action::Share).1;
        let url = fx.iter().find_map(|e| if let Effect::OpenWindow(u) = e { Some(u.clone()) } else { None });
        let url = url.unwrap_or_else(|| panic!("{fx:?}"));
        assert!(url.starts_with("http://h/k/#s=1."), "{url}");
        let full = page(&url, Saved::default());
        assert!(!full.config.embed);
        assert!(screen_text(&full).contains("$ echo typed\ntyped\n"));
        let fx = msg(&mut p, "https://tutor.example", Incoming::Session { id: MsgId::Num(5.0) });
        assert!(matches!(posts(&fx).as_slice(), [(_, Outgoing::Session { url, .. })] if url.contains("#s=1.")));
    }

    #[test]
    fn commands_in_the_url_run_on_load() {
        let mut p = page("http://h/?embed&cmd=echo+one&cmd=kubectl+get+ns+default", Saved::default());
        let fx = p.reduce(Action::Tick(0.0)).1;
        assert_eq!(posts(&fx), vec![("*", &Outgoing::Ready)], "ready carries nothing, so any parent may hear it");
        for _ in 0..100 {
            p.reduce(Action::Tick(50.0));
        }
        let t = screen_text(&p);
        assert!(t.contains("$ echo one\none\n$ kubectl get ns default\nNAME "), "{t}");
    }
}
