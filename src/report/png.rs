//! The smallest PNG writer the Word report needs: one bar of a bar chart, a filled part
//! and a track, in two colours.
//!
//! docx-rs embeds PNG only and the tree holds no image encoder (docx-rs's `image` feature
//! is off, on purpose: it would bring a dozen codecs). A bar is a few hundred pixels of two
//! colours, so the pixels go into the zlib stream in stored (uncompressed) blocks; the
//! DOCX archive deflates the whole image part afterwards. Same input, same bytes.

/// A `width` x `height` RGB image whose first `filled` columns are `fill` and the rest
/// `track`.
pub fn bar(width: u32, height: u32, filled: u32, fill: [u8; 3], track: [u8; 3]) -> Vec<u8> {
    let mut row = Vec::with_capacity(1 + 3 * width as usize);
    row.push(0); // filter type: none
    for x in 0..width {
        row.extend(if x < filled { fill } else { track });
    }
    let raw: Vec<u8> = (0..height).flat_map(|_| row.iter().copied()).collect();

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    // 8 bits per sample, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
    ihdr.extend([8, 2, 0, 0, 0]);

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
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
