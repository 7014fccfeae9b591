//! An advisory lock that keeps two iso20k processes from editing one assessment at once.
//!
//! The lock is an OS file lock (`flock`) on a hidden file beside the assessment
//! (`.NAME.lock`). The operating system releases it when the holder exits, however it
//! exits, so a crashed session never leaves the file locked forever; the next session
//! takes over the stale lock file.
//!
//! Whoever can write to the assessment's folder can plant something at the lock's path.
//! So the lock file is opened without following a symbolic link, created private (0600),
//! and used only if what was opened is a plain file with no other name; its content is
//! never shown except as the `pid N` that iso20k itself writes.

use crate::error::{Diagnostic, Error, Result};
use std::fs::{File, Metadata, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A held lock; released (and its file removed) on drop.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

/// The lock file's path for an assessment file.
pub fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "assessment".into());
    target.with_file_name(format!(".{name}.lock"))
}

impl Lock {
    /// Takes the lock for `target`, or says who holds it.
    pub fn acquire(target: &Path) -> Result<Lock> {
        Self::attempt(target)?.map_err(Error::Usage)
    }

    /// Takes the lock for `target`, waiting up to `patience` for another iso20k to finish
    /// (for `answer`: scripts that set answers in parallel then queue instead of failing).
    pub fn acquire_within(target: &Path, patience: Duration) -> Result<Lock> {
        let deadline = Instant::now() + patience;
        loop {
            match Self::attempt(target)? {
                Ok(lock) => return Ok(lock),
                Err(busy) if Instant::now() >= deadline => return Err(Error::Usage(busy)),
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }

    /// One try: the lock, or (inside) the message saying who holds it.
    fn attempt(target: &Path) -> Result<std::result::Result<Lock, String>> {
        let path = lock_path(target);
        loop {
            let mut file = open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let who = holder(&mut file)
                        .map(|pid| format!(" (pid {pid})"))
                        .unwrap_or_default();
                    return Ok(Err(format!(
                        "{}: another iso20k is editing this assessment{who}; wait for it to finish, then run again (lock: {})",
                        target.display(),
                        path.display()
                    )));
                }
                Err(TryLockError::Error(e)) => return Err(Error::io("cannot lock", &path, e)),
            }
            // The previous holder may have removed the lock file between our open and our
            // lock; then we hold a lock on a file nobody else can see. Start again.
            if !still_at(&file, &path) {
                continue;
            }
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = write!(file, "pid {}", std::process::id());
            let _ = file.flush();
            crate::fs::remove_stale_temps(target);
            return Ok(Ok(Lock { file, path }));
        }
    }
}

/// Opens (or creates, private) the lock file at `path`, refusing anything but a plain file
/// of its own: never a symbolic link (whose target would be emptied), FIFO (which could
/// block), directory, device or socket, nor a file with another name elsewhere.
fn open(path: &Path) -> Result<File> {
    let opened = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        // NOFOLLOW: a link at the lock's path fails to open (ELOOP) instead of being
        // followed, dangling or not. NONBLOCK: opening a FIFO never waits for a peer.
        // NOCTTY: a terminal device never becomes our controlling terminal.
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(e) => {
            // Say what is in the way when it is not a file; else the OS's own reason.
            return Err(match std::fs::symlink_metadata(path) {
                Ok(meta) => refusal(path, &meta)
                    .unwrap_or_else(|| Error::io("cannot create the lock file", path, e)),
                Err(_) => Error::io("cannot create the lock file", path, e),
            });
        }
    };
    // What was opened, not what is at the path now: the answer cannot change under us.
    let meta = file
        .metadata()
        .map_err(|e| Error::io("cannot inspect the lock file", path, e))?;
    match refusal(path, &meta) {
        Some(refused) => Err(refused),
        None => Ok(file),
    }
}

/// Why `meta` cannot be a lock file, if it cannot.
fn refusal(path: &Path, meta: &Metadata) -> Option<Error> {
    let t = meta.file_type();
    let what = if t.is_symlink() {
        "is a symbolic link"
    } else if t.is_dir() {
        "is a directory"
    } else if t.is_fifo() {
        "is a FIFO (named pipe)"
    } else if t.is_socket() {
        "is a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "is a device"
    } else if !t.is_file() {
        "is not a regular file"
    } else if meta.nlink() > 1 {
        // Another name for the same file: writing `pid N` would change that file too.
        "has other hard links"
    } else {
        return None;
    };
    Some(Error::invalid(
        Diagnostic::file(
            path.display().to_string(),
            format!("{what}; the lock file must be a plain file of iso20k's own"),
        )
        .with_help(format!(
            "remove {} and run again; iso20k creates it anew",
            path.display()
        )),
    ))
}

/// The holder's pid, when the lock file says `pid <digits>` exactly (as iso20k writes it);
/// anything else in it is someone else's text and is never shown.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = Vec::new();
    // `pid ` and at most 10 digits: 32 bytes hold anything iso20k wrote, whatever the size.
    file.take(32).read_to_end(&mut text).ok()?;
    parse_holder(&text)
}

fn parse_holder(text: &[u8]) -> Option<u32> {
    let digits = text.strip_prefix(b"pid ")?;
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Whether `path` (not following a link) is still the file `file` has open.
fn still_at(file: &File, path: &Path) -> bool {
    match (std::fs::symlink_metadata(path), file.metadata()) {
        (Ok(on_disk), Ok(ours)) => on_disk.ino() == ours.ino() && on_disk.dev() == ours.dev(),
        _ => false,
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove only our own file: whatever now has the name is someone else's.
        if still_at(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        let first = Lock::acquire(&target).unwrap();
        let err = Lock::acquire(&target).unwrap_err().to_string();
        assert!(
            err.contains("another iso20k is editing this assessment (pid"),
            "{err}"
        );
        drop(first);
        assert!(!lock_path(&target).exists());
        Lock::acquire(&target).unwrap();
    }

    #[test]
    fn only_what_iso20k_writes_names_the_holder() {
        assert_eq!(parse_holder(b"pid 4242"), Some(4242));
        for other in [
            &b""[..],
            b"pid ",
            b"pid 12 ",
            b"pid 12\n",
            b"pid -1",
            b"pid 99999999999999999999",
            b"\x1b]0;pwned\x07",
            b"pid 1\x1b[2J",
        ] {
            assert_eq!(parse_holder(other), None, "{other:?}");
        }
    }

    #[test]
    fn a_new_lock_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        let _lock = Lock::acquire(&target).unwrap();
        let mode = std::fs::metadata(lock_path(&target))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }

    #[test]
    fn a_hard_link_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::fs::hard_link(&victim, lock_path(&target)).unwrap();
        let err = Lock::acquire(&target).unwrap_err().to_string();
        assert!(err.contains("has other hard links"), "{err}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    }

    #[test]
    fn drop_leaves_a_file_that_replaced_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.yaml");
        let lock = Lock::acquire(&target).unwrap();
        let path = lock_path(&target);
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, "someone else's").unwrap();
        drop(lock);
        assert_eq!(std::fs::read(&path).unwrap(), b"someone else's");
    }
}
