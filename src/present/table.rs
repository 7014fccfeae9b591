//! The one table style every command uses.

use crate::safe::{Painter, is_unsafe};
use comfy_table::{ContentArrangement, Table, presets};

/// A new table in the house style, sized to the terminal when there is one.
pub fn new(width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    match width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w);
        }
        None => {
            t.force_no_tty();
        }
    }
    t
}

/// The table as text, in colour when the painter draws colour and every cell is safe
/// (a file's text passed through [`one_line`](crate::safe::one_line), or iso20k's own
/// words); otherwise without colour, so that
/// [`Painter::finish`] shows whatever a cell holds visibly.
pub fn render(t: &mut Table, painter: &Painter) -> String {
    let safe = t
        .header()
        .into_iter()
        .chain(t.row_iter())
        .flat_map(|row| row.cell_iter())
        .all(|c| !c.content().contains(|ch: char| ch == '\n' || is_unsafe(ch)));
    if painter.colour() && safe {
        painter.adopt(&t.to_string())
    } else {
        t.force_no_tty();
        t.to_string()
    }
}
