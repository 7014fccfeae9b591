//! The workbook and the CSV out and back: `report -o FILE.xlsx|csv`, then `iso20k import`.
//! Workbooks are edited and inspected with openpyxl (ignored tests, run by `bash .ci/run`),
//! CSV files with the csv crate.

use crate::support::*;
use serde_json::{Value, json};
use std::path::Path;

/// A directory with the example assessment as `a.yaml`.
fn example() -> Test {
    Test::new().file(
        "a.yaml",
        std::fs::read(repo().join("examples/acme-hosting.yaml")).unwrap(),
    )
}

fn report(t: &Test, out: &str) {
    let r = run_in(t.dir(), &["report", "a.yaml", "-o", out], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The report's JSON view of one requirement.
fn requirement(t: &Test, id: &str) -> Value {
    let r = run_in(t.dir(), &["report", "a.yaml", "--format", "json"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .cloned()
        .unwrap()
}

/// The CSV's rows, header first.
fn csv_rows(t: &Test, rel: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(t.path(rel))
        .unwrap();
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

fn write_csv(t: &Test, rel: &str, rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(t.path(rel)).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
}

/// Sets cell `column` of the row of requirement `id`.
fn set(rows: &mut [Vec<String>], id: &str, column: &str, value: &str) {
    let col = rows[0].iter().position(|h| h == column).unwrap();
    let id_col = rows[0].iter().position(|h| h == "id").unwrap();
    let row = rows.iter_mut().find(|r| r[id_col] == id).unwrap();
    row[col] = value.to_string();
}

#[test]
fn an_unedited_workbook_and_csv_change_nothing_and_the_file_stays_byte_identical() {
    let t = example();
    report(&t, "a.xlsx");
    report(&t, "a.csv");
    let before = t.files();
    for source in ["a.xlsx", "a.csv"] {
        let r = run_in(t.dir(), &["import", "a.yaml", source], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.stdout,
            format!("{source} -> a.yaml: no changes; the file is left as it was\n")
        );
        assert_eq!(
            t.files(),
            before,
            "nothing written, not even the same bytes"
        );
    }
}

#[test]
fn the_workbook_is_the_same_bytes_every_time_dated_by_the_assessment() {
    let t = example();
    report(&t, "one.xlsx");
    // Another day, another clock: the workbook depends on the assessment only.
    let mut c = command(t.dir());
    c.env("ISO20K_NOW", "2027-05-05T08:00:00Z")
        .args(["report", "a.yaml", "-o", "two.xlsx"]);
    assert!(c.output().unwrap().status.success());
    assert_eq!(t.read("one.xlsx"), t.read("two.xlsx"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(t.read("one.xlsx"))).unwrap();
    for i in 0..zip.len() {
        let e = zip.by_index(i).unwrap();
        let m = e.last_modified().unwrap();
        assert_eq!(
            (m.year(), m.month(), m.day()),
            (1980, 1, 1),
            "{:?}",
            e.name()
        );
    }
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    let as_of =
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-30T00:00:00Z</dcterms:created>";
    assert!(core.contains(as_of), "{core}");
}

#[test]
fn csv_edits_land_exactly_and_nothing_else_changes() {
    let t = example();
    report(&t, "a.csv");
    let mut rows = csv_rows(&t, "a.csv");
    let untouched = requirement(&t, "4.1-4");
    set(&mut rows, "4.2-3", "rating", "largely");
    set(
        &mut rows,
        "4.2-3",
        "note",
        "Seen: the register\nnow has 3 entries. Ünïcødé ✓ 🎉",
    );
    set(&mut rows, "4.2-4", "due", "2027-03-31");
    set(&mut rows, "4.2-4", "owner", "=Quinn");
    write_csv(&t, "edited.csv", &rows);
    let dry = run_in(
        t.dir(),
        &["import", "a.yaml", "edited.csv", "--dry-run"],
        None,
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(
        t.read("a.yaml"),
        std::fs::read(repo().join("examples/acme-hosting.yaml")).unwrap()
    );
    let run = run_in(t.dir(), &["import", "a.yaml", "edited.csv"], None);
    assert_run_snapshot!(t, run);
    let x = requirement(&t, "4.2-3");
    assert_eq!(x["rating"], "largely");
    assert_eq!(
        x["note"],
        "Seen: the register\nnow has 3 entries. Ünïcødé ✓ 🎉"
    );
    assert_eq!(x["answered_at"], "2026-11-30T12:00:00Z");
    let y = requirement(&t, "4.2-4");
    assert_eq!(y["action"]["due"], "2027-03-31");
    // Text that looks like a formula is kept as the text it is.
    assert_eq!(y["action"]["owner"], "=Quinn");
    assert_eq!(requirement(&t, "4.1-4"), untouched);
    // Read back, the file's CSV is the edited one.
    report(&t, "b.csv");
    let again = run_in(t.dir(), &["import", "a.yaml", "b.csv"], None);
    assert!(again.stdout.contains("no changes"), "{}", again.stdout);
}

#[test]
fn bad_csv_cells_are_exit_2_with_row_and_column_and_nothing_written() {
    let t = example();
    report(&t, "a.csv");
    let mut rows = csv_rows(&t, "a.csv");
    set(&mut rows, "4.2-3", "rating", "largly");
    set(&mut rows, "4.2-4", "due", "31/03/2027");
    set(&mut rows, "4.3-4", "status", "closed");
    set(&mut rows, "4.1-3", "note", &"long ".repeat(4001));
    rows.push({
        let mut r = vec![String::new(); rows[0].len()];
        let id = rows[0].iter().position(|h| h == "id").unwrap();
        r[id] = "4.1-99".into();
        r
    });
    write_csv(&t, "bad.csv", &rows);
    let before = t.files();
    let run = run_in(t.dir(), &["import", "a.yaml", "bad.csv"], None);
    assert_eq!(run.code, 2);
    assert_run_snapshot!(t, run);
    assert_eq!(t.files(), before);
}

#[test]
fn a_change_made_to_the_file_after_the_workbook_was_written_is_kept() {
    let t = example();
    report(&t, "a.xlsx");
    let r = run_in(
        t.dir(),
        &[
            "answer",
            "a.yaml",
            "4.2-3",
            "full",
            "--note",
            "Fixed meanwhile",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after_answer = t.read("a.yaml");
    // The workbook still shows the old rating and note; nobody edited them there.
    let run = run_in(t.dir(), &["import", "a.yaml", "a.xlsx"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("no changes"), "{}", run.stdout);
    assert_eq!(t.read("a.yaml"), after_answer);
}

#[test]
fn a_workbook_iso20k_did_not_write_or_an_unreadable_file_is_exit_2() {
    let t = example().file("not.xlsx", "PK\u{3}\u{4} not really a zip");
    let run = run_in(t.dir(), &["import", "a.yaml", "not.xlsx"], None);
    assert_eq!(run.code, 2);
    assert_run_snapshot!(t, run);
}

// ---- openpyxl: a third-party reader and writer of workbooks

const OPENPYXL_EDIT: &str = r#"
import sys, json, datetime, warnings
warnings.simplefilter("ignore")
import openpyxl
path, edits = sys.argv[1], json.loads(sys.argv[2])
wb = openpyxl.load_workbook(path)
for sheet, cell, value in edits:
    if isinstance(value, dict):
        value = datetime.date.fromisoformat(value["date"])
    wb[sheet][cell] = value
wb.save(path)
"#;

const OPENPYXL_INSPECT: &str = r#"
import sys, json, warnings
warnings.simplefilter("ignore")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
q = wb["Questionnaire"]
header = [c.value for c in q[1]]
col = lambda name: openpyxl.utils.get_column_letter(header.index(name) + 1)
out = {
    "sheets": [[n, wb[n].sheet_state] for n in wb.sheetnames],
    "header": header,
    "protected": q.protection.sheet,
    "password": q.protection.password,
    "locked": {name: q[col(name) + "2"].protection.locked for name in ["id", "clause", "question", "rating", "note", "due"]},
    "validations": {str(v.sqref): v.formula1 for v in q.data_validations.dataValidation},
    "rating_column": col("rating"),
    "meta": {wb["iso20k"]["A%d" % r].value: wb["iso20k"]["B%d" % r].value for r in range(2, 7)},
    "cells": {k: [q[k].value, q[k].data_type] for k in sys.argv[2:]},
}
print(json.dumps(out))
"#;

fn openpyxl(script: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(venv_python())
        .args(["-c", script])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn edit(path: &Path, edits: Value) {
    openpyxl(OPENPYXL_EDIT, &[path.to_str().unwrap(), &edits.to_string()]);
}

/// The Questionnaire row of requirement `id` (1-based, as in `D7`).
fn row_of(t: &Test, id: &str) -> usize {
    let r = run_in(t.dir(), &["report", "a.yaml", "--format", "json"], None);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .position(|x| x["id"] == id)
        .unwrap()
        + 2
}

#[test]
#[ignore = "needs openpyxl in target/venv; bash .ci/run installs it and runs ignored tests"]
fn the_workbook_opens_in_openpyxl_with_its_drop_down_protection_and_hidden_sheet() {
    let t = example();
    // A note that looks like a formula is written as the string it is.
    let r = run_in(
        t.dir(),
        &["answer", "a.yaml", "4.1-4", "largely", "--note", "=1+1"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    report(&t, "a.xlsx");
    let v: Value = serde_json::from_str(&openpyxl(
        OPENPYXL_INSPECT,
        &[t.path("a.xlsx").to_str().unwrap(), "E2"],
    ))
    .unwrap();
    assert_eq!(
        v["sheets"],
        json!([
            ["Summary", "visible"],
            ["Clauses", "visible"],
            ["Questionnaire", "visible"],
            ["Actions", "visible"],
            ["Evidence", "visible"],
            ["iso20k", "hidden"]
        ])
    );
    assert_eq!(v["header"][0], "id");
    assert_eq!(v["header"][3], "rating");
    assert_eq!(v["protected"], true);
    assert_eq!(v["password"], Value::Null);
    assert_eq!(
        v["locked"],
        json!({"id": true, "clause": true, "question": true, "rating": false, "note": false, "due": false})
    );
    assert_eq!(v["rating_column"], "D");
    assert_eq!(
        v["validations"]["D2:D346"],
        "\"none,initial,partial,largely,full\""
    );
    assert_eq!(v["meta"]["catalogue"], "iso-iec-20000-1-2018");
    assert_eq!(v["meta"]["catalogue_version"], "2.0.0");
    assert!(
        v["meta"]["catalogue_hash"]
            .as_str()
            .unwrap()
            .starts_with("fnv1a64:")
    );
    assert_eq!(v["meta"]["organization"], "Acme Hosting Ltd");
    assert_eq!(v["cells"]["E2"], json!(["=1+1", "s"]));
}

#[test]
#[ignore = "needs openpyxl in target/venv; bash .ci/run installs it and runs ignored tests"]
fn workbook_edits_made_in_openpyxl_land_exactly_and_nothing_else_changes() {
    let t = example();
    report(&t, "a.xlsx");
    let untouched = requirement(&t, "4.1-4");
    let (a, b, c) = (
        row_of(&t, "4.2-3"),
        row_of(&t, "4.2-4"),
        row_of(&t, "4.3-4"),
    );
    let note = "Seen: the register\nnow has 3 entries.\r\nÜnïcødé ✓ 🎉 עברית";
    edit(
        &t.path("a.xlsx"),
        json!([
            ["Questionnaire", format!("D{a}"), "largely"],
            ["Questionnaire", format!("E{a}"), note],
            ["Questionnaire", format!("H{a}"), "Register v3@2026-11-20\nhttps://example.org/a b"],
            // A date typed into a cell is a date cell to openpyxl.
            ["Questionnaire", format!("K{b}"), {"date": "2027-03-31"}],
            // A formula is read as its text, never evaluated.
            ["Questionnaire", format!("F{b}"), "=1+1"],
            ["Questionnaire", format!("Q{c}"), "Ann\nBo"],
            ["Questionnaire", format!("P{c}"), "sampling"]
        ]),
    );
    let run = run_in(t.dir(), &["import", "a.yaml", "a.xlsx"], None);
    assert_run_snapshot!(t, run);
    let x = requirement(&t, "4.2-3");
    assert_eq!(x["rating"], "largely");
    assert_eq!(x["note"], note);
    assert_eq!(
        x["evidence"],
        json!([
            {"reference": "Register v3", "reviewed": "2026-11-20", "stale": false},
            {"reference": "https://example.org/a b", "reviewed": null, "stale": false}
        ])
    );
    let y = requirement(&t, "4.2-4");
    assert_eq!(y["action"]["due"], "2027-03-31");
    assert_eq!(y["gap"], "=1+1");
    let z = requirement(&t, "4.3-4");
    assert_eq!(z["interviewees"], json!(["Ann", "Bo"]));
    assert_eq!(z["method"], "sampling");
    assert_eq!(requirement(&t, "4.1-4"), untouched);
    // The same workbook again: everything in it is in the file now.
    let again = run_in(t.dir(), &["import", "a.yaml", "a.xlsx"], None);
    assert!(again.stdout.contains("no changes"), "{}", again.stdout);
}

#[test]
#[ignore = "needs openpyxl in target/venv; bash .ci/run installs it and runs ignored tests"]
fn bad_workbook_cells_are_exit_2_naming_sheet_and_cell_with_nothing_written() {
    let t = example();
    report(&t, "a.xlsx");
    let (a, b) = (row_of(&t, "4.2-3"), row_of(&t, "4.2-4"));
    edit(
        &t.path("a.xlsx"),
        json!([
            ["Questionnaire", format!("D{a}"), "largly"],
            ["Questionnaire", format!("K{b}"), "2027-02-30"],
            ["Questionnaire", format!("L{b}"), "closed"],
            ["Questionnaire", "A7", "4.1-99"]
        ]),
    );
    let before = t.files();
    let run = run_in(t.dir(), &["import", "a.yaml", "a.xlsx"], None);
    assert_eq!(run.code, 2);
    assert_run_snapshot!(t, run);
    assert_eq!(t.files(), before);
}

#[test]
#[ignore = "needs openpyxl in target/venv; bash .ci/run installs it and runs ignored tests"]
fn a_workbook_for_another_catalogue_version_is_refused_at_its_cell() {
    let t = example();
    report(&t, "a.xlsx");
    edit(&t.path("a.xlsx"), json!([["iso20k", "B4", "1.0.0"]]));
    let run = run_in(t.dir(), &["import", "a.yaml", "a.xlsx"], None);
    assert_eq!(run.code, 2);
    assert_run_snapshot!(t, run);
}

#[test]
#[ignore = "needs openpyxl in target/venv; bash .ci/run installs it and runs ignored tests"]
fn a_field_changed_in_both_the_file_and_the_workbook_is_a_conflict_until_a_side_is_chosen() {
    let t = example();
    report(&t, "a.xlsx");
    let a = row_of(&t, "4.2-3");
    let r = run_in(
        t.dir(),
        &[
            "answer",
            "a.yaml",
            "4.2-3",
            "full",
            "--note",
            "Fixed meanwhile",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    edit(
        &t.path("a.xlsx"),
        json!([["Questionnaire", format!("D{a}"), "partial"]]),
    );
    let before = t.files();
    let run = run_in(t.dir(), &["import", "a.yaml", "a.xlsx"], None);
    assert_run_snapshot!(t, run);
    assert_eq!(t.files(), before);
    let keep = run_in(
        t.dir(),
        &["import", "a.yaml", "a.xlsx", "--prefer", "file"],
        None,
    );
    assert_eq!(keep.code, 0, "{}", keep.stderr);
    assert_eq!(requirement(&t, "4.2-3")["rating"], "full");
    let take = run_in(
        t.dir(),
        &["import", "a.yaml", "a.xlsx", "--prefer", "workbook"],
        None,
    );
    assert_eq!(take.code, 0, "{}", take.stderr);
    assert_eq!(requirement(&t, "4.2-3")["rating"], "partial");
    assert_eq!(requirement(&t, "4.2-3")["note"], "Fixed meanwhile");
}

/// The workbook at `rel` with the part `name` replaced by `with`.
fn replace_part(t: &Test, rel: &str, name: &str, with: &[u8]) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(t.read(rel))).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let part = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        out.start_file(part.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(if part == name { with } else { &bytes })
            .unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    std::fs::write(t.path(rel), bytes).unwrap();
}

#[test]
fn a_workbook_that_would_unpack_to_too_much_or_holds_broken_xml_is_exit_2() {
    let t = example();
    report(&t, "a.xlsx");
    // Claim a gigabyte for the first part in the archive's directory: refused unread.
    let mut bytes = t.read("a.xlsx");
    let at = bytes
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .expect("a central directory entry");
    bytes[at + 24..at + 28].copy_from_slice(&0x4000_0000u32.to_le_bytes());
    std::fs::write(t.path("big.xlsx"), bytes).unwrap();
    let run = run_in(t.dir(), &["import", "a.yaml", "big.xlsx"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("over the limit of 256 MiB"),
        "{}",
        run.stderr
    );
    // The Questionnaire's XML broken halfway.
    replace_part(
        &t,
        "a.xlsx",
        "xl/worksheets/sheet3.xml",
        b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>99999999</v></c>",
    );
    let before = t.files();
    let run = run_in(t.dir(), &["import", "a.yaml", "a.xlsx"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: a.xlsx: cannot read the workbook"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(t.files(), before);
}

#[test]
fn the_workbook_on_stdout_is_the_bytes_of_o_and_import_lists_its_changes_as_json() {
    let t = example();
    let mut c = command(t.dir());
    c.args(["report", "a.yaml", "--format", "xlsx"]);
    let out = c.output().unwrap();
    report(&t, "a.xlsx");
    assert_eq!(out.stdout, t.read("a.xlsx"), "the same bytes as -o writes");
    report(&t, "a.csv");
    let mut rows = csv_rows(&t, "a.csv");
    set(&mut rows, "4.2-3", "rating", "full");
    for (i, row) in rows.iter_mut().enumerate() {
        row.push(if i == 0 { "comments" } else { "" }.into());
    }
    write_csv(&t, "e.csv", &rows);
    let r = run_in(
        t.dir(),
        &["import", "a.yaml", "e.csv", "--dry-run", "--format", "json"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["written"], false);
    assert_eq!(v["ignored_columns"], json!(["comments"]));
    assert_eq!(v["changes"][0]["requirement"], "4.2-3");
    assert_eq!(v["changes"][0]["field"], "rating");
    assert_eq!(v["changes"][0]["old"], "initial");
    assert_eq!(v["changes"][0]["new"], "full");
    assert_eq!(v["changes"][0]["place"], "row 5, column rating");
}
