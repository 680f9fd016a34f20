//! The console: the shell line, kubectl's verbs and flags, its printers (tables, yaml, json,
//! jsonpath, custom columns), and kubectl's exact messages. One implementation serves the
//! page and the `kubeplay` CLI. Knows nothing of the DOM.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod cmd;
pub mod codec;
pub mod console;
pub mod docker;
pub mod duration;
pub mod error;
pub mod gofmt;
pub mod jsonpath;
pub mod printers;
pub mod screen;
pub mod session;
pub mod workspace;

pub use console::{Console, State};
pub use workspace::Workspace;
