//! Any bytes as an assessment: whatever loads must score, forecast and render in every
//! built-in format without panicking, with every score inside 0..=100.
#![no_main]

use iso20k::assessment::file;
use iso20k::catalogue::Catalogue;
use iso20k::progress::{Judging, freshness::MaxAge, progress};
use iso20k::report::{Format, context, render};
use iso20k::score::score;
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
    let a = loaded.assessment;
    let s = score(c, &a);
    assert!((0.0..=100.0).contains(&s.overall.readiness));
    let judging = Judging {
        as_of: jiff::civil::Date::constant(2026, 11, 30),
        max_age: MaxAge::default(),
    };
    let p = progress(c, &a, &s, judging);
    assert!((0.0..=100.0).contains(&p.forecast.readiness));
    assert!(
        p.forecast.readiness + 1e-9 >= s.overall.readiness,
        "done actions never lower readiness"
    );
    let mut ctx = context::build(c, &a, &s, &p);
    for kind in [Format::Markdown, Format::Html, Format::Csv(Default::default()), Format::Json] {
        render(&ctx, kind).unwrap_or_else(|e| panic!("a built-in report must render: {e}"));
    }
    let mut docx = Vec::new();
    iso20k::report::render_to(&ctx, Format::Docx, &mut docx)
        .unwrap_or_else(|e| panic!("the Word report must render: {e}"));
    assert!(docx.starts_with(b"PK\x03\x04"), "a zip archive");
    ctx.audience = iso20k::report::Audience::Client;
    render(&ctx, Format::Html).unwrap_or_else(|e| panic!("the client report must render: {e}"));
    // OSCAL refuses only dates outside its years, and then says so before writing.
    if iso20k::report::oscal::representable(&ctx).is_ok() {
        let text = render(&ctx, Format::Oscal).unwrap_or_else(|e| panic!("OSCAL must render: {e}"));
        assert!(
            text.starts_with("{\n  \"assessment-results\": {"),
            "an OSCAL document"
        );
    }
});
