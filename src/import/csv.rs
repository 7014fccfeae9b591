//! Reading a CSV for import: the one `iso20k report --format csv` writes, or a
//! spreadsheet's export of it. Columns are found by their header, in any order; the
//! separator is the one of `,`, `;`, tab or `|` that makes a header with `id`; a byte order
//! mark is skipped.

use super::{Cell, Place, Row, Table};
use crate::assessment::cells::{Field, Layout};
use crate::error::{Diagnostic, Error, Result};

/// Reads CSV text into a table.
pub fn read(file: &str, text: &str) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .find(|d| {
            first
                .split(char::from(*d))
                .any(|h| h.trim().trim_matches('"') == "id")
        })
        .ok_or_else(|| {
            Error::invalid(
                Diagnostic::file(file, "row 1 has no column `id`")
                    .with_help("import reads the CSV `iso20k report --format csv` writes: a header row with `id`, `rating`, `note` ..."),
            )
        })?;
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(bad(file, &e)),
        None => Vec::<String>::new().into(),
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let id_column = names.iter().position(|h| h == "id").unwrap_or(0);
    let mut ignored = Vec::new();
    let columns: Vec<Option<Field>> = names
        .iter()
        .map(|h| {
            let f = Field::from_name(h, Layout::Csv);
            if f.is_none() && !super::is_known_column(h) && !h.is_empty() {
                ignored.push(h.clone());
            }
            f
        })
        .collect();
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let number = i + 2;
        let record = record.map_err(|e| bad(file, &e))?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let place = |column: usize| Place::Csv {
            row: number,
            column: names.get(column).cloned().unwrap_or_default(),
        };
        let id = record.get(id_column).unwrap_or_default();
        let cells = columns
            .iter()
            .enumerate()
            .filter_map(|(j, f)| {
                let f = (*f)?;
                let text = unquoted(record.get(j).unwrap_or_default());
                Some((
                    f,
                    Cell {
                        text,
                        place: place(j),
                    },
                ))
            })
            .collect();
        rows.push(Row {
            id: Cell {
                text: unquoted(id).trim().to_string(),
                place: place(id_column),
            },
            cells,
        });
    }
    Ok(Table {
        file: file.to_string(),
        layout: Layout::Csv,
        rows,
        ignored,
        meta: None,
    })
}

/// A cell's value without the apostrophe the CSV report puts before text a spreadsheet
/// would take for a formula (see [`crate::report::csv::text_cell`]).
fn unquoted(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest.to_string(),
        _ => s.to_string(),
    }
}

fn bad(file: &str, e: &::csv::Error) -> Error {
    let row = e
        .position()
        .map(|p| format!("row {}: ", p.record() + 1))
        .unwrap_or_default();
    Error::invalid(
        Diagnostic::file(file, format!("{row}not readable as CSV: {e}"))
            .with_help("save it as CSV (UTF-8) from the spreadsheet"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_header_any_separator_and_the_formula_guard_undone() {
        let t = read(
            "a.csv",
            "\u{feff}rating;id;comments\r\nlargely;4.1-1;x\r\n'=SUM(A1);4.1-2;\r\n;;\r\n",
        )
        .unwrap();
        assert_eq!(t.ignored, vec!["comments"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].id.text, "4.1-2");
        assert_eq!(t.rows[1].cells[0].1.text, "=SUM(A1)");
        assert_eq!(
            t.rows[1].cells[0].1.place.to_string(),
            "row 3, column rating"
        );
    }
}
