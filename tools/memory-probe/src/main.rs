//! Prints the live heap after each stage of `iso20k report`, and what each part of the
//! template values costs, for a catalogue and an assessment given as arguments.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed straight to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb() -> f64 {
    LIVE.load(Ordering::Relaxed) as f64 / 1e6
}

fn main() {
    use iso20k::progress::{Judging, progress};
    use iso20k::source::Source;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [catalogue, assessment] = args.as_slice() else {
        eprintln!("usage: iso20k-memory-probe CATALOGUE ASSESSMENT");
        std::process::exit(2);
    };
    let c = iso20k::catalogue::load(&Source::read(Path::new(catalogue)).unwrap()).unwrap();
    println!("catalogue model: {:.1} MB", mb());
    let before = mb();
    let a = iso20k::assessment::file::load(Path::new(assessment), &c)
        .unwrap()
        .assessment;
    println!("assessment model: {:.1} MB", mb() - before);
    let before = mb();
    let s = iso20k::score::score(&c, &a);
    let judging = Judging {
        as_of: jiff::civil::Date::constant(2026, 11, 30),
        max_age: Default::default(),
    };
    let p = progress(&c, &a, &s, judging);
    println!("scores, plan, stale evidence, forecast: {:.1} MB", mb() - before);
    let before = mb();
    let ctx = iso20k::report::context::build(&c, &a, &s, &p);
    println!("typed report context: {:.1} MB", mb() - before);
    let before = mb();
    let values = iso20k::report::context::to_tera(&ctx);
    println!("tera values of the context: {:.1} MB", mb() - before);
    for (name, part) in [
        ("  of which requirements", &ctx.requirements as &dyn erased::Ser),
        ("  of which actions", &ctx.actions),
        ("  of which stale evidence", &ctx.stale_evidence),
        ("  of which clauses", &ctx.clauses),
    ] {
        let before = mb();
        let v = part.value();
        println!("{name}: {:.1} MB", mb() - before);
        drop(v);
    }
    println!("total live: {:.1} MB", mb());
    drop(values);
}

mod erased {
    /// Serializable into a tera value, behind a trait object.
    pub trait Ser {
        fn value(&self) -> tera::Value;
    }

    impl<T: serde::Serialize> Ser for T {
        fn value(&self) -> tera::Value {
            tera::Value::from_serializable(self)
        }
    }
}
