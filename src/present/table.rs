//! The one table style every command uses.

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
