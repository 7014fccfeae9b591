//! Collecting the problems of one input file, each with its key path, and placing them in
//! the text (line and column) only once, at the end, when there are any.

use crate::error::{Diagnostic, Error, Result};
use crate::source::Source;

/// One problem: where (a key path, pointing at the value or at the key) and what.
#[derive(Debug)]
struct Entry {
    key: String,
    on_key: bool,
    message: String,
    help: Option<String>,
}

/// The problems found in one file: errors that stop it loading, and warnings that do not.
#[derive(Debug)]
pub struct Problems<'a> {
    source: &'a Source,
    errors: Vec<Entry>,
    warnings: Vec<Entry>,
}

impl<'a> Problems<'a> {
    /// An empty collector for a file.
    pub fn new(source: &'a Source) -> Self {
        Problems {
            source,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// An error about the value at `key`.
    pub fn error_at_value(
        &mut self,
        key: impl Into<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.errors.push(entry(key, false, message, help));
    }

    /// An error about the key itself (a duplicate, for instance).
    pub fn error_at_key(
        &mut self,
        key: impl Into<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.errors.push(entry(key, true, message, help));
    }

    /// A warning about the value at `key`.
    pub fn warn(
        &mut self,
        key: impl Into<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.warnings.push(entry(key, false, message, help));
    }

    /// A warning about the key itself (an id the catalogue does not know, for instance).
    pub fn warn_at_key(
        &mut self,
        key: impl Into<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.warnings.push(entry(key, true, message, help));
    }

    /// How many errors so far.
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Drops the warnings (when an error makes them beside the point).
    pub fn clear_warnings(&mut self) {
        self.warnings.clear();
    }

    /// Every error, in the order of the file, or the warnings when there is none.
    pub fn finish(self) -> Result<Vec<Diagnostic>> {
        if self.errors.is_empty() && self.warnings.is_empty() {
            return Ok(Vec::new());
        }
        let keys = self
            .errors
            .iter()
            .chain(&self.warnings)
            .map(|e| e.key.as_str());
        let map = self.source.map_for(keys);
        let place = |list: Vec<Entry>| -> Vec<Diagnostic> {
            let mut out: Vec<Diagnostic> = list
                .into_iter()
                .map(|e| {
                    let position = if e.on_key {
                        map.key_position(&e.key)
                    } else {
                        map.position(&e.key)
                    };
                    let mut d = Diagnostic::file(&self.source.name, e.message)
                        .at(position)
                        .at_key(e.key);
                    d.help = e.help;
                    d
                })
                .collect();
            out.sort_by_key(|d| d.position);
            out
        };
        if self.errors.is_empty() {
            Ok(place(self.warnings))
        } else {
            Err(Error::Invalid(place(self.errors)))
        }
    }
}

fn entry(
    key: impl Into<String>,
    on_key: bool,
    message: impl Into<String>,
    help: Option<String>,
) -> Entry {
    Entry {
        key: key.into(),
        on_key,
        message: message.into(),
        help,
    }
}
