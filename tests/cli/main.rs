//! The one integration-test binary: runs the real `iso20k` executable in a clean
//! environment and checks what a user sees (stdout, stderr, exit code, files).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod assessment;
mod bounds;
mod browser;
mod capability;
mod catalogue;
mod client;
mod crash;
mod docx;
mod help;
mod history;
mod hostile;
mod import;
mod merge;
mod migrate;
mod oscal;
mod paths;
mod printing;
mod progress;
mod pty;
mod recipes;
mod report;
mod schema;
mod scoring;
mod support;
