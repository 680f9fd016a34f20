//! The shell language both shells speak (the console's bash-like line and BusyBox `sh -c`
//! inside containers): words with quotes and `$(...)`, `$VAR`, pipes, `&&`/`||`, `;`,
//! redirections, `if`/`for`/`while`, groups. Parsing only; `interp` runs the result.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Unquoted text: split on whitespace after expansion.
    Lit(String),
    /// Single-quoted or backslash-escaped text: taken as is.
    Quoted(String),
    /// A double-quoted run: expansions inside are not split.
    Double(Vec<Part>),
    /// `$NAME`, `${NAME}`, `$?`.
    Var(String),
    /// `$(...)` or backquotes.
    Subst(Script),
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Word(pub Vec<Part>);

impl Word {
    /// The word's text if it has no expansions (for keywords and assignments).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Part::Lit(t) => s.push_str(t),
                _ => return None,
            }
        }
        Some(s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `>`
    Write,
    /// `>>`
    Append,
    /// `<`
    Read,
    /// `N>&M`
    Dup,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub fd: u8,
    pub op: RedirOp,
    pub target: Word,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Simple {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple(Simple),
    For { var: String, words: Option<Vec<Word>>, body: Script },
    While { until: bool, cond: Script, body: Script },
    If { branches: Vec<(Script, Script)>, otherwise: Option<Script> },
    Group(Script),
    Subshell(Script),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub negate: bool,
    pub cmds: Vec<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AndOrOp {
    And,
    Or,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(AndOrOp, Pipeline)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Script(pub Vec<AndOr>);

/// Why a line does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A quote or `$(` left open: `'`, `"`, `` ` `` or `)`.
    Unterminated(char),
    /// A token where it cannot be (`;`, `|`, `&&`, `)`, `done`, ...), or end of input.
    Unexpected(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Unterminated(c) => write!(f, "unexpected EOF while looking for matching `{c}'"),
            ParseError::Unexpected(t) if t == "newline" || t.is_empty() => {
                write!(f, "syntax error: unexpected end of file")
            }
            ParseError::Unexpected(t) => write!(f, "syntax error near unexpected token `{t}'"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(Word),
    /// `;` `&` `|` `&&` `||` `(` `)` newline
    Op(&'static str),
    Redir(u8, RedirOp),
}

const MAX_DEPTH: usize = 32;

struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<u8> {
        self.src.get(self.pos + n).copied()
    }

    fn tokens(&mut self) -> Result<Vec<Tok>, ParseError> {
        let mut out = Vec::new();
        loop {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
                self.pos += 1;
            }
            let Some(c) = self.peek() else { break };
            match c {
                b'#' => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    out.push(Tok::Op("\n"));
                }
                b';' => {
                    self.pos += 1;
                    out.push(Tok::Op(";"));
                }
                b'&' if self.peek_at(1) == Some(b'&') => {
                    self.pos += 2;
                    out.push(Tok::Op("&&"));
                }
                b'&' => {
                    self.pos += 1;
                    out.push(Tok::Op("&"));
                }
                b'|' if self.peek_at(1) == Some(b'|') => {
                    self.pos += 2;
                    out.push(Tok::Op("||"));
                }
                b'|' => {
                    self.pos += 1;
                    out.push(Tok::Op("|"));
                }
                b'(' => {
                    self.pos += 1;
                    out.push(Tok::Op("("));
                }
                b')' => {
                    self.pos += 1;
                    out.push(Tok::Op(")"));
                }
                b'>' | b'<' => out.push(self.redir(1)),
                b'0'..=b'9' if matches!(self.peek_at(1), Some(b'>' | b'<')) => {
                    let fd = c - b'0';
                    self.pos += 1;
                    out.push(self.redir(fd));
                }
                _ => out.push(Tok::Word(self.word()?)),
            }
        }
        Ok(out)
    }

    fn redir(&mut self, default_fd: u8) -> Tok {
        let c = self.peek();
        self.pos += 1;
        match (c, self.peek()) {
            (Some(b'>'), Some(b'>')) => {
                self.pos += 1;
                Tok::Redir(default_fd, RedirOp::Append)
            }
            (Some(b'>'), Some(b'&')) => {
                self.pos += 1;
                Tok::Redir(default_fd, RedirOp::Dup)
            }
            (Some(b'>'), _) => Tok::Redir(default_fd, RedirOp::Write),
            _ => Tok::Redir(if default_fd == 1 { 0 } else { default_fd }, RedirOp::Read),
        }
    }

    fn push_lit(parts: &mut Vec<Part>, c: char) {
        if let Some(Part::Lit(s)) = parts.last_mut() {
            s.push(c);
        } else {
            parts.push(Part::Lit(c.to_string()));
        }
    }

    fn push_quoted(parts: &mut Vec<Part>, s: &str) {
        if let Some(Part::Quoted(q)) = parts.last_mut() {
            q.push_str(s);
        } else {
            parts.push(Part::Quoted(s.to_string()));
        }
    }

    fn next_char(&mut self) -> Option<char> {
        let rest = self.text.get(self.pos..)?;
        let c = rest.chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn word(&mut self) -> Result<Word, ParseError> {
        let mut parts = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' => break,
                b'\'' => {
                    self.pos += 1;
                    let start = self.pos;
                    while self.peek().is_some_and(|c| c != b'\'') {
                        self.pos += 1;
                    }
                    if self.peek().is_none() {
                        return Err(ParseError::Unterminated('\''));
                    }
                    let s = self.text.get(start..self.pos).unwrap_or("");
                    Self::push_quoted(&mut parts, s);
                    // An empty '' still makes a word.
                    if s.is_empty() {
                        parts.push(Part::Quoted(String::new()));
                    }
                    self.pos += 1;
                }
                b'"' => {
                    self.pos += 1;
                    parts.push(Part::Double(self.double()?));
                }
                b'\\' => {
                    self.pos += 1;
                    match self.next_char() {
                        Some('\n') => {}
                        Some(c) => Self::push_quoted(&mut parts, &c.to_string()),
                        None => Self::push_lit(&mut parts, '\\'),
                    }
                }
                b'$' => self.dollar(&mut parts)?,
                b'`' => {
                    self.pos += 1;
                    parts.push(Part::Subst(self.backquote()?));
                }
                _ => {
                    if let Some(c) = self.next_char() {
                        Self::push_lit(&mut parts, c);
                    }
                }
            }
        }
        Ok(Word(parts))
    }

    fn double(&mut self) -> Result<Vec<Part>, ParseError> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Unterminated('"')),
                Some(b'"') => {
                    self.pos += 1;
                    if parts.is_empty() {
                        parts.push(Part::Lit(String::new()));
                    }
                    return Ok(parts);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(c @ (b'$' | b'`' | b'"' | b'\\')) => {
                            self.pos += 1;
                            Self::push_lit(&mut parts, char::from(c));
                        }
                        Some(b'\n') => self.pos += 1,
                        _ => Self::push_lit(&mut parts, '\\'),
                    }
                }
                Some(b'$') => self.dollar(&mut parts)?,
                Some(b'`') => {
                    self.pos += 1;
                    parts.push(Part::Subst(self.backquote()?));
                }
                Some(_) => {
                    if let Some(c) = self.next_char() {
                        Self::push_lit(&mut parts, c);
                    }
                }
            }
        }
    }

    fn dollar(&mut self, parts: &mut Vec<Part>) -> Result<(), ParseError> {
        self.pos += 1;
        match self.peek() {
            Some(b'(') => {
                self.pos += 1;
                parts.push(Part::Subst(self.subst()?));
            }
            Some(b'{') => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|c| c != b'}') {
                    self.pos += 1;
                }
                if self.peek().is_none() {
                    return Err(ParseError::Unterminated('}'));
                }
                let name = self.text.get(start..self.pos).unwrap_or("").to_string();
                self.pos += 1;
                parts.push(Part::Var(name));
            }
            Some(c @ (b'?' | b'$' | b'#' | b'@' | b'*' | b'!' | b'0'..=b'9')) => {
                self.pos += 1;
                parts.push(Part::Var(char::from(c).to_string()));
            }
            Some(c) if c == b'_' || c.is_ascii_alphabetic() => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c == b'_' || c.is_ascii_alphanumeric()) {
                    self.pos += 1;
                }
                parts.push(Part::Var(self.text.get(start..self.pos).unwrap_or("").to_string()));
            }
            _ => Self::push_lit(parts, '$'),
        }
        Ok(())
    }

    /// The script inside `$( ... )`, up to its matching `)`.
    fn subst(&mut self) -> Result<Script, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(ParseError::Unexpected("(".into()));
        }
        let start = self.pos;
        let mut level = 1;
        while let Some(c) = self.peek() {
            match c {
                b'\'' => {
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c != b'\'') {
                        self.pos += 1;
                    }
                    if self.peek().is_none() {
                        return Err(ParseError::Unterminated('\''));
                    }
                }
                b'"' => {
                    self.pos += 1;
                    while let Some(c) = self.peek() {
                        if c == b'\\' {
                            self.pos += 1;
                        } else if c == b'"' {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.peek().is_none() {
                        return Err(ParseError::Unterminated('"'));
                    }
                }
                b'\\' => self.pos += 1,
                b'(' => level += 1,
                b')' => {
                    level -= 1;
                    if level == 0 {
                        let inner = self.text.get(start..self.pos).unwrap_or("");
                        self.pos += 1;
                        return parse_depth(inner, self.depth + 1);
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(ParseError::Unterminated(')'))
    }

    fn backquote(&mut self) -> Result<Script, ParseError> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c != b'`') {
            self.pos += 1;
        }
        if self.peek().is_none() {
            return Err(ParseError::Unterminated('`'));
        }
        let inner = self.text.get(start..self.pos).unwrap_or("");
        self.pos += 1;
        if self.depth >= MAX_DEPTH {
            return Err(ParseError::Unexpected("`".into()));
        }
        parse_depth(inner, self.depth + 1)
    }
}

/// Parses a whole line or script.
pub fn parse(text: &str) -> Result<Script, ParseError> {
    parse_depth(text, 0)
}

fn parse_depth(text: &str, depth: usize) -> Result<Script, ParseError> {
    let toks = Lexer { src: text.as_bytes(), text, pos: 0, depth }.tokens()?;
    let mut p = Parser { toks, pos: 0, depth };
    let s = p.script(&[])?;
    match p.toks.get(p.pos) {
        None => Ok(s),
        Some(t) => Err(ParseError::Unexpected(tok_text(t))),
    }
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Op("\n") => "newline".into(),
        Tok::Op(o) => (*o).to_string(),
        Tok::Word(w) => w.literal().unwrap_or_default(),
        Tok::Redir(_, RedirOp::Write) => ">".into(),
        Tok::Redir(_, RedirOp::Append) => ">>".into(),
        Tok::Redir(_, RedirOp::Read) => "<".into(),
        Tok::Redir(_, RedirOp::Dup) => ">&".into(),
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

const KEYWORDS: &[&str] = &["then", "else", "elif", "fi", "do", "done", "}"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn peek_keyword(&self) -> Option<String> {
        match self.peek() {
            Some(Tok::Word(w)) => w.literal(),
            _ => None,
        }
    }
    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Op("\n"))) {
            self.pos += 1;
        }
    }
    fn unexpected(&self) -> ParseError {
        ParseError::Unexpected(self.peek().map(tok_text).unwrap_or_else(|| "newline".into()))
    }

    /// A list of and-or lists, up to one of `stop` (a keyword) or `)` or the end.
    fn script(&mut self, stop: &[&str]) -> Result<Script, ParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            match self.peek() {
                None | Some(Tok::Op(")")) => break,
                Some(Tok::Word(_)) if self.peek_keyword().is_some_and(|k| stop.contains(&k.as_str())) => break,
                _ => {}
            }
            items.push(self.and_or()?);
            match self.peek() {
                Some(Tok::Op(";" | "&" | "\n")) => self.pos += 1,
                _ => break,
            }
        }
        Ok(Script(items))
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let op = match self.peek() {
                Some(Tok::Op("&&")) => AndOrOp::And,
                Some(Tok::Op("||")) => AndOrOp::Or,
                _ => break,
            };
            self.pos += 1;
            self.skip_newlines();
            rest.push((op, self.pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let negate = if self.peek_keyword().as_deref() == Some("!") {
            self.pos += 1;
            true
        } else {
            false
        };
        let mut cmds = vec![self.command()?];
        while matches!(self.peek(), Some(Tok::Op("|"))) {
            self.pos += 1;
            self.skip_newlines();
            cmds.push(self.command()?);
        }
        Ok(Pipeline { negate, cmds })
    }

    fn expect_keyword(&mut self, k: &str) -> Result<(), ParseError> {
        if self.peek_keyword().as_deref() == Some(k) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        if self.depth > MAX_DEPTH {
            return Err(self.unexpected());
        }
        self.depth += 1;
        let r = self.command_inner();
        self.depth -= 1;
        r
    }

    fn command_inner(&mut self) -> Result<Command, ParseError> {
        match self.peek_keyword().as_deref() {
            Some("if") => {
                self.pos += 1;
                let mut branches = Vec::new();
                let mut otherwise = None;
                loop {
                    let cond = self.script(&["then"])?;
                    self.expect_keyword("then")?;
                    let body = self.script(&["elif", "else", "fi"])?;
                    branches.push((cond, body));
                    match self.peek_keyword().as_deref() {
                        Some("elif") => self.pos += 1,
                        Some("else") => {
                            self.pos += 1;
                            otherwise = Some(self.script(&["fi"])?);
                            self.expect_keyword("fi")?;
                            break;
                        }
                        Some("fi") => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(self.unexpected()),
                    }
                }
                return Ok(Command::If { branches, otherwise });
            }
            Some(k @ ("while" | "until")) => {
                let until = k == "until";
                self.pos += 1;
                let cond = self.script(&["do"])?;
                self.expect_keyword("do")?;
                let body = self.script(&["done"])?;
                self.expect_keyword("done")?;
                return Ok(Command::While { until, cond, body });
            }
            Some("for") => {
                self.pos += 1;
                let var = self.peek_keyword().ok_or_else(|| self.unexpected())?;
                self.pos += 1;
                self.skip_newlines();
                let words = if self.peek_keyword().as_deref() == Some("in") {
                    self.pos += 1;
                    let mut ws = Vec::new();
                    while let Some(Tok::Word(w)) = self.peek() {
                        ws.push(w.clone());
                        self.pos += 1;
                    }
                    Some(ws)
                } else {
                    None
                };
                if matches!(self.peek(), Some(Tok::Op(";" | "\n"))) {
                    self.pos += 1;
                }
                self.skip_newlines();
                self.expect_keyword("do")?;
                let body = self.script(&["done"])?;
                self.expect_keyword("done")?;
                return Ok(Command::For { var, words, body });
            }
            Some("{") => {
                self.pos += 1;
                let body = self.script(&["}"])?;
                self.expect_keyword("}")?;
                return Ok(Command::Group(body));
            }
            Some(k) if KEYWORDS.contains(&k) => return Err(self.unexpected()),
            _ => {}
        }
        if matches!(self.peek(), Some(Tok::Op("("))) {
            self.pos += 1;
            let body = self.script(&[])?;
            if !matches!(self.peek(), Some(Tok::Op(")"))) {
                return Err(self.unexpected());
            }
            self.pos += 1;
            return Ok(Command::Subshell(body));
        }
        let mut s = Simple::default();
        loop {
            match self.peek().cloned() {
                Some(Tok::Word(w)) => {
                    self.pos += 1;
                    if s.words.is_empty() {
                        if let Some((name, value)) = assignment(&w) {
                            s.assigns.push((name, value));
                            continue;
                        }
                    }
                    s.words.push(w);
                }
                Some(Tok::Redir(fd, op)) => {
                    self.pos += 1;
                    match self.peek().cloned() {
                        Some(Tok::Word(target)) => {
                            self.pos += 1;
                            s.redirs.push(Redir { fd, op, target });
                        }
                        _ => return Err(self.unexpected()),
                    }
                }
                _ => break,
            }
        }
        if s.words.is_empty() && s.assigns.is_empty() && s.redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Command::Simple(s))
    }
}

/// `NAME=value` at the start of a simple command.
fn assignment(w: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit(first)) = w.0.first() else { return None };
    let (name, rest) = first.split_once('=')?;
    let valid = !name.is_empty()
        && name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric())
        && !name.as_bytes().first().is_some_and(u8::is_ascii_digit);
    if !valid {
        return None;
    }
    let mut parts = Vec::new();
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts.extend(w.0.iter().skip(1).cloned());
    if parts.is_empty() {
        parts.push(Part::Quoted(String::new()));
    }
    Some((name.to_string(), Word(parts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &Script) -> Vec<Word> {
        match &s.0[0].first.cmds[0] {
            Command::Simple(c) => c.words.clone(),
            _ => vec![],
        }
    }

    #[test]
    fn parses_the_seed_line() {
        let s = parse("kubectl exec deploy/sleep-1 -- ping -c 2 $(kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}')").unwrap();
        let w = words(&s);
        assert_eq!(w.len(), 8);
        assert!(matches!(&w[7].0[0], Part::Subst(_)));
    }

    #[test]
    fn operators_and_quotes() {
        let s = parse("a 'b c' \"d $X\" && e || f; g | h").unwrap();
        assert_eq!(s.0.len(), 2);
        assert_eq!(s.0[0].rest.len(), 2);
        assert_eq!(s.0[1].first.cmds.len(), 2);
        assert_eq!(parse("echo 'x"), Err(ParseError::Unterminated('\'')));
        assert_eq!(parse("echo $(ls"), Err(ParseError::Unterminated(')')));
        assert_eq!(parse("; ls"), Err(ParseError::Unexpected(";".into())));
        assert_eq!(parse("ls &&"), Err(ParseError::Unexpected("newline".into())));
    }

    #[test]
    fn compound_commands() {
        assert!(parse("for i in 1 2 3; do echo $i; done").is_ok());
        assert!(parse("while true; do sleep 1; done").is_ok());
        assert!(parse("if true; then echo y; else echo n; fi").is_ok());
        assert!(parse("X=1 Y=$(echo 2) env > /dev/null 2>&1").is_ok());
        assert!(parse("for i in 1; do echo").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "$(".repeat(200) + &")".repeat(200);
        assert!(parse(&deep).is_err());
        let deep = "(".repeat(500) + &")".repeat(500);
        assert!(parse(&deep).is_err());
    }
}
