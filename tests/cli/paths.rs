//! Where outputs go and what inputs are read, with paths an attacker chose: streams are
//! written into, never replaced; links are followed once and stay links; nothing but
//! regular files, FIFOs and character devices is written; every input is read through the
//! size limit; and files keep the mode, owner and group they had.

use crate::support::*;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo");
}

#[test]
fn a_fifo_is_written_into_and_stays_a_fifo() {
    let t = Test::new().assessment("a.yaml");
    let fifo = t.path("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let r = run_in(
        t.dir(),
        &["report", "a.yaml", "--format", "md", "-o", "out.fifo"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = reader.join().unwrap();
    assert!(got.starts_with("# Gap assessment"), "{got}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn dev_null_stays_a_device() {
    let t = Test::new().assessment("a.yaml");
    let r = run_in(t.dir(), &["report", "a.yaml", "-o", "/dev/null"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(
        m.file_type().is_char_device(),
        "/dev/null is still a device"
    );
}

#[test]
fn a_link_to_dev_stdout_writes_to_stdout_and_stays_a_link() {
    let t = Test::new().assessment("a.yaml");
    std::os::unix::fs::symlink("/dev/stdout", t.path("out.md")).unwrap();
    let r = run_in(
        t.dir(),
        &["report", "a.yaml", "--format", "md", "-o", "out.md"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("# Gap assessment"), "{}", r.stdout);
    let m = std::fs::symlink_metadata(t.path("out.md")).unwrap();
    assert!(m.file_type().is_symlink());
}

#[test]
fn dash_is_stdout() {
    let t = Test::new().assessment("a.yaml");
    let r = run_in(
        t.dir(),
        &["report", "a.yaml", "--format", "md", "-o", "-"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("# Gap assessment"));
    assert!(!t.path("-").exists(), "no file named -");
}

#[test]
fn a_block_device_is_refused_not_replaced() {
    if !is_root() {
        eprintln!("skipped: mknod needs root (CI runs as root)");
        return;
    }
    let t = Test::new().assessment("a.yaml");
    let ok = std::process::Command::new("mknod")
        .args([t.path("blk").to_str().unwrap(), "b", "7", "250"])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let r = run_in(t.dir(), &["report", "a.yaml", "-o", "blk"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("blk: is a block device"), "{}", r.stderr);
    let m = std::fs::symlink_metadata(t.path("blk")).unwrap();
    assert!(m.file_type().is_block_device());
}

#[test]
fn an_assessment_must_be_a_regular_file() {
    let t = Test::new();
    mkfifo(&t.path("a.yaml"));
    let r = run_in(t.dir(), &["init", "a.yaml", "--force"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a.yaml: is not a regular file"),
        "{}",
        r.stderr
    );
    assert!(
        std::fs::symlink_metadata(t.path("a.yaml"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn a_linked_assessment_updates_the_shared_file_and_stays_a_link() {
    let t = Test::new();
    std::fs::create_dir(t.path("shared")).unwrap();
    std::fs::create_dir(t.path("mine")).unwrap();
    let t = t.assessment("shared/a.yaml");
    std::os::unix::fs::symlink("../shared/a.yaml", t.path("mine/a.yaml")).unwrap();
    let r = run_in(t.dir(), &["answer", "mine/a.yaml", "4.1-3", "full"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("saved to mine/a.yaml"), "{}", r.stderr);
    let link = std::fs::symlink_metadata(t.path("mine/a.yaml")).unwrap();
    assert!(link.file_type().is_symlink(), "still a link");
    let shared = String::from_utf8(t.read("shared/a.yaml")).unwrap();
    assert!(shared.contains("  4.1-3:\n    rating: full"), "{shared}");
    let stray: Vec<_> = std::fs::read_dir(t.path("mine")).unwrap().collect();
    assert_eq!(stray.len(), 1, "nothing left beside the link");
}

#[test]
fn a_dangling_link_is_refused_and_its_target_not_created() {
    let t = Test::new();
    std::os::unix::fs::symlink("elsewhere.yaml", t.path("a.yaml")).unwrap();
    let r = run_in(
        t.dir(),
        &["init", "a.yaml", "--org", "A", "--scope", "S"],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("symbolic link to a file that does not exist"),
        "{}",
        r.stderr
    );
    assert!(!t.path("elsewhere.yaml").exists());
}

#[test]
fn no_output_replaces_an_input() {
    let t = Test::new().assessment("a.yaml").file(
        "cat.yaml",
        std::fs::read(fixture("catalogues/mini.yaml")).unwrap(),
    );
    init(t.dir(), "m.yaml", Some(&t.path("cat.yaml")));
    let before = t.read("cat.yaml");
    let r = run_in(
        t.dir(),
        &[
            "--catalogue",
            "cat.yaml",
            "report",
            "m.yaml",
            "-o",
            "cat.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("-o names a file this run reads"),
        "{}",
        r.stderr
    );
    assert_eq!(t.read("cat.yaml"), before);
}

#[test]
fn new_files_follow_the_umask_and_rewrites_keep_mode_and_group() {
    let t = Test::new();
    let sh = format!("umask 027; exec {} init a.yaml --org A --scope S", bin());
    let ok = std::process::Command::new("sh")
        .args(["-c", &sh])
        .current_dir(t.dir())
        .env("ISO20K_TODAY", "2026-11-30")
        .output()
        .unwrap();
    assert!(ok.status.success(), "{ok:?}");
    let mode = |p: &str| std::fs::metadata(t.path(p)).unwrap().mode() & 0o7777;
    assert_eq!(mode("a.yaml"), 0o640, "0666 less the umask");
    std::fs::set_permissions(t.path("a.yaml"), std::fs::Permissions::from_mode(0o660)).unwrap();
    if is_root() {
        std::os::unix::fs::chown(t.path("a.yaml"), None, Some(1)).unwrap();
    }
    let r = run_in(t.dir(), &["answer", "a.yaml", "4.1-3", "full"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mode("a.yaml"), 0o660, "the mode stays");
    if is_root() {
        let gid = std::fs::metadata(t.path("a.yaml")).unwrap().gid();
        assert_eq!(gid, 1, "the group stays");
    }
}

#[test]
fn endless_inputs_stop_at_the_limit() {
    let t = Test::new();
    let r = run_in(t.dir(), &["score", "/dev/zero"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("/dev/zero: is longer than the 16 MiB limit"),
        "{}",
        r.stderr
    );
    // A pipe of 20 MiB on stdin.
    let big = "#".repeat(20 * 1024 * 1024);
    let r = run_in(t.dir(), &["score", "/dev/stdin"], Some(&big));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("/dev/stdin: is longer than the 16 MiB limit"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_save_iso20k_could_not_read_back_is_refused() {
    // A file just under the limit, written without the blank lines iso20k puts between
    // answers: saved, it would be over the limit.
    let t = Test::new().assessment("a.yaml");
    let mut text: String = String::from_utf8(t.read("a.yaml"))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let limit = 16 * 1024 * 1024;
    let note = "x".repeat(19_000);
    let mut n = 0;
    while text.len() + 19_100 < limit {
        text.push_str(&format!("  u{n:05}:\n    rating: none\n    note: {note}\n"));
        n += 1;
    }
    let pad = "x".repeat(limit - text.len() - 100);
    text.push_str(&format!("  u{n:05}:\n    rating: none\n    note: {pad}\n"));
    assert!(text.len() < limit);
    let t = t.file("a.yaml", &text);
    let r = run_in(t.dir(), &["answer", "a.yaml", "4.1-3", "full"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not saved"), "{}", r.stderr);
    assert_eq!(t.read("a.yaml"), text.as_bytes(), "the file is as it was");
}
