//! One module per command: each loads what it needs, computes, and presents.

pub mod answer;
pub mod assess;
pub mod catalogue;
pub mod check;
pub mod init;
pub mod score;
pub mod table;
