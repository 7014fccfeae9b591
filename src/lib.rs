//! iso20k: ISO/IEC 20000-1 gap assessment and certification readiness.
//!
//! Data flows one way: load ([`catalogue`], [`assessment`]) -> compute ([`score`],
//! [`check`], [`progress`]) -> present ([`present`], [`report`]), each command in
//! [`commands`] tying the three together. The library never prints except through
//! [`output::Output`], and never exits.

// Every item is either public API (the fuzz targets, the memory probe and the benches
// build on it) or private to its module: no `pub` that nothing outside can reach.
#![warn(unreachable_pub)]

pub mod assessment;
pub mod capability;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod commands;
pub mod error;
pub mod fs;
pub mod git;
pub mod import;
pub mod limits;
pub mod output;
pub mod percent;
pub mod present;
pub mod problems;
pub mod progress;
pub mod questionnaire;
pub mod report;
pub mod run;
pub mod safe;
pub mod schema;
pub mod score;
pub mod source;
pub mod util;
pub mod verdict;
pub mod yaml;

pub use error::{Error, Result};
