//! Printers: tables for people, yaml/json for machines, the name printer's `kind/name`.
pub mod json;
pub mod table;
pub mod yaml;
