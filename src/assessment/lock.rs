//! An advisory lock that keeps two iso20k processes from editing one assessment at once.
//!
//! The lock is an OS file lock (`flock`) on a hidden file beside the assessment
//! (`.NAME.lock`). The operating system releases it when the holder exits, however it
//! exits, so a crashed session never leaves the file locked forever; the next session
//! takes over the stale lock file.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
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
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Error::io("cannot create the lock file", &path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    let who = if holder.is_empty() {
                        String::new()
                    } else {
                        format!(" ({holder})")
                    };
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
            let same = match (std::fs::metadata(&path), file.metadata()) {
                (Ok(on_disk), Ok(ours)) => {
                    on_disk.ino() == ours.ino() && on_disk.dev() == ours.dev()
                }
                _ => false,
            };
            if !same {
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

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
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
}
