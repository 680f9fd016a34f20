//! The console's scrollback as a terminal shows it: complete lines plus the line being
//! written, with `\r` returning to the start of the line (curl's progress meter) and a bound
//! on how many lines are kept. The page draws it; share links and reloads rebuild it by
//! replaying the session, so it is part of what a session restores.

use std::rc::Rc;

/// Lines kept; older ones scroll away.
pub const MAX_LINES: usize = 5000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Screen {
    /// Shared so a re-render that wrote nothing compares by pointer.
    pub lines: Rc<Vec<String>>,
    pub current: String,
}

impl Screen {
    /// Appends terminal output: `\n` ends a line, `\r` returns to its start.
    pub fn write(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let mut rest = text;
        while let Some(i) = rest.find(['\n', '\r']) {
            let (part, tail) = rest.split_at(i);
            self.current.push_str(part);
            if tail.starts_with('\n') {
                let line = std::mem::take(&mut self.current);
                Rc::make_mut(&mut self.lines).push(line);
            } else {
                self.current.clear();
            }
            rest = tail.get(1..).unwrap_or("");
        }
        self.current.push_str(rest);
        if self.lines.len() > MAX_LINES {
            let extra = self.lines.len() - MAX_LINES;
            Rc::make_mut(&mut self.lines).drain(..extra);
        }
    }

    /// Starts a new line if the current one has text (so a prompt starts at column 0).
    pub fn break_line(&mut self) {
        if !self.current.is_empty() {
            let line = std::mem::take(&mut self.current);
            Rc::make_mut(&mut self.lines).push(line);
        }
    }

    pub fn clear(&mut self) {
        self.lines = Rc::default();
        self.current.clear();
    }

    /// Everything on the screen, one `\n` after each complete line.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in self.lines.iter() {
            s.push_str(l);
            s.push('\n');
        }
        s.push_str(&self.current);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriage_return_overwrites() {
        let mut s = Screen::default();
        s.write("a\nprogress 0\rprogress 100\ndone");
        assert_eq!(*s.lines, vec!["a", "progress 100"]);
        assert_eq!(s.current, "done");
        assert_eq!(s.text(), "a\nprogress 100\ndone");
    }

    #[test]
    fn keeps_the_last_lines() {
        let mut s = Screen::default();
        for i in 0..MAX_LINES + 10 {
            s.write(&format!("{i}\n"));
        }
        assert_eq!(s.lines.len(), MAX_LINES);
        assert_eq!(s.lines.first().map(String::as_str), Some("10"));
    }

    #[test]
    fn break_line_only_after_text() {
        let mut s = Screen::default();
        s.break_line();
        s.write("x");
        s.break_line();
        s.break_line();
        assert_eq!(*s.lines, vec!["x"]);
    }
}
