//! Small helpers shared by commands: dates and the clock.

use crate::error::{Error, Result};
use jiff::civil::Date;

/// Today's date in the local time zone, or `ISO20K_TODAY` when set (tests, reproducible runs).
pub fn today() -> Date {
    if let Some(d) = std::env::var("ISO20K_TODAY")
        .ok()
        .and_then(|s| s.parse::<Date>().ok())
    {
        return d;
    }
    jiff::ZonedDateTime::now().date()
}

/// The current instant, truncated to seconds, or `ISO20K_NOW` when set.
pub fn now() -> jiff::Timestamp {
    if let Some(t) = std::env::var("ISO20K_NOW")
        .ok()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
    {
        return t;
    }
    let t = jiff::Timestamp::now();
    jiff::Timestamp::from_second(t.as_second()).unwrap_or(t)
}

/// Parses a YYYY-MM-DD date given on the command line.
pub fn parse_date(flag: &str, given: &str) -> Result<Date> {
    given.parse::<Date>().map_err(|e| {
        Error::Usage(format!(
            "{flag} `{given}` is not a valid date ({e}); write YYYY-MM-DD, e.g. 2027-03-31"
        ))
    })
}

/// The first `shown` of `total` items joined with commas, then "and N more"; only those
/// shown are taken from `items`.
pub fn shortened(items: impl Iterator<Item = String>, total: usize, shown: usize) -> String {
    let mut out = items.take(shown).collect::<Vec<_>>().join(", ");
    let more = total.saturating_sub(shown);
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}
