//! What the page was asked to be, parsed once from its URL: the full page or an embed, which
//! panes, theme, speed, seed, commands to run on load, the embed's id and the origins that may
//! drive it, and a session from the fragment (`#s=...`). Pure: the URL comes in as a string.

use kubectl::session::link::{self, LinkError};
use kubectl::session::Session;

/// Default seed of a new session (a share link carries its own).
pub const DEFAULT_SEED: u64 = 2026;
/// Longest console line accepted from a URL or a message.
pub const MAX_COMMAND: usize = 10_000;
/// Commands a URL may ask to run on load.
pub const MAX_COMMANDS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panes {
    pub editor: bool,
    pub console: bool,
    pub cluster: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageConfig {
    pub embed: bool,
    pub panes: Panes,
    pub theme: Theme,
    /// Pixel height of an embed's panes (`None`: the whole frame).
    pub height: Option<u32>,
    pub seed: Option<u64>,
    pub speed: Option<u32>,
    /// Console lines to type on load, in order.
    pub commands: Vec<String>,
    /// The session in the fragment, if there is one.
    pub link: Option<Result<Session, LinkError>>,
    /// An embed's name in its messages.
    pub id: Option<String>,
    /// Origins allowed to drive an embed (empty: any parent).
    pub origins: Vec<String>,
    /// The page's own address without query or fragment (share links start with it).
    pub base: String,
}

impl PageConfig {
    /// Parses a page address (`location.href`).
    pub fn parse(href: &str) -> PageConfig {
        let (rest, fragment) = href.split_once('#').unwrap_or((href, ""));
        let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
        let params: Vec<(String, String)> = query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect();
        let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let embed = get("embed").is_some_and(|v| v != "0" && v != "false");
        let panes = match get("panes") {
            Some(list) => {
                let has = |p: &str| list.split(',').any(|x| x.trim() == p);
                Panes { editor: has("editor"), console: has("console"), cluster: has("cluster") }
            }
            None => Panes { editor: !embed, console: true, cluster: !embed },
        };
        // A page with no console pane would be useless: it always has one.
        let panes = Panes { console: true, ..panes };
        let commands = params
            .iter()
            .filter(|(k, _)| k == "cmd")
            .map(|(_, v)| v.clone())
            .filter(|c| c.chars().count() <= MAX_COMMAND && !c.contains(['\n', '\r']))
            .take(MAX_COMMANDS)
            .collect();
        PageConfig {
            embed,
            panes,
            theme: if get("theme") == Some("light") { Theme::Light } else { Theme::Dark },
            height: get("height")
                .and_then(|h| h.parse::<u64>().ok())
                .filter(|h| (80..=4000).contains(h))
                .map(|h| h as u32),
            seed: get("seed").and_then(|s| s.parse().ok()),
            speed: get("speed").and_then(|s| s.parse::<u64>().ok()).filter(|s| (1..=100).contains(s)).map(|s| s as u32),
            commands,
            link: link::has_session(fragment).then(|| link::decode(&format!("#{fragment}"))),
            id: get("id").map(|s| s.chars().take(100).collect()),
            origins: get("origin")
                .map(|o| o.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default(),
            base: base.to_string(),
        }
    }

    /// The full page's address for a share fragment (`#s=...`).
    pub fn share_url(&self, fragment: &str) -> String {
        format!("{}{fragment}", self.base)
    }
}

/// `application/x-www-form-urlencoded` decoding, as `URLSearchParams` does it.
pub fn decode(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let mut peek = bytes.clone();
                let hex = |c: Option<u8>| c.and_then(|c| char::from(c).to_digit(16));
                match (hex(peek.next()), hex(peek.next())) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        bytes = peek;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
    }
    // Not UTF-8: no parameter kubeplay knows looks like that.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_page_defaults() {
        let c = PageConfig::parse("http://127.0.0.1:8080/sub/dir/?seed=7&speed=10");
        assert!(!c.embed);
        assert_eq!(c.panes, Panes { editor: true, console: true, cluster: true });
        assert_eq!((c.seed, c.speed), (Some(7), Some(10)));
        assert_eq!(c.base, "http://127.0.0.1:8080/sub/dir/");
        assert!(c.link.is_none());
    }

    #[test]
    fn embed_options() {
        let c = PageConfig::parse(
            "https://h/k/index.html?embed=1&id=ch03&origin=https%3A%2F%2Ftutor.example&panes=console,cluster&theme=light&height=300&cmd=kubectl+get+pods&cmd=echo%20%22hi%22&cmd=a%0Ab",
        );
        assert!(c.embed);
        assert_eq!(c.panes, Panes { editor: false, console: true, cluster: true });
        assert_eq!(c.theme, Theme::Light);
        assert_eq!(c.height, Some(300));
        assert_eq!(c.commands, vec!["kubectl get pods", "echo \"hi\""], "a line with a newline is dropped");
        assert_eq!(c.id.as_deref(), Some("ch03"));
        assert_eq!(c.origins, vec!["https://tutor.example"]);
        assert_eq!(c.base, "https://h/k/index.html");
        let bare = PageConfig::parse("https://h/?embed&panes=editor");
        assert!(bare.embed && bare.panes.console && bare.panes.editor && !bare.panes.cluster);
    }

    #[test]
    fn a_fragment_with_a_session_is_decoded() {
        let c = PageConfig::parse("https://h/#s=1.AAAA");
        assert!(matches!(c.link, Some(Err(_))));
        let c = PageConfig::parse("https://h/#top");
        assert!(c.link.is_none());
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("%E2%82%AC+%zz"), "€ %zz");
        assert_eq!(decode("%FF"), "");
    }
}
