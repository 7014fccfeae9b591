//! Presentation: what each command shows, as tables and lines for people and as the
//! stable JSON, CSV and JUnit for programs. It only formats what the computing modules
//! ([`crate::score`], [`crate::check`], [`crate::progress`]) produced; it never recomputes.

pub mod actions;
pub mod catalogue;
pub mod check;
pub mod diff;
pub mod history;
pub mod import;
pub mod merge;
pub mod migrate;
pub mod rules;
pub mod score;
pub mod table;
