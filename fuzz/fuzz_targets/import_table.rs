//! Any bytes as a workbook or CSV imported into an assessment of the built-in catalogue:
//! reading and planning must not panic, and a plan that succeeds must leave an assessment
//! that writes out and loads again.
#![no_main]

use iso20k::assessment::{Assessment, file};
use iso20k::catalogue::Catalogue;
use iso20k::import;
use iso20k::source::Source;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(|| Catalogue::built_in().expect("the built-in catalogue loads"))
}

fuzz_target!(|data: &[u8]| {
    let table = if data.starts_with(b"PK") {
        import::xlsx::read("fuzz.xlsx", data.to_vec())
    } else {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        import::csv::read("fuzz.csv", text)
    };
    let Ok(table) = table else { return };
    let c = catalogue();
    let mut a = Assessment::new(
        c,
        "Org".into(),
        String::new(),
        String::new(),
        jiff::civil::Date::constant(2026, 11, 30),
    );
    let Ok(plan) = import::plan(c, &a, &table, None, jiff::Timestamp::UNIX_EPOCH) else {
        return;
    };
    plan.apply_to(&mut a);
    let written = file::render(&a, c);
    file::parse(&Source::new("written.yaml", &written), c)
        .unwrap_or_else(|e| panic!("what import makes must load: {e}\n---\n{written}"));
});
