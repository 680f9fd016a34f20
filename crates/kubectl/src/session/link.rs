//! A session as the fragment of a share link: `#s=1.<data>`, where `1` is the format version
//! and `<data>` is URL-safe base64 of a zlib stream of the session's bytes ([`to_bytes`]).
//! Every format ever released keeps decoding here; a newer one is refused with a message that
//! says so.
//!
//! Times are deltas in ms (each step from the one before, `elapsed` from the last step).
//! Step kinds: 1 line, 2 Ctrl-C, 3 Ctrl-C at the prompt, 4 Ctrl-L, 5 write, 6 rename,
//! 7 delete. Files `0` are the chapter 3.1 workspace as format 1 knew it ([`EXAMPLE_1`]).

use super::{Entry, Record, Session};
use crate::codec::{base64, deflate, inflate};
use std::collections::BTreeMap;
use std::fmt;

/// The format links are written in.
pub const VERSION: u32 = 1;
/// The longest link fragment accepted (characters).
pub const MAX_LINK: usize = 64 * 1024;
/// The most a link may unpack to (bytes).
pub const MAX_DATA: usize = 4 << 20;

/// The workspace `"files":"example"` stands for in format 1. Never change it: links made
/// with it must open the same forever (a new example gets a new name).
pub const EXAMPLE_1: &[(&str, &str)] = crate::workspace::EXAMPLE;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// No `s=` fragment, or not ours.
    NotALink,
    /// Made by a newer kubeplay.
    Newer(u32),
    TooLong(usize),
    /// Truncated or corrupted on the way.
    Damaged(String),
    /// Decodes, but is not a session this version can replay.
    Invalid(String),
    /// A session too big to put in a link.
    TooBig(usize),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => write!(f, "this is not a kubeplay session link"),
            LinkError::Newer(v) => write!(
                f,
                "this link was made by a newer kubeplay (link format {v}; this page reads formats up to {VERSION}): reload the page to get the newest version"
            ),
            LinkError::TooLong(n) => write!(f, "this link is too long ({n} characters; the limit is {MAX_LINK})"),
            LinkError::Damaged(why) => write!(f, "this link is damaged ({why}): it may have been cut short when copied"),
            LinkError::Invalid(why) => write!(f, "this link holds a session kubeplay cannot open: {why}"),
            LinkError::TooBig(n) => write!(
                f,
                "this session is too big for a link ({n} characters; the limit is {MAX_LINK}): delete large files or start a new session"
            ),
        }
    }
}

/// The example workspace of format 1, as files.
pub fn example_files() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for (p, t) in EXAMPLE_1 {
        m.insert(p.to_string(), t.to_string());
    }
    m
}

/// Step tags, as the bytes of format 1 and the letters of the JSON record.
const TAGS: [(u8, &str); 7] = [(1, "l"), (2, "i"), (3, "c"), (4, "k"), (5, "w"), (6, "r"), (7, "d")];

pub(super) fn tag(e: &Entry) -> u8 {
    match e {
        Entry::Line(_) => 1,
        Entry::Interrupt => 2,
        Entry::Cancel(_) => 3,
        Entry::ClearScreen => 4,
        Entry::Write { .. } => 5,
        Entry::Rename { .. } => 6,
        Entry::Delete(_) => 7,
    }
}

pub(super) fn tag_letter(t: u8) -> &'static str {
    TAGS.iter().find(|(b, _)| *b == t).map_or("?", |(_, l)| l)
}

pub(super) fn tag_of_letter(l: &str) -> Option<u8> {
    TAGS.iter().find(|(_, x)| *x == l).map(|(b, _)| *b)
}

/// The strings a step of kind `tag` carries.
pub(super) fn arity(tag: u8) -> usize {
    match tag {
        2 | 4 => 0,
        5 | 6 => 2,
        _ => 1,
    }
}

/// A step from its kind and strings (which [`arity`] says how many there are).
pub(super) fn entry(tag: u8, mut args: Vec<String>) -> Option<Entry> {
    let b = args.pop();
    let a = args.pop();
    Some(match (tag, a, b) {
        (1, None, Some(l)) => Entry::Line(l),
        (2, None, None) => Entry::Interrupt,
        (3, None, Some(t)) => Entry::Cancel(t),
        (4, None, None) => Entry::ClearScreen,
        (5, Some(path), Some(text)) => Entry::Write { path, text },
        (6, Some(from), Some(to)) => Entry::Rename { from, to },
        (7, None, Some(p)) => Entry::Delete(p),
        _ => return None,
    })
}

pub(super) fn args(e: &Entry) -> Vec<&str> {
    match e {
        Entry::Line(s) | Entry::Cancel(s) | Entry::Delete(s) => vec![s],
        Entry::Interrupt | Entry::ClearScreen => vec![],
        Entry::Write { path, text } => vec![path, text],
        Entry::Rename { from, to } => vec![from, to],
    }
}

/// The bytes of format 1: unsigned LEB128 numbers and length-prefixed UTF-8 strings.
///
/// `seed, workers, files, steps, elapsed, settings` where `files` is `0` (the example) or
/// `1, count, (path, text)...`; `steps` is `count, (dt, tag, strings...)...`; `elapsed` is
/// the ms after the last step; `settings` is `count, (key, value)...`.
pub fn to_bytes(s: &Session) -> Vec<u8> {
    let mut w = Vec::new();
    put(&mut w, s.seed);
    put(&mut w, s.workers as u64);
    if s.files == example_files() {
        put(&mut w, 0);
    } else {
        put(&mut w, 1);
        pairs(&mut w, &s.files);
    }
    put(&mut w, s.journal.len() as u64);
    let mut last = 0;
    for r in &s.journal {
        put(&mut w, r.at.saturating_sub(last));
        last = r.at;
        w.push(tag(&r.entry));
        for a in args(&r.entry) {
            text(&mut w, a);
        }
    }
    put(&mut w, s.elapsed.saturating_sub(last));
    pairs(&mut w, &s.settings);
    w
}

fn put(w: &mut Vec<u8>, mut n: u64) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            w.push(b);
            return;
        }
        w.push(b | 0x80);
    }
}

fn text(w: &mut Vec<u8>, s: &str) {
    put(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

fn pairs(w: &mut Vec<u8>, m: &BTreeMap<String, String>) {
    put(w, m.len() as u64);
    for (k, v) in m {
        text(w, k);
        text(w, v);
    }
}

/// Reads format 1's bytes.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn num(&mut self) -> Result<u64, LinkError> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.0.split_first().ok_or_else(short)?;
            self.0 = rest;
            n |= u64::from(b & 0x7f).checked_shl(shift).filter(|_| shift < 63 || b <= 1).ok_or_else(bad)?;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(bad())
    }

    fn count(&mut self, max: usize) -> Result<usize, LinkError> {
        usize::try_from(self.num()?).ok().filter(|n| *n <= max).ok_or_else(bad)
    }

    fn text(&mut self) -> Result<String, LinkError> {
        let n = self.count(self.0.len())?;
        let (s, rest) = self.0.split_at_checked(n).ok_or_else(short)?;
        self.0 = rest;
        String::from_utf8(s.to_vec()).map_err(|_| bad())
    }

    fn pairs(&mut self) -> Result<BTreeMap<String, String>, LinkError> {
        let mut m = BTreeMap::new();
        for _ in 0..self.count(self.0.len())? {
            let k = self.text()?;
            m.insert(k, self.text()?);
        }
        Ok(m)
    }
}

fn short() -> LinkError {
    LinkError::Damaged("it ends too soon".into())
}

fn bad() -> LinkError {
    LinkError::Damaged("its data is malformed".into())
}

/// A session from format 1's bytes, checked.
pub fn from_bytes(data: &[u8]) -> Result<Session, LinkError> {
    let mut r = Reader(data);
    let seed = r.num()?;
    let workers = r.count(usize::MAX)?;
    let files = match r.num()? {
        0 => example_files(),
        1 => r.pairs()?,
        _ => return Err(bad()),
    };
    let steps = r
        .count(super::MAX_ENTRIES)
        .map_err(|_| LinkError::Invalid(format!("it records more than {} steps", super::MAX_ENTRIES)))?;
    let mut journal = Vec::with_capacity(steps);
    let mut at: u64 = 0;
    for _ in 0..steps {
        at = at.checked_add(r.num()?).ok_or_else(bad)?;
        let (&tag, rest) = r.0.split_first().ok_or_else(short)?;
        r.0 = rest;
        let mut strings = Vec::new();
        for _ in 0..arity(tag) {
            strings.push(r.text()?);
        }
        let entry =
            entry(tag, strings).ok_or_else(|| LinkError::Invalid(format!("a step is of an unknown kind ({tag})")))?;
        journal.push(Record { at, entry });
    }
    let elapsed = at.checked_add(r.num()?).ok_or_else(bad)?;
    let settings = r.pairs()?;
    if !r.0.is_empty() {
        return Err(LinkError::Damaged("it has extra data at the end".into()));
    }
    let s = Session { seed, workers, files, journal, elapsed, settings };
    s.check().map_err(|e| LinkError::Invalid(e.to_string()))?;
    Ok(s)
}

/// The fragment value for `s` (what follows `#s=`).
pub fn encode(s: &Session) -> Result<String, LinkError> {
    let data = base64::encode(&deflate::compress(&to_bytes(s)));
    let link = format!("{VERSION}.{data}");
    if link.len() + 3 > MAX_LINK {
        return Err(LinkError::TooBig(link.len() + 3));
    }
    Ok(link)
}

/// The `#s=...` fragment for `s`.
pub fn fragment(s: &Session) -> Result<String, LinkError> {
    Ok(format!("#s={}", encode(s)?))
}

/// A session from a share link: a whole URL, its fragment (`#s=...`, `s=...`) or the
/// value alone (`1.<data>`).
pub fn decode(link: &str) -> Result<Session, LinkError> {
    let link = link.trim();
    if link.len() > MAX_LINK {
        return Err(LinkError::TooLong(link.len()));
    }
    let value = find_value(link).ok_or(LinkError::NotALink)?;
    let (version, data) = value.split_once('.').ok_or(LinkError::NotALink)?;
    // u64: the parser the rest of the program already uses.
    let version = version.parse::<u64>().map_err(|_| LinkError::NotALink)?;
    match version {
        1 => {
            let bytes = base64::decode(data).map_err(|e| LinkError::Damaged(e.to_string()))?;
            let raw = inflate::decompress(&bytes, MAX_DATA).map_err(|e| LinkError::Damaged(e.to_string()))?;
            from_bytes(&raw)
        }
        0 => Err(LinkError::NotALink),
        v => Err(LinkError::Newer(u32::try_from(v).unwrap_or(u32::MAX))),
    }
}

/// The value of `s=` in a URL's fragment, or `link` itself when it is a bare value.
fn find_value(link: &str) -> Option<&str> {
    let frag = match link.split_once('#') {
        Some((_, f)) => f,
        None if link.starts_with("s=") => link,
        None if link.contains("://") => return None,
        None => return Some(link),
    };
    frag.split('&').find_map(|kv| kv.strip_prefix("s="))
}

/// Whether a URL fragment (`#...`) carries a session.
pub fn has_session(fragment: &str) -> bool {
    fragment.trim_start_matches('#').split('&').any(|kv| kv.starts_with("s="))
}
