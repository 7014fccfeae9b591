//! Writing files safely. This is the one place that writes a user's file.
//!
//! - A regular file is replaced atomically: a temporary file beside it is written, synced,
//!   given the old file's mode, owner and group (or `0666` less the umask when new), and
//!   renamed over it; then the folder is synced. A crash at any moment leaves the old file
//!   or the new one, never a mix.
//! - A symbolic link is followed once, to the file it names, and that file is replaced in
//!   its own folder: the link stays a link, and the shared file it points to is updated.
//! - A stream the user named (a FIFO, a character device such as `/dev/null`, `/dev/stdout`)
//!   is written into as it is; anything else that is not a regular file (a folder, a block
//!   device, a socket, a link to nothing) is refused, never replaced.

use crate::error::{Diagnostic, Error, Result};
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

const TEMP_SUFFIX: &str = ".iso20k-tmp";
/// Hex digits in a temporary file's random part.
const TEMP_RANDOM: usize = 16;

/// The name of a temporary file for `path`: `.NAME.<16 hex digits>.iso20k-tmp`, beside it.
fn temp_name(path: &Path, random: u64) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{random:016x}{TEMP_SUFFIX}"))
}

/// Whether `entry` is a temporary file of `path` exactly (not of `path.bak`).
fn is_temp_of(path: &Path, entry: &str) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    entry
        .strip_prefix('.')
        .and_then(|e| e.strip_prefix(name.as_ref()))
        .and_then(|e| e.strip_prefix('.'))
        .and_then(|e| e.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|r| r.len() == TEMP_RANDOM && r.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Removes temporary files that a killed writer left beside `path`.
///
/// Only call this while holding the file's [`Lock`](crate::assessment::lock::Lock): then no other
/// iso20k is writing `path`, so every such file is stale. Only names of exactly the
/// pattern [`write_atomic`] makes for `path` are removed, and only regular files. Failures
/// are ignored; a stale temporary file is clutter, never a danger to the assessment itself.
pub fn remove_stale_temps(path: &Path) {
    let Ok(entries) = std::fs::read_dir(folder_of(path)) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temp_of(path, &entry.file_name().to_string_lossy())
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn refuse(path: &Path, message: impl Into<String>, help: &str) -> Error {
    Error::invalid(Diagnostic::file(path.display().to_string(), message).with_help(help))
}

/// Where a write to `path` goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file, existing or new, replaced atomically (a link already followed).
    File(PathBuf),
    /// A FIFO or a character device, written into as it is.
    Stream(PathBuf),
}

/// Decides where a write to `path` goes: see the module's documentation.
pub fn target(path: &Path) -> Result<Target> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = folder_of(path);
            if !dir.is_dir() {
                return Err(refuse(
                    path,
                    format!("cannot write: the folder {} does not exist", dir.display()),
                    "create the folder first, or write somewhere else",
                ));
            }
            return Ok(Target::File(path.to_path_buf()));
        }
        Err(e) => return Err(Error::io("cannot write", path, e)),
    };
    let meta = if link.file_type().is_symlink() {
        std::fs::metadata(path).map_err(|_| {
            refuse(
                path,
                "is a symbolic link to a file that does not exist",
                "point the link at a file, or write somewhere else",
            )
        })?
    } else {
        link.clone()
    };
    let kind = meta.file_type();
    if kind.is_file() {
        if link.file_type().is_symlink() {
            // Follow the link once: the file it names is the one replaced, in its folder.
            let resolved =
                std::fs::canonicalize(path).map_err(|e| Error::io("cannot resolve", path, e))?;
            return Ok(Target::File(resolved));
        }
        return Ok(Target::File(path.to_path_buf()));
    }
    if kind.is_fifo() || kind.is_char_device() {
        return Ok(Target::Stream(path.to_path_buf()));
    }
    if kind.is_dir() {
        return Err(refuse(
            path,
            "is a directory",
            "give a file name inside it, e.g. report.html",
        ));
    }
    let what = if kind.is_block_device() {
        "is a block device"
    } else if kind.is_socket() {
        "is a socket"
    } else {
        "is not a regular file"
    };
    Err(refuse(
        path,
        format!("{what}; iso20k writes only regular files, FIFOs and character devices"),
        "give a file name, e.g. report.html",
    ))
}

/// The regular file that saving an assessment at `path` replaces: `path` itself, or the
/// file a symbolic link at `path` names. Anything else (a FIFO, a device, a folder) is
/// refused: an assessment is read back, so it must be a file.
pub fn assessment_path(path: &Path) -> Result<PathBuf> {
    match target(path)? {
        Target::File(p) => Ok(p),
        Target::Stream(_) => Err(refuse(
            path,
            "is not a regular file; an assessment is read back, so it must be one",
            "give the path of a .yaml file",
        )),
    }
}

/// Writes an output the user named with `-o`: like [`write_atomic_with`], but never over
/// a file this run reads (the assessment, the catalogue, a template).
pub fn write_output(path: &Path, produce: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if crate::source::was_read(path) {
        return Err(refuse(
            path,
            "-o names a file this run reads; writing there would replace an input",
            "write the output to another file, e.g. report.html",
        ));
    }
    write_atomic_with(path, produce)
}

/// Writes bytes to `path` as the module's documentation says.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| {
        w.write_all(bytes)
            .map_err(|e| Error::io("cannot write", path, e))
    })
}

/// Like [`write_atomic`], for output produced piece by piece: `produce` writes into a
/// buffered temporary file, which replaces the target only if it returns `Ok`. On an error
/// nothing at `path` changes and the temporary file is removed. A stream gets what was
/// produced up to the error.
pub fn write_atomic_with(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let file = match target(path)? {
        Target::File(file) => file,
        Target::Stream(stream) => {
            let f = OpenOptions::new()
                .write(true)
                .open(&stream)
                .map_err(|e| Error::io("cannot write", path, e))?;
            let mut w = std::io::BufWriter::new(f);
            produce(&mut w)?;
            return w.flush().map_err(|e| Error::io("cannot write", path, e));
        }
    };
    let old = std::fs::metadata(&file).ok();
    let (tmp_path, tmp) = create_temp(&file, old.as_ref())?;
    let mut guard = TempGuard(Some(tmp_path.clone()));
    let mut w = std::io::BufWriter::with_capacity(256 * 1024, tmp);
    produce(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(|e| Error::io("cannot write", path, e.into_error()))?;
    if let Some(old) = &old {
        // Keep what the user gave the file: its mode, and its owner and group where the
        // system allows (a group-shared assessment stays readable to the group).
        let _ = std::os::unix::fs::fchown(&tmp, Some(old.uid()), Some(old.gid()));
        let _ = tmp.set_permissions(std::fs::Permissions::from_mode(old.mode() & 0o777));
    }
    tmp.sync_all()
        .map_err(|e| Error::io("cannot flush", path, e))?;
    drop(tmp);
    std::fs::rename(&tmp_path, &file).map_err(|e| Error::io("cannot replace", path, e))?;
    guard.0 = None;
    if let Ok(dir) = File::open(folder_of(&file)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Creates a new temporary file beside `file`: `0666` less the umask, as any new file,
/// or the old file's mode (the umask applies first, so a group-writable file briefly is
/// not; the mode is set exactly afterwards).
fn create_temp(file: &Path, old: Option<&std::fs::Metadata>) -> Result<(PathBuf, File)> {
    let mode = old.map_or(0o666, |m| m.mode() & 0o777);
    let mut last = None;
    for _ in 0..16 {
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let tmp = temp_name(file, random);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(Error::io("cannot create a temporary file beside", file, e)),
        }
    }
    let e = last.unwrap_or_else(|| std::io::Error::other("no free temporary name"));
    Err(Error::io("cannot create a temporary file beside", file, e))
}

/// Removes the temporary file unless it was renamed into place.
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sweep_matches_only_this_files_temporaries() {
        let p = Path::new("dir/a.yaml");
        let ours = temp_name(p, 0xdead_beef);
        let name = ours.file_name().unwrap().to_string_lossy().into_owned();
        assert!(is_temp_of(p, &name), "{name}");
        let other = temp_name(Path::new("a.yaml.bak"), 1);
        assert!(!is_temp_of(
            p,
            &other.file_name().unwrap().to_string_lossy()
        ));
        assert!(!is_temp_of(p, ".a.yaml.x.iso20k-tmp"));
        assert!(!is_temp_of(p, ".a.yaml.lock"));
    }

    #[test]
    fn a_new_file_gets_the_umask_mode_and_a_rewrite_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        write_atomic(&p, b"one").unwrap();
        let umask = {
            let probe = dir.path().join("probe");
            File::create(&probe).unwrap();
            0o666 & !std::fs::metadata(&probe).unwrap().mode() & 0o777
        };
        assert_eq!(
            std::fs::metadata(&p).unwrap().mode() & 0o777,
            0o666 & !umask
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().mode() & 0o777, 0o640);
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file left");
    }
}
