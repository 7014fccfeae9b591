//! Reading user files safely, and finding the line and column of a key path in YAML.
//!
//! Inputs are read whole with a size limit ([`MAX_INPUT_BYTES`]) that no real catalogue,
//! assessment or template comes near, must be UTF-8 (a byte-order mark is skipped), and
//! every YAML problem is reported with its place. Semantic checks run on the typed model;
//! when they find a problem, [`SourceMap`] turns the key path back into a line and column.

use crate::error::{Diagnostic, Error, Position, Result};
use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;

/// The largest input file read: 16 MiB. The built-in catalogue is about 0.2 MiB; a fully
/// answered assessment with long notes stays well under 1 MiB.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// The files this process has read (device and inode), so that no output replaces one.
static READ: std::sync::Mutex<Vec<(u64, u64)>> = std::sync::Mutex::new(Vec::new());

/// Whether `path` is a file this process read as an input (through a link or not).
pub fn was_read(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    READ.lock()
        .map(|r| r.contains(&(meta.dev(), meta.ino())))
        .unwrap_or(false)
}

/// A text file read into memory, with the name used in messages.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in messages (the path as given).
    pub name: String,
    /// The text, without a byte-order mark.
    pub text: String,
}

impl Source {
    /// A source held in memory (the built-in catalogue, a test).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        Source {
            name: name.into(),
            text,
        }
    }

    /// Reads a file, refusing directories, files over [`MAX_INPUT_BYTES`] and invalid UTF-8.
    /// Whatever the file is (a pipe, `/dev/zero`, a file growing as it is read), no more
    /// than the limit and one byte is ever read.
    pub fn read(path: &Path) -> Result<Self> {
        let name = path.display().to_string();
        let bytes = read_bytes(path, MAX_INPUT_BYTES, "inputs", || {
            "a real catalogue or assessment is far smaller; is this the right file?".into()
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..valid];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            Error::invalid(
                Diagnostic::file(&name, "is not valid UTF-8 text")
                    .at(Some(Position { line, column }))
                    .with_help("save the file as UTF-8"),
            )
        })?;
        Ok(Source::new(name, text))
    }

    /// Deserializes the YAML text, mapping syntax and type errors to a diagnostic.
    pub fn parse_yaml<T: DeserializeOwned>(&self) -> Result<T> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid(
                Diagnostic::file(&self.name, "is empty").with_help("expected a YAML mapping"),
            ));
        }
        crate::yaml::from_str(&self.text).map_err(|e| Error::invalid(self.yaml_error(e)))
    }

    /// A diagnostic from a YAML error, with its line and column and key path.
    pub fn yaml_error(&self, e: crate::yaml::Error) -> Diagnostic {
        let mut d = Diagnostic::file(&self.name, e.message);
        if let Some(key) = e.path.filter(|k| !k.is_empty()) {
            d = d.at_key(key);
        }
        d.position = e.position;
        d
    }

    /// The key-path index of this text, for placing semantic problems.
    pub fn map(&self) -> SourceMap {
        SourceMap::build(&self.text)
    }

    /// The index of only the places `keys` need (each key, the key itself and the
    /// enclosing nodes [`SourceMap::position`] falls back to): a warning about one key of a
    /// file with a million values then costs no index of a million paths.
    pub fn map_for<'k>(&self, keys: impl IntoIterator<Item = &'k str>) -> SourceMap {
        let mut wanted = std::collections::HashSet::new();
        for key in keys {
            wanted.insert(format!("{key}#key"));
            let mut p = key;
            loop {
                wanted.insert(p.to_string());
                match p.rfind(['.', '[']) {
                    Some(cut) => p = &p[..cut],
                    None => break,
                }
            }
            wanted.insert(String::new());
        }
        SourceMap::walk(&self.text, Some(&wanted))
    }
}

/// Reads the bytes of a file of at most `limit` bytes, refusing directories; `what` names
/// the kind of file in the message about the limit (`inputs`, `a logo`), `help` says what
/// to do. Whatever the file is (a pipe, `/dev/zero`, a file growing as it is read), no
/// more than the limit and one byte is ever read. The file is remembered as an input, so
/// that no output replaces it.
pub fn read_bytes(
    path: &Path,
    limit: u64,
    what: &str,
    help: impl Fn() -> String,
) -> Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    let name = path.display().to_string();
    let too_big = |size: Option<u64>| {
        let size = size.map_or_else(|| "longer than".to_string(), |n| format!("{n} bytes, over"));
        let limit = if limit >= 1024 * 1024 {
            format!("{} MiB", limit / 1024 / 1024)
        } else {
            format!("{} KiB", limit / 1024)
        };
        Error::invalid(
            Diagnostic::file(&name, format!("is {size} the {limit} limit for {what}"))
                .with_help(help()),
        )
    };
    let file = std::fs::File::open(path).map_err(|e| Error::io("cannot read", path, e))?;
    let meta = file
        .metadata()
        .map_err(|e| Error::io("cannot read", path, e))?;
    if meta.is_dir() {
        return Err(Error::invalid(
            Diagnostic::file(&name, "is a directory, not a file")
                .with_help("give the path of a file, not a folder"),
        ));
    }
    if meta.len() > limit {
        return Err(too_big(Some(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read", path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(None));
    }
    if let Ok(mut r) = READ.lock() {
        r.push((meta.dev(), meta.ino()));
    }
    Ok(bytes)
}

/// Key paths of a YAML document mapped to where their values start.
///
/// Paths use the form of serde_yaml's messages: sequence elements as `[i]`, mapping keys
/// joined with dots (`clauses[2].requirements[0].id`, `answers.4.1-1.rating`).
#[derive(Debug, Default)]
pub struct SourceMap {
    places: HashMap<String, Position>,
}

enum Frame {
    Seq { path: String, next: usize },
    Map { path: String, key: Option<String> },
}

impl SourceMap {
    /// Indexes every key path of the first document. Parse errors end the walk early:
    /// such a file was already rejected with its own message.
    pub fn build(text: &str) -> Self {
        Self::walk(text, None)
    }

    /// Indexes the paths in `wanted`, or every path.
    fn walk(text: &str, wanted: Option<&std::collections::HashSet<String>>) -> Self {
        let mut places = HashMap::new();
        let mut place = |p: String, pos: Position| {
            if wanted.is_none_or(|w| w.contains(&p)) {
                places.entry(p).or_insert(pos);
            }
        };
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = Position {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            // The path of the node this event starts, if it is a value (not a key).
            let node_path = |stack: &mut Vec<Frame>| -> Option<String> {
                match stack.last_mut() {
                    None => Some(String::new()),
                    Some(Frame::Seq { path, next }) => {
                        let p = format!("{path}[{next}]");
                        *next += 1;
                        Some(p)
                    }
                    Some(Frame::Map { path, key }) => key.take().map(|k| join(path, &k)),
                }
            };
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut()
                        && key.is_none()
                    {
                        let p = join(path, &value);
                        place(format!("{p}#key"), pos);
                        *key = Some(value.into_owned());
                        continue;
                    }
                    if let Some(p) = node_path(&mut stack) {
                        place(p, pos);
                    }
                }
                Event::Alias(_) => {
                    if let Some(p) = node_path(&mut stack) {
                        place(p, pos);
                    }
                }
                Event::SequenceStart(..) => {
                    let p = node_path(&mut stack).unwrap_or_default();
                    place(p.clone(), pos);
                    stack.push(Frame::Seq { path: p, next: 0 });
                }
                Event::MappingStart(..) => {
                    let p = node_path(&mut stack).unwrap_or_default();
                    place(p.clone(), pos);
                    stack.push(Frame::Map { path: p, key: None });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                }
                Event::DocumentEnd => break,
                _ => {}
            }
        }
        SourceMap { places }
    }

    /// Where the value at `path` starts; falls back to the nearest enclosing node.
    pub fn position(&self, path: &str) -> Option<Position> {
        let mut p = path;
        loop {
            if let Some(pos) = self.places.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// Where the key that ends `path` is written (for a duplicate or unknown key).
    pub fn key_position(&self, path: &str) -> Option<Position> {
        self.places
            .get(&format!("{path}#key"))
            .copied()
            .or_else(|| self.position(path))
    }
}

/// Joins a key to a path the way [`SourceMap`] indexes it.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A path into a sequence element.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_nested_paths_to_lines() {
        let text = "a: 1\nb:\n  - x: 2\n  - x: 3\n    y: [4, 5]\n";
        let map = SourceMap::build(text);
        assert_eq!(map.position("a").map(|p| p.line), Some(1));
        assert_eq!(map.position("b[1].x").map(|p| p.line), Some(4));
        assert_eq!(
            map.position("b[1].y[1]"),
            Some(Position {
                line: 5,
                column: 12
            })
        );
        assert_eq!(map.key_position("b[1].y").map(|p| p.column), Some(5));
        // An unknown path falls back to the nearest known ancestor.
        assert_eq!(map.position("b[1].z").map(|p| p.line), Some(4));
    }

    #[test]
    fn a_map_for_some_keys_places_them_as_the_whole_map_does() {
        let text = "a: 1\nb:\n  - x: 2\n  - x: 3\n    y: [4, 5]\nc.d: {e: 6}\n";
        let src = Source::new("f.yaml", text);
        let whole = src.map();
        let keys = ["b[1].y[1]", "b[1].z", "c.d.e", "a", "nothing.here"];
        let some = src.map_for(keys);
        for k in keys {
            assert_eq!(some.position(k), whole.position(k), "{k}");
            assert_eq!(some.key_position(k), whole.key_position(k), "{k}");
        }
        assert!(some.places.len() < whole.places.len());
    }

    #[test]
    fn yaml_errors_keep_position_and_key() {
        let src = Source::new("f.yaml", "a:\n  b: [1\n");
        let err = src.parse_yaml::<serde_yaml::Value>().unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("f.yaml:"), "{text}");
    }
}
