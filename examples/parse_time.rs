//! How long reading the YAML files takes: the best of 60 reads of the built-in catalogue
//! and of a synthetic assessment, each from text to the validated model (the YAML reader
//! in `src/yaml.rs` plus the checks of the loaders).
//!
//! ```sh
//! cargo run --release --example synth -- 20000 target/bench-data
//! cargo run --release --example parse_time -- target/bench-data 20000
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use iso20k::assessment::file;
use iso20k::catalogue::{self, BUILT_IN, Catalogue};
use iso20k::source::Source;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 60;

/// The shortest of [`RUNS`] calls of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (args.first(), args.get(1)) else {
        eprintln!("usage: parse_time DIR N   (after `synth N DIR`)");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let built_in = Source::new("built-in", BUILT_IN);
    let big = Source::read(&dir.join(format!("catalogue-{n}.yaml")))?;
    let answers = Source::read(&dir.join(format!("assessment-{n}.yaml")))?;
    let big_catalogue: Catalogue = catalogue::load(&big)?;

    let t = best(|| {
        black_box(catalogue::load(black_box(&built_in)).ok());
    });
    println!(
        "built-in catalogue ({} KB): {:.2} ms",
        BUILT_IN.len() / 1024,
        t.as_secs_f64() * 1e3
    );
    let t = best(|| {
        black_box(file::parse(black_box(&answers), &big_catalogue).ok());
    });
    println!(
        "assessment of {n} requirements ({:.1} MB): {:.1} ms",
        answers.text.len() as f64 / 1e6,
        t.as_secs_f64() * 1e3
    );
    Ok(())
}
