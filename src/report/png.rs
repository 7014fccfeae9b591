//! The smallest PNG writer the Word report needs: the bars of its bar charts and the line
//! chart of readiness over time, drawn on an RGB [`Canvas`].
//!
//! docx-rs embeds PNG only and the tree holds no image encoder (docx-rs's `image` feature
//! is off, on purpose: it would bring a dozen codecs). A chart is a few colours, so the
//! pixels go into the zlib stream in stored (uncompressed) blocks; the DOCX archive
//! deflates the whole image part afterwards. Same input, same bytes.

/// A `width` x `height` RGB image whose first `filled` columns are `fill` and the rest
/// `track`.
pub fn bar(width: u32, height: u32, filled: u32, fill: [u8; 3], track: [u8; 3]) -> Vec<u8> {
    let mut c = Canvas::new(width, height, track);
    c.rect(0, 0, filled.min(width), height, fill);
    c.png()
}

/// An RGB picture to draw a chart on, written out as PNG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<[u8; 3]>,
}

impl Canvas {
    /// A `width` x `height` canvas in `background`.
    pub fn new(width: u32, height: u32, background: [u8; 3]) -> Self {
        Canvas {
            width,
            height,
            pixels: vec![background; width as usize * height as usize],
        }
    }

    /// The colour at `(x, y)`, `None` outside.
    pub fn get(&self, x: u32, y: u32) -> Option<[u8; 3]> {
        (x < self.width && y < self.height)
            .then(|| self.pixels[y as usize * self.width as usize + x as usize])
    }

    /// Paints one pixel; outside the canvas nothing happens.
    pub fn set(&mut self, x: i64, y: i64, colour: [u8; 3]) {
        if x >= 0 && y >= 0 && x < i64::from(self.width) && y < i64::from(self.height) {
            self.pixels[y as usize * self.width as usize + x as usize] = colour;
        }
    }

    /// Fills the rectangle of `w` x `h` pixels from `(x, y)`.
    pub fn rect(&mut self, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
        for yy in y..y.saturating_add(h).min(self.height) {
            for xx in x..x.saturating_add(w).min(self.width) {
                self.set(i64::from(xx), i64::from(yy), colour);
            }
        }
    }

    /// A line `thickness` pixels wide from `(x0, y0)` to `(x1, y1)`; with `dash` set, drawn
    /// `dash` pixels on and `dash` off along its length.
    pub fn line(
        &mut self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        thickness: u32,
        dash: Option<u32>,
        colour: [u8; 3],
    ) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0) as u32;
        let half = i64::from(thickness / 2);
        for i in 0..=steps {
            if let Some(d) = dash
                && d > 0
                && (i / d) % 2 == 1
            {
                continue;
            }
            let t = f64::from(i) / f64::from(steps);
            let x = (x0 + (x1 - x0) * t).round() as i64;
            let y = (y0 + (y1 - y0) * t).round() as i64;
            for dy in -half..=half {
                for dx in -half..=half {
                    self.set(x + dx, y + dy, colour);
                }
            }
        }
    }

    /// A filled disc of radius `r` around `(x, y)`.
    pub fn dot(&mut self, (x, y): (f64, f64), r: f64, colour: [u8; 3]) {
        let reach = r.ceil() as i64;
        let (cx, cy) = (x.round() as i64, y.round() as i64);
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                if ((dx * dx + dy * dy) as f64) <= r * r {
                    self.set(cx + dx, cy + dy, colour);
                }
            }
        }
    }

    /// The picture as PNG bytes.
    pub fn png(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity((1 + 3 * self.width as usize) * self.height as usize);
        for row in self.pixels.chunks(self.width.max(1) as usize) {
            raw.push(0); // filter type: none
            raw.extend(row.iter().flatten());
        }
        let mut ihdr = Vec::with_capacity(13);
        ihdr.extend(self.width.to_be_bytes());
        ihdr.extend(self.height.to_be_bytes());
        // 8 bits per sample, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        ihdr.extend([8, 2, 0, 0, 0]);

        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &zlib_stored(&raw));
        chunk(&mut out, b"IEND", &[]);
        out
    }
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend(kind);
    out.extend(data);
    out.extend(crc.finalize().to_be_bytes());
}

/// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, 3.2.4).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let mut blocks = data.chunks(0xffff).peekable();
    if blocks.peek().is_none() {
        out.extend([1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend(block);
    }
    // Adler-32 of the uncompressed data.
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend(((b << 16) | a).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_paints_its_pixels_and_no_others() {
        let bg = [255, 255, 255];
        let ink = [0, 0, 0];
        let mut c = Canvas::new(20, 10, bg);
        c.line((0.0, 5.0), (19.0, 5.0), 1, None, ink);
        assert_eq!(c.get(7, 5), Some(ink), "on the line");
        assert_eq!(c.get(7, 6), Some(bg), "one pixel off it");
        let mut d = Canvas::new(20, 10, bg);
        d.line((0.0, 2.0), (19.0, 2.0), 1, Some(3), ink);
        assert_eq!(d.get(1, 2), Some(ink), "a dash");
        assert_eq!(d.get(4, 2), Some(bg), "the gap after it");
        d.dot((10.0, 7.0), 1.5, ink);
        assert_eq!(d.get(10, 8), Some(ink));
        assert_eq!(d.get(13, 7), Some(bg));
        // Off the canvas is ignored, not a panic.
        d.line((-5.0, -5.0), (40.0, 40.0), 3, None, ink);
        assert_eq!(d.get(20, 0), None);
    }

    #[test]
    fn a_bar_is_a_valid_png() {
        let png = bar(10, 4, 3, [200, 0, 0], [230, 230, 230]);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // IHDR: 10 x 4, RGB.
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 10);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 4);
        assert!(png.ends_with(&[0xae, 0x42, 0x60, 0x82]), "IEND's CRC");
        // Every chunk's CRC holds.
        let mut i = 8;
        while i < png.len() {
            let len = u32::from_be_bytes(png[i..i + 4].try_into().unwrap()) as usize;
            let body = &png[i + 4..i + 8 + len];
            let crc = u32::from_be_bytes(png[i + 8 + len..i + 12 + len].try_into().unwrap());
            assert_eq!(crc32fast::hash(body), crc);
            i += 12 + len;
        }
        assert_eq!(i, png.len());
    }

    #[test]
    fn adler_and_blocks_follow_the_rfcs() {
        // "Wikipedia" has the Adler-32 0x11E60398 (RFC 1950's algorithm).
        let z = zlib_stored(b"Wikipedia");
        assert_eq!(&z[z.len() - 4..], &0x11E6_0398u32.to_be_bytes());
        assert_eq!(z[2], 1, "one final block");
        // More than one block's worth: the last one alone is final.
        let big = vec![7u8; 70_000];
        let z = zlib_stored(&big);
        assert_eq!(z[2], 0);
        assert_eq!(z.len(), 2 + 5 + 0xffff + 5 + (70_000 - 0xffff) + 4);
    }
}
