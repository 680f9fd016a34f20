//! Golden share links: every `tests/links/*.md` at the repository root holds one link, exactly
//! as a released kubeplay made it, and the transcript it restores. Links are forever: the
//! link text is never rewritten; `BLESS=1 cargo test --test links` rewrites only the expected
//! transcript, after a deliberate change in what the simulation prints.

use kubectl::session::{link, Player};
use std::path::{Path, PathBuf};

/// The text of the first fenced block after a line starting with `heading`, and its line range.
fn block<'a>(lines: &[&'a str], heading: &str) -> Option<(usize, usize, Vec<&'a str>)> {
    let at = lines.iter().position(|l| l.starts_with(heading))?;
    let start = at + lines.get(at..)?.iter().position(|l| l.starts_with("```"))? + 1;
    let len = lines.get(start..)?.iter().position(|l| l.starts_with("```"))?;
    Some((start, start + len, lines.get(start..start + len)?.to_vec()))
}

fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let lines: Vec<&str> = text.lines().collect();
    let (_, _, link_lines) = block(&lines, "Link:").ok_or("no `Link:` block")?;
    let url = link_lines.concat();
    let (start, end, expected) = block(&lines, "Transcript:").ok_or("no `Transcript:` block")?;
    let session = link::decode(&url).map_err(|e| format!("the link does not open: {e}"))?;
    let mut p = Player::new(&session);
    p.keep_transcript();
    p.replay(&session);
    let got = p.transcript();
    let want = expected.iter().map(|l| format!("{l}\n")).collect::<String>();
    if std::env::var_os("BLESS").is_some() {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        out.splice(start..end, got.lines().map(str::to_string));
        std::fs::write(path, out.join("\n") + "\n").map_err(|e| e.to_string())?;
        return Ok(());
    }
    if got == want {
        Ok(())
    } else {
        Err(format!("the transcript differs\n--- expected\n{want}--- got\n{got}"))
    }
}

#[test]
fn golden_links_open_to_their_transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/links");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")).collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no golden links in {}", dir.display());
    let errors: Vec<String> =
        files.iter().filter_map(|f| check(f).err().map(|e| format!("{}: {e}", f.display()))).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
}
