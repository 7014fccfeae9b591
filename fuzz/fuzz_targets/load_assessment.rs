//! Any bytes as an assessment of the built-in catalogue: loading must not panic, and what
//! loads must write out to text that loads again and writes out to the same bytes.
//! (Exact round trips of tool-written files are a property test in `src/assessment/file.rs`;
//! here the input is arbitrary, so free text may be normalized once.)
#![no_main]

use iso20k::assessment::file;
use iso20k::catalogue::Catalogue;
use iso20k::source::Source;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(|| Catalogue::built_in().expect("the built-in catalogue loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let c = catalogue();
    let Ok(loaded) = file::parse(&Source::new("fuzz.yaml", text), c) else {
        return;
    };
    let written = file::render(&loaded.assessment, c);
    let again = file::parse(&Source::new("written.yaml", &written), c)
        .unwrap_or_else(|e| panic!("what iso20k writes must load: {e}\n---\n{written}"));
    assert_eq!(file::render(&again.assessment, c), written, "written text is a fixed point");
    let third = file::parse(&Source::new("again.yaml", &written), c).expect("loads again");
    assert_eq!(third.assessment, again.assessment, "loading is deterministic");
});
