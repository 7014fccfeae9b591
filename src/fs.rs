//! Writing files safely: every output goes to a temporary file beside its target, is
//! flushed and synced, and is renamed over the target, so that a crash never leaves a
//! half-written file. This is the one place that renames a file into place.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

const TEMP_SUFFIX: &str = ".iso20k-tmp";

/// Temporary files for `path` are named `.NAME.<random>.iso20k-tmp`, beside it.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Removes temporary files that a killed writer left beside `path`.
///
/// Only call this while holding the file's [`Lock`](crate::assessment::lock::Lock): then no other
/// iso20k is writing `path`, so every such file is stale. Failures are ignored; a stale
/// temporary file is clutter, never a danger to the assessment itself.
pub fn remove_stale_temps(path: &Path) {
    let dir = folder_of(path);
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes bytes to `path` atomically: a temporary file in the same folder, flushed and
/// synced, then renamed over the target, keeping the target's permissions. A crash at any
/// moment leaves either the old file or the new one, never a partial one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| {
        w.write_all(bytes)
            .map_err(|e| Error::io("cannot write", path, e))
    })
}

/// Like [`write_atomic`], for output produced piece by piece: `produce` writes into a
/// buffered temporary file, which replaces `path` only if it returns `Ok`. On an error
/// nothing at `path` changes and the temporary file is removed.
pub fn write_atomic_with(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = folder_of(path);
    let refuse = |message: String, help: &str| {
        Error::Invalid(vec![
            crate::error::Diagnostic::file(path.display().to_string(), message).with_help(help),
        ])
    };
    if path.is_dir() {
        return Err(refuse(
            "is a directory".into(),
            "give a file name inside it, e.g. report.html",
        ));
    }
    if !dir.is_dir() {
        return Err(refuse(
            format!("cannot write: the folder {} does not exist", dir.display()),
            "create the folder first, or write somewhere else",
        ));
    }
    let tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file beside", path, e))?;
    let mut w = std::io::BufWriter::with_capacity(256 * 1024, tmp);
    produce(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(|e| Error::io("cannot write", path, e.into_error()))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("cannot flush", path, e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the permissions the user gave the file.
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path)
        .map_err(|e| Error::io("cannot replace", path, e.error))?;
    Ok(())
}
