use super::*;
use serde::Deserialize;

/// Strings that trip YAML writers or readers; the CLI's PyYAML test reads the same list.
fn awkward() -> Vec<String> {
    serde_json::from_str(include_str!("../../tests/fixtures/awkward-strings.json")).unwrap()
}

#[test]
fn the_style_of_each_awkward_form() {
    use Style::{DoubleQuoted as D, Literal as L, Plain as P, SingleQuoted as S};
    #[rustfmt::skip]
    let cases: &[(&str, Style)] = &[
        // Nulls and booleans of YAML 1.2 and 1.1, in any letter case.
        ("", S), ("~", S), ("null", S), ("Null", S), ("NULL", S), ("nUlL", S),
        ("true", S), ("True", S), ("FALSE", S), ("y", S), ("Y", S), ("n", S), ("N", S),
        ("yes", S), ("Yes", S), ("YES", S), ("no", S), ("No", S), ("NO", S),
        ("on", S), ("On", S), ("ON", S), ("off", S), ("Off", S), ("OFF", S),
        // Integers: 1.2 core and JSON, 1.1 with `_`, bases 2, 8, 16, 60, Psych's `,`.
        ("0", S), ("-1", S), ("+1", S), ("017", S), ("1_000", S), ("1__", S), ("1,000", S),
        ("0o17", S), ("0x1F", S), ("-0x1f", S), ("0x_1F", S), ("0x+1F", S), ("0b101", S),
        ("12:30", S), ("0:30", S), ("190:20:30", S), ("18446744073709551616", S),
        // Floats, with 1.1's sexagesimal ones, and what Rust's f64 parser reads.
        ("1.5", S), ("1.", S), (".5", S), ("+.5", S), ("1e5", S), ("1E+5", S), ("1e400", S),
        ("6.8523015e+5", S), ("685.230_15e+03", S), ("190:20:30.15", S), ("1,000.5", S),
        (".", S), (".e+5", S), (".inf", S), ("-.Inf", S), ("+.INF", S), (".nan", S), (".NaN", S),
        ("inf", S), ("-infinity", S), ("NaN", S),
        // YAML 1.1 dates and times; the merge and value keys.
        ("2024-01-01", S), ("2024-1-1", S), ("2001-12-14t21:59:43.10-05:00", S),
        ("2001-12-14T21:59:43Z", S), ("2001-12-14 21:59:43.10 -5", S), ("<<", S), ("=", S),
        // Indicators: at the start, `: ` and ` #` anywhere, document markers.
        ("#x", S), ("a #b", S), ("a: b", S), ("a:", S), ("- x", S), ("-", S), ("?", S),
        ("? x", S), (":x", S), ("::error file=a::b", S), ("---", S), ("--- x", S), ("---x", S),
        ("...", S), ("... x", S), ("&a", S), ("*a", S), ("!a", S), ("!!str", S), ("|", S),
        (">", S), ("%x", S), ("@x", S), ("`x", S), ("'q", S), ("\"q", S), ("[x", S), ("]x", S),
        ("{x", S), ("}x", S), (",x", S),
        // Leading and trailing white space, of any kind.
        (" x", S), ("x ", S), (" ", S), ("\u{a0}x", S), ("x\u{3000}", S),
        // Characters some reader takes for a break or for nothing: double quotes.
        ("\t", D), ("a\tb", D), ("a\rb", D), ("a\r\nb", D), ("a\u{85}b", D), ("a\u{2028}b", D),
        ("a\u{2029}b", D), ("\u{feff}a", D), ("a\u{feff}", D), ("\u{fffe}", D), ("\u{ffff}", D),
        ("\0", D), ("\u{7}", D), ("\u{1b}[31m", D), ("\u{7f}", D), ("\u{80}", D), ("\u{9f}", D),
        // Lines: a literal block where every line reads back, else double quotes.
        ("a\nb", L), (" a\nb", L), ("\na", L), ("a\n", L), ("a\n\nb", L), ("---\n...", L),
        ("# x\n- y: z", L), ("::error::x\n::warning::y", L), ("a\n  b", L),
        ("a\n\n", D), ("\n", D), ("\n\n", D), ("a \nb", D), ("a\nb ", D), ("a\n \nb", D),
        ("a\n\tb", D), ("a\u{2028}\nb", D), ("a\r\nb\n", D),
        // Ordinary text stays plain, and so do the files' own ids and versions.
        ("Acme Hosting Ltd", P), ("Risk & Compliance Lead (M. Brennan)", P), ("it's", P),
        ("say \"hi\"", P), ("a#b", P), ("x]", P), ("a, b", P), ("a:b", P), ("-x", P),
        ("?x", P), ("100%", P), ("C:\\path", P), ("https://example.com/a?b=c#d", P),
        ("e\u{301}", P), ("\u{301}", P), ("emoji \u{1f389}", P), ("\u{4e2d}\u{6587}", P),
        ("4.1-4", P), ("8.6.1-2", P), ("2.0.0", P), ("1.2.3.4", P), ("iso-iec-20000-1-2018", P),
        ("largely", P), ("none", P), ("not-applicable", P), ("in-progress", P),
        ("document-review", P), ("2024-01", P), ("2024-01-01x", P), ("12345-01-01", P),
        ("0xygen", P), ("e5", P), ("1e", P), ("1.5e", P), ("nobody", P), ("onboarding", P),
        ("yesterday", P), ("null pointer", P), ("_", P), ("_0", P), ("-_1", P), ("1:2:x", P),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(s, want)| style(s, Place::Value) != *want)
        .map(|(s, want)| format!("{s:?}: {:?}, not {want:?}", style(s, Place::Value)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_key_stays_on_one_line() {
    assert_eq!(style("a\nb", Place::Key), Style::DoubleQuoted);
    assert_eq!(style("no", Place::Key), Style::SingleQuoted);
    assert_eq!(style("4.1-4", Place::Key), Style::Plain);
}

fn written(s: &str, indent: usize) -> String {
    let mut out = String::new();
    value(&mut out, s, indent);
    out
}

#[test]
fn what_each_style_writes() {
    assert_eq!(written("Acme", 0), "Acme\n");
    assert_eq!(written("no", 0), "'no'\n");
    assert_eq!(written("it's: ok", 0), "'it''s: ok'\n");
    assert_eq!(written("a\nb", 4), "|-\n      a\n      b\n");
    assert_eq!(written("a\n", 0), "|\n  a\n");
    assert_eq!(written(" a\n\nb", 0), "|2-\n   a\n\n  b\n");
    assert_eq!(
        written(
            "\"\\\0\u{7}\u{8}\t\n\u{b}\u{c}\r\u{1b}\u{85}\u{2028}\u{2029}",
            0
        ),
        "\"\\\"\\\\\\0\\a\\b\\t\\n\\v\\f\\r\\e\\N\\L\\P\"\n"
    );
    assert_eq!(
        written("\u{1}\u{7f}\u{9f}\u{feff}\u{fffe}\u{a0}\u{1f389}", 0),
        "\"\\x01\\x7F\\x9F\\uFEFF\\uFFFE\u{a0}\u{1f389}\"\n"
    );
}

#[test]
fn a_long_key_takes_the_explicit_form() {
    let mut out = String::new();
    key(&mut out, &"k".repeat(128), 2);
    assert_eq!(out, format!("  {}:", "k".repeat(128)));
    let mut out = String::new();
    key(&mut out, &"k".repeat(129), 2);
    assert_eq!(out, format!("  ? {}\n  :", "k".repeat(129)));
    let mut out = String::new();
    key(&mut out, &"\u{2028}".repeat(70), 0);
    assert!(out.starts_with("? \"\\L"), "{out}");
}

#[derive(Deserialize)]
struct Doc {
    k: String,
    seq: Vec<String>,
    nested: Nested,
}

#[derive(Deserialize)]
struct Nested {
    k: String,
    seq: Vec<String>,
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    m: String,
}

/// `s` written as a value at each depth and in a sequence, and as a key.
fn documents(s: &str) -> (String, String) {
    let mut doc = String::from("k: ");
    value(&mut doc, s, 0);
    doc.push_str("seq:\n- ");
    value(&mut doc, s, 0);
    doc.push_str("nested:\n  k: ");
    value(&mut doc, s, 2);
    doc.push_str("  seq:\n  - ");
    value(&mut doc, s, 2);
    doc.push_str("  items:\n  - m: ");
    value(&mut doc, s, 4);
    let mut keys = String::from("outer:\n");
    key(&mut keys, s, 2);
    keys.push_str(" ~\n");
    (doc, keys)
}

fn ours(doc: &str, keys: &str) -> Result<Vec<String>, String> {
    let d: Doc = crate::yaml::from_str(doc).map_err(|e| e.to_string())?;
    let k: std::collections::BTreeMap<String, std::collections::BTreeMap<String, ()>> =
        crate::yaml::from_str(keys).map_err(|e| e.to_string())?;
    let mut found = vec![d.k, d.nested.k];
    found.extend(d.seq);
    found.extend(d.nested.seq);
    found.extend(d.nested.items.into_iter().map(|i| i.m));
    found.extend(k.into_values().flat_map(|m| m.into_keys()));
    Ok(found)
}

fn yaml_serde(doc: &str, keys: &str) -> Result<Vec<String>, String> {
    use serde_yaml::Value;
    let d: Value = serde_yaml::from_str(doc).map_err(|e| e.to_string())?;
    let k: Value = serde_yaml::from_str(keys).map_err(|e| e.to_string())?;
    let n = &d["nested"];
    let values = [
        &d["k"],
        &d["seq"][0],
        &n["k"],
        &n["seq"][0],
        &n["items"][0]["m"],
    ];
    let keys = k["outer"].as_mapping().into_iter().flat_map(|m| m.keys());
    Ok(values
        .into_iter()
        .chain(keys)
        .map(|v| {
            v.as_str()
                .map_or_else(|| format!("not a string: {v:?}"), str::to_string)
        })
        .collect())
}

#[test]
fn every_awkward_string_reads_back_identical_in_both_readers() {
    let all = awkward();
    let mut wrong = Vec::new();
    for s in &all {
        let (doc, keys) = documents(s);
        for (reader, found) in [
            ("ours", ours(&doc, &keys)),
            ("yaml_serde", yaml_serde(&doc, &keys)),
        ] {
            match found {
                Ok(found) if found.len() == 6 && found.iter().all(|f| f == s) => {}
                other => wrong.push(format!("{reader} {s:?}: {other:?}\n{doc}{keys}")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} read back wrong:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}
