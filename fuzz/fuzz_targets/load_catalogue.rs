//! Any bytes as a catalogue: loading must return a catalogue or diagnostics, never panic.
#![no_main]

use iso20k::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = iso20k::catalogue::load(&Source::new("fuzz.yaml", text)) {
        // A loaded catalogue must be usable: every clause's requirements in range.
        for cl in &c.clauses {
            assert!(cl.requirements.end <= c.requirements.len());
        }
        let _ = iso20k::catalogue::Catalogue::leaf_count(&c);
    }
});
