//! The console: kubectl and the shell line around it.
pub mod duration;
pub mod jsonpath;
