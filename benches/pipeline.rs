//! Criterion benchmarks of each stage, on synthetic catalogues of 216, 2,000 and 20,000
//! requirements: loading, scoring (with progress and the forecast), rendering reports and
//! diffing. Run: `cargo bench --bench pipeline` (BENCHMARKS.md has the whole-process
//! figures).

#![allow(
    missing_docs,
    missing_debug_implementations,
    clippy::unwrap_used,
    clippy::expect_used
)]

#[path = "../examples/synth.rs"]
mod synth;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use iso20k::assessment::file;
use iso20k::catalogue::Catalogue;
use iso20k::progress::diff::{Input, diff};
use iso20k::progress::{Judging, freshness::MaxAge, progress};
use iso20k::report::{Format, context, render};
use iso20k::score::score;
use iso20k::source::Source;
use std::hint::black_box;

const SIZES: [usize; 3] = [216, 2_000, 20_000];

struct Fixture {
    catalogue_yaml: String,
    assessment_yaml: String,
    catalogue: Catalogue,
    old: iso20k::assessment::Assessment,
    new: iso20k::assessment::Assessment,
}

fn fixture(n: usize) -> Fixture {
    let catalogue_yaml = synth::catalogue_yaml(n);
    let catalogue = iso20k::catalogue::load(&Source::new("c", &catalogue_yaml)).unwrap();
    let old = synth::assessment(&catalogue, n as u64);
    let new = synth::later(&catalogue, &old, n as u64 + 1);
    Fixture {
        assessment_yaml: file::render(&old, &catalogue),
        catalogue_yaml,
        catalogue,
        old,
        new,
    }
}

fn judging() -> Judging {
    Judging {
        as_of: jiff::civil::Date::constant(2026, 11, 30),
        max_age: MaxAge::default(),
    }
}

fn benches(c: &mut Criterion) {
    for n in SIZES {
        let f = fixture(n);
        let cat = &f.catalogue;
        let mut g = c.benchmark_group(format!("{n} requirements"));
        if n >= 20_000 {
            g.sample_size(10);
        }
        g.bench_function(BenchmarkId::new("load", "catalogue"), |b| {
            b.iter(|| {
                iso20k::catalogue::load(&Source::new("c", black_box(&f.catalogue_yaml))).unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("load", "assessment"), |b| {
            b.iter(|| file::parse(&Source::new("a", black_box(&f.assessment_yaml)), cat).unwrap())
        });
        g.bench_function(BenchmarkId::new("write", "assessment"), |b| {
            b.iter(|| file::render(black_box(&f.old), cat))
        });
        g.bench_function(BenchmarkId::new("score", "verdict"), |b| {
            b.iter(|| score(cat, black_box(&f.old)))
        });
        let s = score(cat, &f.old);
        g.bench_function(BenchmarkId::new("score", "progress and forecast"), |b| {
            b.iter(|| progress(cat, black_box(&f.old), &s, judging()))
        });
        let p = progress(cat, &f.old, &s, judging());
        for (name, kind) in [
            ("html", Format::Html),
            ("md", Format::Markdown),
            ("json", Format::Json),
            ("csv", Format::Csv(Default::default())),
            ("oscal", Format::Oscal),
            ("docx", Format::Docx),
        ] {
            g.bench_function(BenchmarkId::new("render", name), |b| {
                b.iter(|| {
                    let ctx = context::build(cat, &f.old, &s, &p);
                    render(&ctx, kind).unwrap()
                })
            });
        }
        let s_new = score(cat, &f.new);
        g.bench_function(BenchmarkId::new("diff", "compute"), |b| {
            b.iter(|| {
                diff(
                    cat,
                    Input {
                        assessment: &f.old,
                        scores: &s,
                    },
                    Input {
                        assessment: &f.new,
                        scores: &s_new,
                    },
                )
            })
        });
        g.finish();
    }
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
