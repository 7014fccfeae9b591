//! The brand file (`report --brand FILE`): the consultancy's firm, logo, confidentiality
//! marking, document version, distribution list and sign-off block, shown on the cover of
//! the HTML and Word reports.
//!
//! Read with the project's YAML reader, so an unknown key or a value of the wrong type is
//! named with its line and column; the logo is read with a size limit, checked to be a PNG,
//! JPEG or SVG image by its bytes (not its name), and embedded: a `data:` URI in HTML, an
//! image part in DOCX.

use crate::error::{Error, Result};
use crate::problems::Problems;
use crate::source::{Source, index, join, read_bytes};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The largest logo embedded: 1 MiB. A logo for a cover is a few kilobytes to a few
/// hundred; a larger file is more likely a photograph than a logo.
pub const MAX_LOGO_BYTES: u64 = 1024 * 1024;

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping with firm, logo, confidentiality, document_version, distribution, sign_off"
)]
struct RawBrand {
    #[serde(default)]
    firm: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    confidentiality: Option<String>,
    #[serde(default)]
    document_version: Option<String>,
    #[serde(default)]
    distribution: Vec<String>,
    #[serde(default)]
    sign_off: Vec<RawSignOff>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping with name, role and optionally date"
)]
struct RawSignOff {
    name: String,
    role: String,
    #[serde(default)]
    date: Option<Date>,
}

/// The brand, as the report context carries it.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct Brand {
    /// The consultancy that wrote the report.
    pub firm: Option<String>,
    /// Its logo, embedded.
    pub logo: Option<Logo>,
    /// The confidentiality marking (`Confidential: Acme Hosting Ltd only`), on the cover and
    /// in every page's header and footer.
    pub confidentiality: Option<String>,
    /// The document's version (`1.0`, `Draft 2`).
    pub document_version: Option<String>,
    /// Who receives the report.
    pub distribution: Vec<String>,
    /// Who signs the report off.
    pub sign_off: Vec<SignOff>,
}

/// One person who signs the report off.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SignOff {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// When they signed, `YYYY-MM-DD`, if they have.
    pub date: Option<String>,
}

/// The kind of image a logo is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// SVG (HTML only: a Word document made by docx-rs cannot hold one).
    Svg,
}

impl ImageKind {
    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Svg => "image/svg+xml",
        }
    }
}

/// An embedded logo.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Logo {
    /// `png`, `jpeg` or `svg`.
    pub kind: ImageKind,
    /// `image/png` ...
    pub media_type: &'static str,
    /// Its width and height in pixels (PNG and JPEG; null for SVG).
    pub width: Option<u32>,
    /// See `width`.
    pub height: Option<u32>,
    /// The image as a `data:` URI, for an HTML `<img src>`.
    pub data_uri: String,
    /// The image itself.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// Reads and checks a brand file.
pub fn load(path: &Path) -> Result<Brand> {
    let source = Source::read(path)?;
    let folder = path.parent().unwrap_or(Path::new(""));
    parse(&source, folder)
}

/// Parses brand text; `folder` is where a relative logo path starts.
pub fn parse(source: &Source, folder: &Path) -> Result<Brand> {
    let raw: RawBrand = source.parse_yaml()?;
    let mut p = Problems::new(source);
    let firm = text("firm", raw.firm, &mut p);
    let confidentiality = text("confidentiality", raw.confidentiality, &mut p);
    let document_version = text("document_version", raw.document_version, &mut p);
    let mut distribution = Vec::new();
    for (i, d) in raw.distribution.into_iter().enumerate() {
        if let Some(d) = text(&index("distribution", i), Some(d), &mut p) {
            distribution.push(d);
        }
    }
    let mut sign_off = Vec::new();
    for (i, s) in raw.sign_off.into_iter().enumerate() {
        let key = index("sign_off", i);
        let name = text(&join(&key, "name"), Some(s.name), &mut p);
        let role = text(&join(&key, "role"), Some(s.role), &mut p);
        if let (Some(name), Some(role)) = (name, role) {
            sign_off.push(SignOff {
                name,
                role,
                date: s.date.map(|d| d.to_string()),
            });
        }
    }
    let logo = match raw.logo {
        None => None,
        Some(rel) => match logo(&folder.join(&rel)) {
            Ok(l) => Some(l),
            Err(why) => {
                p.error_at_value(
                    "logo",
                    format!("the logo `{rel}` {why}"),
                    Some(format!(
                        "a PNG, JPEG or SVG file of at most {} MiB, its path relative to the brand file's folder",
                        MAX_LOGO_BYTES / 1024 / 1024
                    )),
                );
                None
            }
        },
    };
    p.finish()?;
    Ok(Brand {
        firm,
        logo,
        confidentiality,
        document_version,
        distribution,
        sign_off,
    })
}

/// A text that must not be blank when it is given.
fn text(key: &str, v: Option<String>, p: &mut Problems<'_>) -> Option<String> {
    match v {
        Some(s) if s.trim().is_empty() => {
            p.error_at_value(
                key,
                "is empty",
                Some(format!("give a text, or leave `{key}` out")),
            );
            None
        }
        other => other,
    }
}

/// Reads a logo; the error says why it cannot be used, as the end of a sentence.
fn logo(path: &Path) -> std::result::Result<Logo, String> {
    let bytes = read_bytes(path, MAX_LOGO_BYTES, "a logo", String::new).map_err(|e| match e {
        Error::Io { source, .. } => format!("cannot be read: {source}"),
        Error::Invalid(d) => d
            .into_iter()
            .next()
            .map_or_else(|| "cannot be read".into(), |d| d.message),
        other => other.to_string(),
    })?;
    let (kind, size) = sniff(&bytes).ok_or_else(|| {
        "is not a PNG, JPEG or SVG image (judged by its content, not its name)".to_string()
    })?;
    Ok(Logo {
        kind,
        media_type: kind.media_type(),
        width: size.map(|s| s.0),
        height: size.map(|s| s.1),
        data_uri: format!("data:{};base64,{}", kind.media_type(), base64(&bytes)),
        bytes,
    })
}

/// The kind of an image and, for PNG and JPEG, its size in pixels.
fn sniff(b: &[u8]) -> Option<(ImageKind, Option<(u32, u32)>)> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if b.starts_with(PNG) {
        // The IHDR chunk comes first: length, type, then width and height.
        let be = |i: usize| -> Option<u32> {
            Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?))
        };
        if b.get(12..16) != Some(b"IHDR") {
            return None;
        }
        let (w, h) = (be(16)?, be(20)?);
        return (w > 0 && h > 0).then_some((ImageKind::Png, Some((w, h))));
    }
    if b.starts_with(&[0xff, 0xd8, 0xff]) {
        return jpeg_size(b).map(|s| (ImageKind::Jpeg, Some(s)));
    }
    let text = std::str::from_utf8(b).ok()?;
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let lower = head.get(..head.len().min(4096))?.to_ascii_lowercase();
    let looks_xml =
        lower.starts_with("<svg") || lower.starts_with("<?xml") || lower.starts_with("<!--");
    (looks_xml && lower.contains("<svg")).then_some((ImageKind::Svg, None))
}

/// Width and height from a JPEG's start-of-frame segment.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xff {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xff {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            let s = b.get(i + 5..i + 9)?;
            let h = u32::from(u16::from_be_bytes([s[0], s[1]]));
            let w = u32::from(u16::from_be_bytes([s[2], s[3]]));
            return (w > 0 && h > 0).then_some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Standard base64 with padding (RFC 4648), for the `data:` URI.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain}");
        }
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        let png = crate::report::png::bar(3, 2, 1, [0, 0, 0], [255, 255, 255]);
        assert_eq!(sniff(&png), Some((ImageKind::Png, Some((3, 2)))));
        // A minimal JPEG head: SOI, an APP0 segment, then SOF0 with 8-bit, 20 high, 30 wide.
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0];
        jpeg.extend([0xff, 0xc0, 0, 11, 8, 0, 20, 0, 30, 1, 1, 0x11, 0]);
        assert_eq!(sniff(&jpeg), Some((ImageKind::Jpeg, Some((30, 20)))));
        let svg = b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert_eq!(sniff(svg), Some((ImageKind::Svg, None)));
        assert_eq!(sniff(b"GIF89a...."), None);
        assert_eq!(sniff(b"<html><body>not an svg</body></html>"), None);
    }
}
