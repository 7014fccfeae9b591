//! Crash safety: writers killed at arbitrary moments, locks left by killed sessions, and
//! writers racing each other. The file must always load and hold every confirmed answer.

use crate::support::*;
use iso20k::assessment::{Rating, file};
use iso20k::catalogue::Catalogue;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// A small deterministic pseudo-random sequence, so a failing round can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn ratings(path: &Path, c: &Catalogue) -> HashMap<String, Rating> {
    let loaded = file::load(path, c).unwrap_or_else(|e| panic!("the file must always load: {e}"));
    loaded
        .assessment
        .answers
        .into_iter()
        .map(|(k, v)| (k, v.rating))
        .collect()
}

#[test]
fn answer_killed_hundreds_of_times_never_loses_a_confirmed_answer() {
    let tmp = tempdir();
    let d = tmp.path();
    let path = init(d, "a.yaml", None);
    let c = Catalogue::built_in().unwrap();
    let levels = ["none", "initial", "partial", "largely", "full"];
    let mut rng = Lcg(20261130);
    let mut confirmed: HashSet<String> = HashSet::new();
    // Kill anywhere in a run's whole life. How long a run lives depends on the machine and
    // its load, so the kill window adapts: it shrinks after a run that finished and grows
    // after a kill, settling where about a third of the runs finish.
    let started = std::time::Instant::now();
    let r = run_in(d, &["answer", "a.yaml", "4.1-4", "none"], None);
    assert_eq!(r.code, 0, "{r:?}");
    let mut window = started.elapsed().as_micros() as f64;
    confirmed.insert("4.1-4".to_string());
    let (mut kills, mut completed) = (0, 0);
    let mut round = 0u64;
    while (kills < 200 || completed < 20) && round < 1_000 {
        round += 1;
        let req = &c.requirements[rng.next(c.requirements.len() as u64) as usize].id;
        let level = rng.next(5) as usize;
        let mut child = command(d)
            .args([
                "answer",
                "a.yaml",
                req,
                levels[level],
                "--note",
                &format!("round {round}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // From before the process starts reading to after it has written.
        std::thread::sleep(Duration::from_micros(rng.next(window as u64 + 1)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let on_disk = ratings(&path, &c);
        if status.success() {
            window *= 0.85;
            completed += 1;
            assert_eq!(
                on_disk.get(req),
                Some(&Rating::Level(level)),
                "round {round}"
            );
            confirmed.insert(req.clone());
        } else {
            window *= 1.07;
            kills += 1;
        }
        // A killed write may or may not have landed; a confirmed answer is never lost.
        for id in &confirmed {
            assert!(
                on_disk.contains_key(id),
                "round {round}: confirmed {id} lost"
            );
        }
    }
    eprintln!("answer: {kills} killed, {completed} completed");
    assert!(
        kills >= 200,
        "the test must really kill: {kills} kills, {completed} completed"
    );
    assert!(completed >= 20, "and let some finish: {completed}");
    // The next writer sweeps whatever temporary files the kills left.
    assert_eq!(
        run_in(d, &["answer", "a.yaml", "4.1-4", "full"], None).code,
        0
    );
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.yaml"], "no lock or temporary file left");
}

#[test]
fn racing_writers_never_lose_an_update() {
    let tmp = tempdir();
    let d = tmp.path();
    let path = init(d, "a.yaml", None);
    let c = Catalogue::built_in().unwrap();
    for round in 0..6 {
        let ids: Vec<&str> = c.requirements[round * 8..round * 8 + 8]
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        let children: Vec<_> = ids
            .iter()
            .map(|id| {
                command(d)
                    .args(["answer", "a.yaml", id, "largely"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "a queued writer succeeds: {out:?}");
        }
        let on_disk = ratings(&path, &c);
        for id in &ids {
            assert_eq!(
                on_disk.get(*id),
                Some(&Rating::Level(3)),
                "round {round}: {id}"
            );
        }
        assert_eq!(
            on_disk.len(),
            (round + 1) * 8,
            "round {round}: every earlier answer kept"
        );
    }
}

#[test]
fn a_killed_session_leaves_no_lock_in_the_way() {
    let tmp = tempdir();
    let d = tmp.path();
    init(d, "a.yaml", None);
    // A lock file left by a writer killed mid-save (SIGKILL runs no clean-up).
    std::fs::write(d.join(".a.yaml.lock"), "pid 999999").unwrap();
    for _ in 0..5 {
        let mut session = command(d)
            .args(["assess", "a.yaml"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(50));
        session.kill().unwrap();
        session.wait().unwrap();
        // The lock file may be there, but not the lock: the next session goes straight in.
        let started = std::time::Instant::now();
        let r = run_in(d, &["assess", "a.yaml"], Some("q\n"));
        assert_eq!(r.code, 0, "{r:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
