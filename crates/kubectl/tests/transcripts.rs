//! Golden transcripts: every `tests/transcripts/*.md` at the repository root holds console
//! blocks of `$ command` lines and the exact output a real cluster prints. Each file runs
//! in-process against a fresh cluster (seed and think time from its header comment), through
//! the same path as `kubeplay run`. `BLESS=1 cargo test --test transcripts` rewrites the
//! expected output after a deliberate change.

use kubectl::session::{Entry, Player, Session};
use std::path::{Path, PathBuf};

/// One ```console block (commands and the whole expected text), or a file block
/// (```yaml file=path) whose content is written into the workspace when reached.
struct Block {
    start: usize,
    end: usize,
    commands: Vec<String>,
    expected: String,
    file: Option<(String, String)>,
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim();
        let file =
            fence.strip_prefix("```").and_then(|info| info.split_whitespace().find_map(|w| w.strip_prefix("file=")));
        if fence == "```console" || file.is_some() {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].trim() != "```" {
                end += 1;
            }
            let body = &lines[start..end];
            let mut text = body.join("\n");
            text.push('\n');
            if let Some(path) = file {
                out.push(Block {
                    start,
                    end,
                    commands: vec![],
                    expected: String::new(),
                    file: Some((path.to_string(), text)),
                });
            } else {
                let commands = body.iter().filter_map(|l| l.strip_prefix("$ ")).map(str::to_string).collect();
                out.push(Block { start, end, commands, expected: text, file: None });
            }
            i = end;
        }
        i += 1;
    }
    out
}

fn header_number(text: &str, key: &str, default: u64) -> u64 {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("<!--"))
        .flat_map(|l| l.trim_end_matches("-->").split(','))
        .filter_map(|kv| kv.split_once(':'))
        .find(|(k, _)| k.trim() == key)
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(default)
}

fn run_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let seed = header_number(&text, "seed", 1);
    let think = header_number(&text, "think", 5);
    let mut player = Player::new(&Session::example(seed));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut failures = Vec::new();
    // Blocks share one cluster, in order; replace from the last so line numbers hold.
    let mut results = Vec::new();
    for b in blocks(&text) {
        if let Some((path, content)) = &b.file {
            player.apply(Entry::Write { path: path.clone(), text: content.clone() });
            continue;
        }
        let mut got = String::new();
        player.run_script(&b.commands.join("\n"), think * 1000, &mut |t| got.push_str(t));
        if got != b.expected {
            failures.push(format!(
                "{}:{}: block differs\n--- expected\n{}--- got\n{}",
                path.display(),
                b.start,
                b.expected,
                got
            ));
        }
        results.push((b.start, b.end, got));
    }
    if std::env::var_os("BLESS").is_some() {
        for (start, end, got) in results.into_iter().rev() {
            let new: Vec<String> = got.lines().map(str::to_string).collect();
            lines.splice(start..end, new);
        }
        std::fs::write(path, lines.join("\n") + "\n").map_err(|e| e.to_string())?;
        return Ok(());
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn transcript_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn golden_transcripts() {
    let files = transcript_files();
    assert!(!files.is_empty(), "no transcripts found");
    let mut errors = Vec::new();
    for f in &files {
        if let Err(e) = run_file(f) {
            errors.push(e);
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
    println!("{} transcript files passed", files.len());
}

#[test]
fn same_seed_same_transcript_other_seed_other_cluster() {
    let script = "kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml\nkubectl get pods -o wide\nkubectl exec deploy/sleep-1 -- ping -c 2 $(kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}')\n";
    let run = |seed| {
        let mut p = Player::new(&Session::example(seed));
        let mut out = String::new();
        p.run_script(script, 5000, &mut |t| out.push_str(t));
        out
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}
