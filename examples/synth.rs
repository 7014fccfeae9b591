//! Synthetic catalogues and assessments of any size, for benchmarks.
//!
//! `cargo run --release --example synth -- N DIR` writes, for about N requirements:
//! - `DIR/catalogue-N.yaml`: clauses 4 to 10, sub-clauses and leaves of four requirements,
//!   the built-in scale, parties and readiness rules;
//! - `DIR/assessment-N.yaml`: every requirement answered, with notes, dated evidence and
//!   actions on the findings, as a real assessment looks;
//! - `DIR/assessment-N-new.yaml`: the same a month later, one answer in ten changed.
//!
//! Everything is deterministic: the same N gives the same bytes.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::expect_used,
    dead_code
)]

use iso20k::assessment::{Action, ActionStatus, Answer, Assessment, Evidence, Rating, file};
use iso20k::catalogue::Catalogue;
use iso20k::source::Source;
use jiff::civil::Date;
use std::fmt::Write as _;
use std::path::Path;

/// A deterministic pseudo-random sequence.
#[derive(Debug)]
pub struct Lcg(pub u64);

impl Lcg {
    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The YAML of a catalogue with about `n` requirements (a multiple of four).
pub fn catalogue_yaml(n: usize) -> String {
    let n = n.max(56);
    let leaves = n.div_ceil(4);
    let mut y = String::with_capacity(n * 400);
    y.push_str("id: synthetic\ntitle: Synthetic catalogue\nedition: \"2018\"\nversion: 1.0.0\n");
    y.push_str(
        "scale:\n\
         - {id: none, label: Not implemented, description: Nothing is in place., score: 0, finding: major}\n\
         - {id: initial, label: Initial, description: Informal and person-dependent., score: 25, finding: minor}\n\
         - {id: partial, label: Partially implemented, description: Defined but not applied everywhere., score: 50, finding: minor}\n\
         - {id: largely, label: Largely implemented, description: Applied with small gaps., score: 75, finding: observation}\n\
         - {id: full, label: Fully implemented, description: Applied and effective., score: 100, finding: none}\n",
    );
    y.push_str(
        "parties:\n\
         - {id: organization, label: The organization itself}\n\
         - {id: external-supplier, label: External supplier}\n",
    );
    y.push_str(
        "readiness:\n\
         - verdict: stage-1-ready\n  label: Ready for Stage 1\n  rules:\n\
         \x20 - {rule: min-level, level: largely, documented: true}\n\
         \x20 - {rule: min-level, level: partial, clauses: [\"9.1.1\", \"9.1.2\"]}\n\
         - verdict: stage-2-ready\n  label: Ready for Stage 2\n  includes: stage-1-ready\n  rules:\n\
         \x20 - {rule: min-coverage, percent: 100}\n\
         \x20 - {rule: max-findings, finding: major, count: 0}\n\
         \x20 - {rule: actions-planned, findings: [minor]}\n\
         \x20 - {rule: min-level, level: largely, clauses: [\"9.1.1\", \"9.1.2\"]}\n",
    );
    y.push_str("clauses:\n");
    let mut req = 0;
    for (t, top) in (4..=10).enumerate() {
        let _ = writeln!(y, "- id: \"{top}\"\n  title: Area {top}");
        if top == 8 {
            y.push_str("  other_parties: true\n");
        }
        y.push_str("  clauses:\n");
        let mut left = leaves / 7 + usize::from(t < leaves % 7);
        let mut g = 0;
        while left > 0 {
            g += 1;
            let _ = writeln!(
                y,
                "  - id: \"{top}.{g}\"\n    title: Topic {top}.{g}\n    clauses:"
            );
            for l in 1..=left.min(20) {
                let _ = writeln!(
                    y,
                    "    - id: \"{top}.{g}.{l}\"\n      title: Process {top}.{g}.{l}\n      requirements:"
                );
                for k in 1..=4 {
                    if req == n {
                        break;
                    }
                    req += 1;
                    let _ = writeln!(
                        y,
                        "      - id: {top}.{g}.{l}-{k}\n        question: Is control {k} of process {top}.{g}.{l} defined, applied and checked, with records kept?\n        guidance: Sample three recent cases and trace each to its record and review.\n        evidence: [Procedure, Records of the last quarter, Review minutes]"
                    );
                    if req % 5 == 0 {
                        y.push_str("        documented: true\n");
                    }
                }
            }
            left = left.saturating_sub(20);
        }
    }
    y
}

/// An assessment answering every requirement.
pub fn assessment(c: &Catalogue, seed: u64) -> Assessment {
    let mut a = Assessment::new(
        c,
        "Synthetic Services Ltd".into(),
        "Every service".into(),
        "Benchmark".into(),
        Date::constant(2026, 11, 30),
    );
    let mut rng = Lcg(seed);
    for r in &c.requirements {
        let level = [0, 1, 2, 2, 3, 3, 3, 4, 4, 4][rng.below(10) as usize];
        let mut ans = Answer::rated(Rating::Level(level));
        ans.note = Some(format!(
            "Sampled {} records for {}; {} of them complete, reviewed with the process owner.",
            3 + rng.below(5),
            r.id,
            rng.below(4)
        ));
        ans.evidence = (0..1 + rng.below(2))
            .map(|i| Evidence {
                reference: format!("DOC-{}-{i} procedure and records", r.id),
                reviewed: Some(Date::constant(
                    2025,
                    1 + rng.below(12) as i8,
                    1 + rng.below(28) as i8,
                )),
            })
            .collect();
        if level < 4 {
            ans.action = Some(Action {
                what: format!(
                    "Close the gap found in {} and show records for one quarter",
                    r.id
                ),
                owner: (rng.below(10) > 0).then(|| format!("Owner {}", rng.below(40))),
                due: (rng.below(10) > 0).then(|| {
                    Date::constant(
                        2026 + rng.below(2) as i16,
                        1 + rng.below(12) as i8,
                        1 + rng.below(28) as i8,
                    )
                }),
                status: [
                    ActionStatus::Open,
                    ActionStatus::InProgress,
                    ActionStatus::Done,
                ][rng.below(3) as usize],
                target: None,
            });
        }
        a.answers.insert(r.id.clone(), ans);
    }
    a
}

/// The same assessment a month later: one answer in ten re-rated.
pub fn later(c: &Catalogue, old: &Assessment, seed: u64) -> Assessment {
    let mut a = old.clone();
    a.as_of = Date::constant(2026, 12, 31);
    let mut rng = Lcg(seed);
    for r in &c.requirements {
        if rng.below(10) == 0
            && let Some(ans) = a.answers.get_mut(&r.id)
        {
            ans.rating = Rating::Level(rng.below(5) as usize);
        }
    }
    a
}

/// Writes the three files for `n` into `dir`.
pub fn write(n: usize, dir: &Path) -> std::io::Result<()> {
    let yaml = catalogue_yaml(n);
    let c = iso20k::catalogue::load(&Source::new("synthetic", &yaml)).expect("valid catalogue");
    let old = assessment(&c, n as u64);
    let new = later(&c, &old, n as u64 + 1);
    std::fs::write(dir.join(format!("catalogue-{n}.yaml")), &yaml)?;
    std::fs::write(
        dir.join(format!("assessment-{n}.yaml")),
        file::render(&old, &c),
    )?;
    std::fs::write(
        dir.join(format!("assessment-{n}-new.yaml")),
        file::render(&new, &c),
    )?;
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: synth N DIR   (N requirements, e.g. 216, 2000, 20000)");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| write(n, dir)) {
        eprintln!("synth: {e}");
        std::process::exit(2);
    }
    println!(
        "wrote {}/catalogue-{n}.yaml, assessment-{n}.yaml, assessment-{n}-new.yaml",
        dir.display()
    );
}
