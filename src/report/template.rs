//! tera behind one wrapper: the filters reports use, HTML escaping by file name, and tera's
//! errors turned into one message that names the template, the line and the column.

use crate::catalogue::Severity;
use crate::error::{Diagnostic, Error, Position, Result};
use jiff::civil::Date;
use tera::{ErrorKind, Kwargs, State, Tera};

/// Template names ending like this, in any case, are HTML or XML: every value is escaped
/// unless a template marks it `| safe`.
const ESCAPED: [&str; 10] = [
    ".html",
    ".htm",
    ".xhtml",
    ".xml",
    ".svg",
    ".html.tera",
    ".htm.tera",
    ".xhtml.tera",
    ".xml.tera",
    ".svg.tera",
];

/// The name a template is known by inside tera: lower case, so that escaping, which tera
/// decides by a case-sensitive ending, holds for `report.HTML` too.
fn key(name: &str) -> String {
    name.to_lowercase()
}

/// The most a template may write: 1 GiB, some twenty times the HTML report of a
/// 20,000-requirement assessment. A template is code, trusted like a script; this keeps one
/// that loops without end from filling the disk.
pub const MAX_OUTPUT_BYTES: u64 = 1 << 30;

/// A writer that refuses to write past its limit.
struct Bounded<'w> {
    inner: &'w mut dyn std::io::Write,
    left: u64,
}

impl std::io::Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "the template wrote more than {} MiB, the limit for one report",
                MAX_OUTPUT_BYTES >> 20
            )));
        }
        let n = self.inner.write(buf)?;
        self.left -= n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A set of templates, with iso20k's filters registered.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
    /// Each template: its name, the file name shown in messages and its source.
    files: Vec<(String, String, String)>,
}

impl Default for Templates {
    fn default() -> Self {
        Self::new()
    }
}

impl Templates {
    /// An empty set with the filters: `percent`, `date`, `severity`, `md`, `words`, `css`.
    pub fn new() -> Self {
        let mut tera = Tera::new();
        tera.autoescape_on(ESCAPED);
        tera.register_filter("percent", percent);
        tera.register_filter("date", date);
        tera.register_filter("severity", severity);
        tera.register_filter("md", md);
        tera.register_filter("words", words);
        tera.register_filter("css", css);
        Templates {
            tera,
            files: Vec::new(),
        }
    }

    /// Adds a template. `name` decides escaping (by its ending); `shown` is how messages
    /// name it (the user's path, or `<built-in report.html>`).
    pub fn add(&mut self, name: &str, shown: &str, source: &str) -> Result<()> {
        let name = &key(name);
        self.files
            .push((name.to_string(), shown.to_string(), source.to_string()));
        self.tera
            .add_raw_template(name, source)
            .map_err(|e| self.error(name, e))
    }

    /// Renders a template with a context.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        let name = &key(name);
        self.tera
            .render(name, context)
            .map_err(|e| self.error(name, e))
    }

    /// Renders a template into a writer.
    pub fn render_to(
        &self,
        name: &str,
        context: &tera::Context,
        w: &mut dyn std::io::Write,
    ) -> Result<()> {
        let name = &key(name);
        let mut w = Bounded {
            inner: w,
            left: MAX_OUTPUT_BYTES,
        };
        self.tera
            .render_to(name, context, &mut w)
            .map_err(|e| self.error(name, e))
    }

    fn shown<'a>(&'a self, name: &'a str) -> &'a str {
        self.files
            .iter()
            .find(|(n, _, _)| n == name)
            .map_or(name, |(_, s, _)| s.as_str())
    }

    /// The template text a span covers, on one line and at most 60 characters.
    fn excerpt(&self, name: &str, span: &tera::Span) -> String {
        let Some((_, _, source)) = self.files.iter().find(|(n, _, _)| n == name) else {
            return String::new();
        };
        let text = source.get(span.range.clone()).unwrap_or_default();
        let line = text.lines().next().unwrap_or_default().trim();
        let mut out: String = line.chars().take(60).collect();
        if out.len() < line.len() {
            out.push_str("...");
        }
        out
    }

    fn error(&self, name: &str, e: tera::Error) -> Error {
        let help = "every field a template can use is printed by `iso20k report FILE --format json`; \
                    the filters are percent, date, severity and md, beside tera's own";
        let d = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                let file = if r.filename().is_empty() {
                    name
                } else {
                    r.filename()
                };
                let span = r.span();
                let mut message = r.message().to_string();
                let excerpt = self.excerpt(file, span);
                if !excerpt.is_empty() {
                    message.push_str(&format!(" (at `{excerpt}`)"));
                }
                let kind = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                Diagnostic::file(self.shown(file), format!("{kind}: {message}"))
                    .at(Some(Position {
                        line: span.start_line.max(1),
                        column: span.start_col + 1,
                    }))
                    .with_help(help)
            }
            ErrorKind::Msg(text) if !reports(text).is_empty() => {
                // Reference checks (unknown filters, tests, functions) arrive as several
                // rendered reports in one message; take each apart.
                let mut list: Vec<Diagnostic> = reports(text)
                    .into_iter()
                    .map(|(file, line, column, message)| {
                        Diagnostic::file(self.shown(file), format!("template error: {message}"))
                            .at(Some(Position { line, column }))
                    })
                    .collect();
                if let Some(last) = list.last_mut() {
                    last.help = Some(help.to_string());
                }
                return Error::Invalid(list);
            }
            other => {
                let mut message = other.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                Diagnostic::file(self.shown(name), format!("template error: {message}"))
                    .with_help(help)
            }
        };
        Error::Invalid(vec![d])
    }
}

/// The reports tera renders (`error: MESSAGE` then `--> NAME:LINE:COL`), taken apart.
fn reports(text: &str) -> Vec<(&str, usize, usize, &str)> {
    let mut out = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some((_, place))) = (message, line.split_once("--> ")) {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|x| x.trim().parse().ok());
            let line_no = parts.next().and_then(|x| x.trim().parse().ok());
            if let (Some(column), Some(line_no), Some(file)) = (column, line_no, parts.next()) {
                out.push((file, line_no, column, m));
            }
            message = None;
        }
    }
    out
}

/// `{{ 69.456 | percent }}` is `69.5 %`; `decimals=0` gives `69 %`.
fn percent(value: f64, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let decimals = kwargs.get::<u8>("decimals")?.unwrap_or(1);
    // The one rounding every output uses: halves up, from the value as computed.
    Ok(crate::percent::Percent(value).show(decimals))
}

/// `{{ "2026-11-30" | date }}` is `30 November 2026`; `format="short"` gives `30 Nov 2026`,
/// `format="iso"` leaves it as it is.
fn date(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let d: Date = value.parse().map_err(|_| {
        tera::Error::message(format!("filter `date`: `{value}` is not a YYYY-MM-DD date"))
    })?;
    let format = kwargs.get::<&str>("format")?.unwrap_or("long");
    let pattern = match format {
        "long" => "%-d %B %Y",
        "short" => "%-d %b %Y",
        "iso" => "%Y-%m-%d",
        other => {
            return Err(tera::Error::message(format!(
                "filter `date`: format `{other}` is not one of long, short, iso"
            )));
        }
    };
    Ok(d.strftime(pattern).to_string())
}

/// `{{ "major" | severity }}` is `Major nonconformity`; `plural=true` gives the plural.
fn severity(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let f = Severity::parse(value).ok_or_else(|| {
        tera::Error::message(format!(
            "filter `severity`: `{value}` is not one of major, minor, observation, none"
        ))
    })?;
    let text = if kwargs.get::<bool>("plural")?.unwrap_or(false) {
        f.plural()
    } else {
        f.label()
    };
    Ok(capitalized(text))
}

/// `{{ reason.text | words }}`: the sentence with level and verdict ids replaced by their
/// labels from the context's `scale` and `stages` (see [`super::words`]).
fn words(value: &str, _: Kwargs, state: &State) -> tera::TeraResult<String> {
    let pairs = |name: &str, id: &str| -> tera::TeraResult<Vec<(String, String)>> {
        let list: Option<tera::Value> = state.get(name)?;
        Ok(list
            .as_ref()
            .and_then(|v| v.as_array())
            .unwrap_or_default()
            .iter()
            .filter_map(|x| {
                let id = x.get_from_path(id)?.as_str()?;
                let label = x.get_from_path("label")?.as_str()?;
                Some((id.to_string(), label.to_string()))
            })
            .collect())
    };
    let levels = pairs("scale", "id")?;
    let stages = pairs("stages", "verdict")?;
    Ok(super::words::client_words(
        value,
        levels.iter().map(|(a, b)| (a.as_str(), b.as_str())),
        stages.iter().map(|(a, b)| (a.as_str(), b.as_str())),
    ))
}

/// `{{ text | css }}`: the text as the inside of a double-quoted CSS string (for `content:`
/// in a print header): every character but letters, digits and spaces as a CSS escape, so
/// that nothing in it can end the string or the style sheet.
fn css(value: &str, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    Ok(out)
}

/// The text with its first letter in upper case (`major nonconformity` → `Major ...`).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Escapes text for Markdown: punctuation that Markdown would act on is backslash-escaped,
/// `<` and `>` become entities, and line breaks become `<br>` so a table cell stays one row.
/// None and undefined values give an empty string.
pub fn md(value: &tera::Value, _: Kwargs, _: &State) -> String {
    if value.is_none() || value.is_undefined() {
        return String::new();
    }
    match value.as_str() {
        Some(s) => markdown_escape(s),
        None => markdown_escape(&value.to_string()),
    }
}

/// See [`md`]. Only what Markdown would act on inside a line is escaped, so the text stays
/// readable in the raw file too.
pub fn markdown_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut at_start = true;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A list marker or heading only at the start of the text.
            '#' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => {
                out.push_str("<br>");
                while chars.peek() == Some(&'\r') {
                    chars.next();
                }
            }
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(name: &str, template: &str, ctx: &tera::Context) -> Result<String> {
        let mut t = Templates::new();
        t.add(name, name, template)?;
        t.render(name, ctx)
    }

    #[test]
    fn filters() {
        let mut ctx = tera::Context::new();
        ctx.insert("r", &69.456);
        ctx.insert("half", &62.5);
        ctx.insert("d", "2026-11-03");
        let out = render(
            "t.txt",
            r#"{{ r | percent }}|{{ r | percent(decimals=0) }}|{{ half | percent(decimals=0) }}|{{ d | date }}|{{ d | date(format="short") }}|{{ "major" | severity }}|{{ "minor" | severity(plural=true) }}"#,
            &ctx,
        )
        .unwrap();
        assert_eq!(
            out,
            "69.5 %|69 %|63 %|3 November 2026|3 Nov 2026|Major nonconformity|Minor nonconformities"
        );
    }

    #[test]
    fn markdown_escaping_keeps_text_inert() {
        assert_eq!(
            markdown_escape("<script>a|b</script>\n*x* {{ y }}"),
            "&lt;script&gt;a\\|b&lt;/script&gt;<br>\\*x\\* {{ y }}"
        );
    }

    #[test]
    fn html_templates_escape_and_others_do_not() {
        let mut ctx = tera::Context::new();
        ctx.insert("x", "<b>&");
        assert_eq!(render("a.html", "{{ x }}", &ctx).unwrap(), "&lt;b&gt;&amp;");
        for name in ["t.HTML", "t.htm.tera", "T.Xml", "r.SVG.tera"] {
            assert_eq!(
                render(name, "{{ x }}", &ctx).unwrap(),
                "&lt;b&gt;&amp;",
                "{name}"
            );
        }
        assert_eq!(
            render("a.html.tera", "{{ x }}", &ctx).unwrap(),
            "&lt;b&gt;&amp;"
        );
        assert_eq!(render("a.md", "{{ x }}", &ctx).unwrap(), "<b>&");
    }

    #[test]
    fn errors_name_the_template_line_and_column() {
        let ctx = tera::Context::new();
        let e = render("my.tera", "line one\n  {{ missing }}", &ctx).unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("my.tera:2:"), "{text}");
        let e = render("my.tera", "ok\n{% if %}", &ctx).unwrap_err();
        assert!(e.to_string().starts_with("my.tera:2:"), "{e}");
        let e = render("my.tera", "{{ 1 | date }}", &ctx).unwrap_err();
        assert!(e.to_string().starts_with("my.tera:1:"), "{e}");
    }
}
