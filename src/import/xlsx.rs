//! Reading a workbook for import, with calamine: the `Questionnaire` sheet's columns by
//! their header, and the hidden `iso20k` sheet. Formulas are read as their text (`=...`),
//! never evaluated, and a date typed into a cell becomes `YYYY-MM-DD`.
//!
//! A workbook is a zip archive of XML, so a small file can unpack to a great deal: the
//! archive's entries are checked against [`MAX_UNPACKED`] before anything is unpacked, and
//! cells are streamed, never laid out as a grid (a cell at `XFD1048576` costs one cell).

use super::{Cell, Meta, Place, Row, Table};
use crate::assessment::cells::{Field, Layout};
use crate::error::{Diagnostic, Error, Result};
use crate::report::xlsx::{BASE_HEADER_ROW, META, META_KEYS, QUESTIONNAIRE};
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// The most a workbook may unpack to: 256 MiB. A workbook iso20k writes for the largest
/// accepted assessment unpacks to far less; a zip bomb is refused before it is unpacked.
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;
/// The most entries a workbook's archive may have.
pub const MAX_ENTRIES: usize = 10_000;
/// Columns read from a sheet; iso20k writes fewer than 30.
const MAX_COLUMNS: u32 = 256;

fn unreadable(file: &str, why: impl std::fmt::Display) -> Error {
    Error::invalid(
        Diagnostic::file(file, format!("cannot read the workbook: {why}")).with_help(
            "give a workbook that `iso20k report -o FILE.xlsx` wrote (saved as .xlsx), or a CSV",
        ),
    )
}

/// Reads a workbook's bytes into a table.
pub fn read(file: &str, bytes: Vec<u8>) -> Result<Table> {
    check_archive(file, &bytes)?;
    // calamine reads untrusted XML; whatever it does with a malformed file, iso20k says so
    // and exits 2, never panics.
    let name = file.to_string();
    quietly(move || read_unchecked(&name, bytes))
        .unwrap_or_else(|_| Err(unreadable(file, "it is malformed")))
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook printing it (and a backtrace hint) on
/// this thread; other threads' panics print as ever.
fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(false));
    result
}

fn check_archive(file: &str, bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable(file, format!("it is not an .xlsx (zip) file ({e})")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(unreadable(
            file,
            format!("{} parts, over the limit of {MAX_ENTRIES}", zip.len()),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| unreadable(file, e))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED {
        return Err(unreadable(
            file,
            format!(
                "it unpacks to {total} bytes, over the limit of {} MiB",
                MAX_UNPACKED / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

fn read_unchecked(file: &str, bytes: Vec<u8>) -> Result<Table> {
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let names = wb.sheet_names();
    if !names.iter().any(|n| n == QUESTIONNAIRE) {
        return Err(Error::invalid(
            Diagnostic::file(file, format!("the workbook has no sheet `{QUESTIONNAIRE}`"))
                .with_help("import reads the workbook `iso20k report FILE -o answers.xlsx` writes; its sheets are not to be renamed"),
        ));
    }
    if !names.iter().any(|n| n == META) {
        return Err(Error::invalid(
            Diagnostic::file(
                file,
                format!("the workbook has no hidden sheet `{META}`: iso20k did not write it, or it was removed"),
            )
            .with_help("import a workbook `iso20k report FILE -o answers.xlsx` wrote, or a CSV (`iso20k report FILE -o answers.csv`)"),
        ));
    }
    let grid = cells(&mut wb, QUESTIONNAIRE).map_err(|e| unreadable(file, e))?;
    let meta_grid = cells(&mut wb, META).map_err(|e| unreadable(file, e))?;
    let place = |sheet: &str, row: u32, column: u32| Place::Cell {
        sheet: sheet.to_string(),
        column,
        row,
    };

    // The Questionnaire: headers in row 1, one requirement a row below.
    let mut id_column = None;
    let mut columns: Vec<(u32, Field)> = Vec::new();
    let mut ignored = Vec::new();
    for ((row, col), text) in grid.range((0, 0)..(1, 0)) {
        debug_assert_eq!(*row, 0);
        let h = text.trim();
        if h == "id" {
            id_column = Some(*col);
        } else if let Some(f) = Field::from_name(h, Layout::Workbook) {
            if !columns.iter().any(|(_, g)| *g == f) {
                columns.push((*col, f));
            }
        } else if !h.is_empty() && !super::is_known_column(h) {
            ignored.push(h.to_string());
        }
    }
    let Some(id_column) = id_column else {
        return Err(Error::invalid(
            Diagnostic::file(file, "no column `id` in row 1")
                .at_key(format!("{QUESTIONNAIRE}!A1"))
                .with_help("the header row must keep its names; rows are matched by their id"),
        ));
    };
    let mut by_row: BTreeMap<u32, ()> = BTreeMap::new();
    for (row, _) in grid.keys() {
        if *row > 0 {
            by_row.insert(*row, ());
        }
    }
    let mut rows = Vec::new();
    let mut wrong = Vec::new();
    for row in by_row.keys().copied() {
        let get = |col: u32| grid.get(&(row, col)).cloned().unwrap_or_default();
        let id = get(id_column).trim().to_string();
        let cells: Vec<(Field, Cell)> = columns
            .iter()
            .map(|(col, f)| {
                (
                    *f,
                    Cell {
                        text: get(*col),
                        place: place(QUESTIONNAIRE, row, *col),
                    },
                )
            })
            .collect();
        if id.is_empty() {
            if cells.iter().any(|(_, c)| !c.text.trim().is_empty()) {
                wrong.push(
                    Diagnostic::file(file, "a row with answers but no requirement id")
                        .at_key(place(QUESTIONNAIRE, row, id_column).to_string())
                        .with_help("give the row its id back, or empty it"),
                );
            }
            continue;
        }
        rows.push(Row {
            id: Cell {
                text: id,
                place: place(QUESTIONNAIRE, row, id_column),
            },
            cells,
        });
    }
    if !wrong.is_empty() {
        return Err(Error::Invalid(wrong));
    }

    // The hidden sheet: key and value from row 2, the answers as written below its header.
    let mut meta = Meta::default();
    for (i, key) in META_KEYS.iter().enumerate() {
        let row = i as u32 + 1;
        if meta_grid.get(&(row, 0)).map(|k| k.trim()) == Some(*key) {
            meta.values.insert(
                key.to_string(),
                Cell {
                    text: meta_grid.get(&(row, 1)).cloned().unwrap_or_default(),
                    place: place(META, row, 1),
                },
            );
        }
    }
    let header = BASE_HEADER_ROW - 1;
    let base_columns: Vec<(u32, Field)> = meta_grid
        .range((header, 1)..(header + 1, 0))
        .filter_map(|((_, col), h)| Field::from_name(h, Layout::Workbook).map(|f| (*col, f)))
        .collect();
    for ((row, col), id) in meta_grid.range((header + 1, 0)..) {
        if *col != 0 {
            continue;
        }
        let fields = base_columns
            .iter()
            .map(|(c, f)| (*f, meta_grid.get(&(*row, *c)).cloned().unwrap_or_default()))
            .collect();
        meta.base.insert(id.clone(), fields);
    }
    Ok(Table {
        file: file.to_string(),
        layout: Layout::Workbook,
        rows,
        ignored,
        meta: Some(meta),
    })
}

/// Every non-empty cell of a sheet, by (row, column), as text.
fn cells<RS: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<RS>,
    sheet: &str,
) -> std::result::Result<BTreeMap<(u32, u32), String>, calamine::XlsxError> {
    let mut out = BTreeMap::new();
    let mut reader = wb.worksheet_cells_reader(sheet)?;
    while let Some(cell) = reader.next_cell_with_formula()? {
        let (row, col) = cell.pos;
        if col >= MAX_COLUMNS {
            continue;
        }
        let text = match cell.formula {
            // The formula as written, never its result.
            Some(f) if !f.is_empty() => {
                if f.starts_with('=') {
                    f
                } else {
                    format!("={f}")
                }
            }
            _ => value_text(&cell.value),
        };
        if !text.is_empty() {
            out.insert((row, col), text);
        }
    }
    Ok(out)
}

/// A cell's value as text: a date as `YYYY-MM-DD` (with the time when it has one), a
/// whole number without decimals, an error as Excel shows it (`#N/A`).
fn value_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{s:02}")
            }
        }
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}
