//! The icon (ICN-01…06), checked on its pixels — certification-requirements.md §3.3.
//!
//! Verified publishers submit a PNG with a solid, non-white, non-default-blue
//! background matching `iconBrandColor`; independent publishers submit none (their
//! connectors get a generic icon), so for them only ICN-06 applies.
//!
//! The background is the colour that at least two of the four corner pixels share;
//! "matches `iconBrandColor`" allows [`TOLERANCE`] per channel (antialiasing and
//! colour-profile rounding), while the banned white and blue are matched exactly —
//! merged connectors use `#fefefe` as a near-white that Microsoft accepted.

use std::io::Cursor;

use png::{ColorType, Transformations};

use crate::connector::{ConnectorFiles, FileData, Origin};
use crate::model::{Location, PublisherKind, Severity};
use crate::rules::Sink;

use super::{PREP, REPO};

rules! {
    ICN_01 {
        code: "ICN-01",
        severity: Error,
        scope: Connector,
        title: "The icon is a readable PNG",
        explanation: "Save the icon as a PNG file named `icon.png` (not a JPEG, SVG or a renamed file), and re-export it \
            if it cannot be decoded.",
        url: PREP,
    }
    ICN_02 {
        code: "ICN-02",
        severity: Warning,
        scope: Connector,
        title: "The icon is square, 100 to 230 pixels (230 recommended)",
        explanation: "Make the icon a square of 230×230 pixels (100×100 to 230×230 is accepted), with the logo taking \
            about 160 pixels in the middle.",
        url: PREP,
    }
    ICN_03 {
        code: "ICN-03",
        severity: Warning,
        scope: Connector,
        title: "The icon is smaller than 1 MB",
        explanation: "Reduce the icon's file size below 1 MB: save it at 230×230 without embedded metadata.",
        url: PREP,
    }
    ICN_04 {
        code: "ICN-04",
        severity: Error,
        scope: Connector,
        title: "The icon is opaque on a background that is not white or the default blue",
        explanation: "Give the icon a solid background in your brand colour, not white (#FFFFFF) or the default blue \
            (#007EE5): Microsoft refuses those (2022 submission page; a staff reminder in 2024), and no merged \
            connector has one. Transparent pixels are a warning: Microsoft asks for a fully opaque icon, but a \
            connector merged in 2024 has a transparent one.",
        url: PREP,
    }
    ICN_05 {
        code: "ICN-05",
        severity: Warning,
        scope: Connector,
        title: "The icon's background matches iconBrandColor",
        explanation: "Paint the icon's background in the colour given as `iconBrandColor`, or set `iconBrandColor` to \
            the icon's background colour, so the icon blends with its tile.",
        url: PREP,
    }
    ICN_06 {
        code: "ICN-06",
        severity: Error,
        scope: Connector,
        title: "Independent publishers submit no icon",
        explanation: "Independent-publisher connectors get Microsoft's generic icon: remove `icon.png` from the folder.",
        url: REPO,
    }
}

/// Per-channel difference still counted as "the same colour" for ICN-05.
pub const TOLERANCE: u8 = 24;
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
const MAX_BYTES: usize = 1 << 20;
/// Icons larger than this many pixels are not decoded (dimensions are still checked).
const MAX_PIXELS: u64 = 2048 * 2048;
const BANNED: [([u8; 3], &str); 2] = [
    ([0xff, 0xff, 0xff], "white"),
    ([0x00, 0x7e, 0xe5], "the default blue"),
];

/// ICN on one connector. `brand` is its `iconBrandColor`, when known.
pub fn check(
    sink: &mut Sink,
    files: &ConnectorFiles,
    publisher: PublisherKind,
    brand: Option<&str>,
) {
    let Some(icon) = &files.icon else { return };
    if publisher == PublisherKind::Independent {
        if files.origin == Origin::SourceFolder {
            sink.emit(
                &ICN_06,
                Location::file(&icon.vpath),
                "independent publishers do not submit an icon; remove it",
            );
        }
        return;
    }
    check_png(sink, icon, brand);
}

/// An RGBA picture.
struct Pixels {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Pixels {
    fn at(&self, x: u32, y: u32) -> [u8; 4] {
        let i = (y as usize * self.width as usize + x as usize) * 4;
        match self.rgba.get(i..i + 4) {
            Some(p) => [p[0], p[1], p[2], p[3]],
            None => [0; 4],
        }
    }
}

fn what_it_is(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "a JPEG"
    } else if bytes.starts_with(b"GIF8") {
        "a GIF"
    } else if bytes.starts_with(b"BM") {
        "a BMP"
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "a WebP"
    } else if bytes.iter().take(256).any(|b| *b == b'<')
        && bytes.windows(4).take(1024).any(|w| w == b"<svg")
    {
        "an SVG"
    } else if bytes.is_empty() {
        "empty"
    } else {
        "not a PNG"
    }
}

/// ICN-01…05 on an icon file.
pub fn check_png(sink: &mut Sink, icon: &FileData, brand: Option<&str>) {
    let at = || Location::file(&icon.vpath);
    let bytes = &icon.bytes;
    if !bytes.starts_with(PNG_MAGIC) {
        return sink.emit(
            &ICN_01,
            at(),
            format!("the icon is {}; it must be a PNG", what_it_is(bytes)),
        );
    }
    if bytes.len() >= MAX_BYTES {
        sink.emit(
            &ICN_03,
            at(),
            format!("the icon is {} bytes; keep it under 1 MB", bytes.len()),
        );
    }
    let mut decoder = png::Decoder::new(Cursor::new(bytes.as_slice()));
    decoder.set_transformations(Transformations::EXPAND | Transformations::STRIP_16);
    let mut reader = match decoder.read_info() {
        Ok(r) => r,
        Err(e) => return sink.emit(&ICN_01, at(), format!("the PNG cannot be read: {e}")),
    };
    let (width, height) = reader.info().size();
    size(sink, icon, width, height);
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return;
    }
    let Some(len) = reader.output_buffer_size() else {
        return sink.emit(&ICN_01, at(), "the PNG's dimensions are not usable");
    };
    let mut buf = vec![0; len];
    let frame = match reader.next_frame(&mut buf) {
        Ok(f) => f,
        Err(e) => {
            return sink.emit(
                &ICN_01,
                at(),
                format!("the PNG's image data is corrupt: {e}"),
            );
        }
    };
    let Some(rgba) = to_rgba(&buf[..frame.buffer_size().min(buf.len())], frame.color_type) else {
        return sink.emit(
            &ICN_01,
            at(),
            "the PNG uses a pixel format certpack cannot read",
        );
    };
    let px = Pixels {
        width: frame.width,
        height: frame.height,
        rgba,
    };
    pixels(sink, icon, &px, brand);
}

fn size(sink: &mut Sink, icon: &FileData, w: u32, h: u32) {
    let at = Location::file(&icon.vpath);
    if w != h {
        sink.emit(
            &ICN_02,
            at,
            format!("the icon is {w}×{h}; it must be square (230×230)"),
        );
    } else if !(100..=230).contains(&w) {
        sink.emit(
            &ICN_02,
            at,
            format!("the icon is {w}×{h}; use 230×230 (100 to 230 accepted)"),
        );
    } else if w != 230 {
        sink.emit_as(
            &ICN_02,
            crate::model::Severity::Info,
            at,
            format!("the icon is {w}×{h}; 230×230 is recommended"),
        );
    }
}

/// Expands decoded samples (after EXPAND and STRIP_16: 8-bit grey, grey+alpha, RGB or RGBA) to RGBA.
fn to_rgba(data: &[u8], color: ColorType) -> Option<Vec<u8>> {
    let out = match color {
        ColorType::Rgba => data.to_vec(),
        ColorType::Rgb => data
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        ColorType::GrayscaleAlpha => data
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        ColorType::Grayscale => data.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        ColorType::Indexed => return None,
    };
    Some(out)
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02X}{:02X}{:02X}", c[0], c[1], c[2])
}

fn close(a: [u8; 3], b: [u8; 3], tol: u8) -> bool {
    a.iter().zip(b.iter()).all(|(x, y)| x.abs_diff(*y) <= tol)
}

/// Parses `#rrggbb`.
fn parse_colour(s: &str) -> Option<[u8; 3]> {
    let h = s.trim().strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([c(0)?, c(2)?, c(4)?])
}

/// The colour at least two corners share (within 2 per channel), if any.
fn background(px: &Pixels) -> Option<[u8; 3]> {
    let (w, h) = (px.width.checked_sub(1)?, px.height.checked_sub(1)?);
    let corners: Vec<[u8; 3]> = [(0, 0), (w, 0), (0, h), (w, h)]
        .iter()
        .map(|&(x, y)| {
            let p = px.at(x, y);
            [p[0], p[1], p[2]]
        })
        .collect();
    corners
        .iter()
        .copied()
        .find(|c| corners.iter().filter(|d| close(*c, **d, 2)).count() >= 2)
}

fn pixels(sink: &mut Sink, icon: &FileData, px: &Pixels, brand: Option<&str>) {
    let at = || Location::file(&icon.vpath);
    let transparent = px.rgba.chunks_exact(4).filter(|p| p[3] < 255).count();
    if transparent > 0 {
        let first = px
            .rgba
            .chunks_exact(4)
            .position(|p| p[3] < 255)
            .unwrap_or(0);
        let w = px.width.max(1) as usize;
        sink.emit_as(
            &ICN_04,
            Severity::Warning,
            at(),
            format!(
                "{transparent} pixel(s) of the icon are transparent (the first at x={}, y={}); make the background opaque",
                first % w,
                first / w
            ),
        );
    }
    let Some(bg) = background(px) else {
        sink.emit(
            &ICN_05,
            at(),
            "the icon's corners have different colours: it has no solid background",
        );
        return;
    };
    if let Some((_, name)) = BANNED.iter().find(|(c, _)| *c == bg) {
        sink.emit(
            &ICN_04,
            at(),
            format!(
                "the icon's background is {name} ({}); use your brand colour",
                hex(bg)
            ),
        );
        return;
    }
    // a banned or malformed brand colour is PRP-02's finding; nothing to match then
    if let Some(want) = brand.and_then(parse_colour)
        && !BANNED.iter().any(|(c, _)| *c == want)
        && !close(bg, want, TOLERANCE)
    {
        sink.emit(
            &ICN_05,
            at(),
            format!(
                "the icon's background is {} but `iconBrandColor` is {}",
                hex(bg),
                hex(want)
            ),
        );
    }
}

/// Encodes an RGBA picture as PNG (used by tests and by the fixture and bench generators).
#[doc(hidden)]
pub fn encode_rgba(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, width, height);
    e.set_color(ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    if let Ok(mut w) = e.write_header() {
        let _ = w.write_image_data(rgba);
    }
    out
}

/// A square icon: `bg` background with a `fg` square in the middle.
#[doc(hidden)]
pub fn sample_icon(side: u32, bg: [u8; 4], fg: [u8; 4]) -> Vec<u8> {
    let mut rgba = Vec::with_capacity((side * side * 4) as usize);
    for y in 0..side {
        for x in 0..side {
            let inner = (side / 4..side - side / 4).contains(&x)
                && (side / 4..side - side / 4).contains(&y);
            rgba.extend_from_slice(if inner { &fg } else { &bg });
        }
    }
    encode_rgba(side, side, &rgba)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::{Diagnostic, Severity};
    use crate::rules::cases::Case;

    const BRAND: [u8; 4] = [0x1f, 0x6f, 0x43, 255];
    const LOGO: [u8; 4] = [250, 250, 250, 255];

    /// Every content finding on the good connector (`iconBrandColor` #1f6f43) with
    /// the icon `bytes`, as `publisher`.
    fn icon_as(bytes: Option<Vec<u8>>, publisher: PublisherKind) -> Vec<Diagnostic> {
        let mut files = good_connector();
        files.icon = bytes.map(|bytes| FileData {
            vpath: "icon.png".into(),
            bytes,
        });
        run_content_as(&files, publisher)
    }

    fn icon(bytes: Vec<u8>) -> Vec<Diagnostic> {
        icon_as(Some(bytes), PublisherKind::Verified)
    }

    /// A good 230×230 icon padded with an ancillary chunk of `n` bytes.
    fn padded(n: usize) -> Vec<u8> {
        let mut png = sample_icon(230, BRAND, LOGO);
        let iend = png.len() - 12;
        let data = vec![0u8; n];
        let mut chunk = Vec::new();
        chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
        chunk.extend_from_slice(b"zzZz");
        chunk.extend_from_slice(&data);
        chunk.extend_from_slice(&crc(b"zzZz", &data).to_be_bytes());
        png.splice(iend..iend, chunk);
        png
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &ICN_01,
                || icon(b"\xff\xd8\xff\xe0\0\x10JFIF".to_vec()),
                || icon(sample_icon(230, BRAND, LOGO)),
            ),
            Case::new(
                &ICN_01,
                || {
                    let png = sample_icon(230, BRAND, LOGO);
                    icon(png[..png.len() / 2].to_vec())
                },
                || icon(sample_icon(230, BRAND, LOGO)),
            ),
            Case::new(
                &ICN_02,
                || icon(sample_icon(231, BRAND, LOGO)),
                || icon(sample_icon(230, BRAND, LOGO)),
            ),
            Case::new(
                &ICN_02,
                || icon(encode_rgba(230, 229, &BRAND.repeat(230 * 229))),
                || icon(encode_rgba(230, 230, &BRAND.repeat(230 * 230))),
            ),
            Case::new(
                &ICN_02,
                || icon(sample_icon(229, BRAND, LOGO)),
                || icon(sample_icon(230, BRAND, LOGO)),
            )
            .reported_as(Severity::Info),
            Case::new(&ICN_03, || icon(padded(1 << 20)), || icon(padded(1 << 19))),
            Case::new(
                &ICN_04,
                || icon(sample_icon(230, [255, 255, 255, 255], BRAND)),
                || icon(sample_icon(230, [254, 254, 254, 255], BRAND)),
            ),
            Case::new(
                &ICN_04,
                || icon(sample_icon(230, [0, 0x7e, 0xe5, 255], LOGO)),
                || icon(sample_icon(230, [0, 0x7e, 0xe6, 255], LOGO)),
            ),
            Case::new(
                &ICN_04,
                || icon(sample_icon(230, BRAND, [250, 250, 250, 254])),
                || icon(sample_icon(230, BRAND, LOGO)),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &ICN_05,
                || icon(sample_icon(230, [0x1f + 25, 0x6f, 0x43, 255], LOGO)),
                || icon(sample_icon(230, [0x1f + 24, 0x6f, 0x43, 255], LOGO)),
            ),
            Case::new(
                &ICN_05,
                || {
                    let mut rgba = BRAND.repeat(230 * 230);
                    // three corners of three colours: no background
                    rgba[..4].copy_from_slice(&LOGO);
                    let last = rgba.len() - 4;
                    rgba[last..].copy_from_slice(&[200, 30, 30, 255]);
                    rgba[229 * 4..230 * 4].copy_from_slice(&[30, 30, 200, 255]);
                    icon(encode_rgba(230, 230, &rgba))
                },
                || {
                    let mut rgba = BRAND.repeat(230 * 230);
                    rgba[..4].copy_from_slice(&LOGO);
                    let last = rgba.len() - 4;
                    rgba[last..].copy_from_slice(&[200, 30, 30, 255]);
                    icon(encode_rgba(230, 230, &rgba))
                },
            ),
            Case::new(
                &ICN_06,
                || {
                    icon_as(
                        Some(sample_icon(230, BRAND, LOGO)),
                        PublisherKind::Independent,
                    )
                },
                || icon_as(None, PublisherKind::Independent),
            ),
        ]
    }

    fn run_as(bytes: Vec<u8>, publisher: PublisherKind) -> Vec<(String, Severity)> {
        let mut files = good_connector();
        files.icon = Some(FileData {
            vpath: "icon.png".into(),
            bytes,
        });
        let mut sink = Sink::new();
        check(&mut sink, &files, publisher, Some("#1f6f43"));
        sink.diagnostics()
            .iter()
            .map(|d| (d.code.clone(), d.severity))
            .collect()
    }
    fn run(bytes: Vec<u8>) -> Vec<(String, Severity)> {
        run_as(bytes, PublisherKind::Verified)
    }
    use Severity::{Error as E, Info as I, Warning as W};

    #[test]
    fn good_is_silent() {
        assert!(run(sample_icon(230, BRAND, LOGO)).is_empty());
        assert!(
            run(good_connector().icon.unwrap().bytes).is_empty(),
            "the fixture icon"
        );
    }

    #[test]
    fn icn01_format() {
        assert_eq!(run(b"\xff\xd8\xff\xe0JFIF".to_vec()), one("ICN-01", E));
        assert_eq!(run(b"<svg xmlns='x'/>".to_vec()), one("ICN-01", E));
        let mut png = sample_icon(230, BRAND, LOGO);
        png.truncate(60);
        assert_eq!(run(png), one("ICN-01", E));
        let mut png = sample_icon(230, BRAND, LOGO);
        let n = png.len();
        for b in &mut png[n / 2..n - 20] {
            *b ^= 0x5a;
        }
        assert_eq!(run(png)[0], ("ICN-01".to_owned(), E));
    }

    #[test]
    fn icn02_dimensions() {
        assert_eq!(run(sample_icon(300, BRAND, LOGO)), one("ICN-02", W));
        assert_eq!(run(sample_icon(64, BRAND, LOGO)), one("ICN-02", W));
        assert_eq!(run(sample_icon(160, BRAND, LOGO)), one("ICN-02", I));
        let rect = encode_rgba(230, 200, &BRAND.repeat(230 * 200));
        assert_eq!(run(rect), one("ICN-02", W));
    }

    #[test]
    fn icn03_file_size() {
        let mut png = sample_icon(230, BRAND, LOGO);
        // an ancillary chunk padding the file past 1 MB
        let iend = png.len() - 12;
        let mut chunk = Vec::new();
        let data = vec![0u8; 1 << 20];
        chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
        chunk.extend_from_slice(b"zzZz");
        chunk.extend_from_slice(&data);
        chunk.extend_from_slice(&crc(b"zzZz", &data).to_be_bytes());
        png.splice(iend..iend, chunk);
        assert_eq!(run(png), one("ICN-03", W));
    }

    fn crc(kind: &[u8], data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in kind.iter().chain(data) {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn icn04_transparency_and_banned_background() {
        let mut t = BRAND;
        t[3] = 0;
        assert_eq!(run(sample_icon(230, BRAND, t)), one("ICN-04", W));
        assert_eq!(
            run(sample_icon(230, [255, 255, 255, 255], [0, 0, 0, 255])),
            one("ICN-04", E)
        );
        assert_eq!(
            run(sample_icon(230, [0, 0x7e, 0xe5, 255], LOGO)),
            one("ICN-04", E)
        );
    }

    #[test]
    fn icn05_brand_match() {
        assert_eq!(
            run(sample_icon(230, [200, 30, 30, 255], LOGO)),
            one("ICN-05", W)
        );
        assert!(
            run(sample_icon(230, [0x25, 0x70, 0x40, 255], LOGO)).is_empty(),
            "within tolerance"
        );
        // a banned brand colour is PRP-02's finding, not a mismatch
        let mut files = good_connector();
        files.icon = Some(FileData {
            vpath: "icon.png".into(),
            bytes: sample_icon(230, [200, 30, 30, 255], LOGO),
        });
        let mut sink = Sink::new();
        check(&mut sink, &files, PublisherKind::Verified, Some("#FFFFFF"));
        assert!(sink.diagnostics().is_empty());
    }

    #[test]
    fn icn06_independent_publisher() {
        assert_eq!(
            run_as(sample_icon(230, BRAND, LOGO), PublisherKind::Independent),
            one("ICN-06", E)
        );
        let mut files = good_connector();
        files.icon = None;
        let mut sink = Sink::new();
        check(&mut sink, &files, PublisherKind::Independent, None);
        assert!(sink.diagnostics().is_empty());
    }

    #[test]
    fn palette_grey_and_16_bit() {
        // 16-bit grey, opaque, mid-grey background
        let mut out = Vec::new();
        {
            let mut e = png::Encoder::new(&mut out, 230, 230);
            e.set_color(ColorType::Grayscale);
            e.set_depth(png::BitDepth::Sixteen);
            let mut w = e.write_header().unwrap();
            w.write_image_data(&[0x80, 0x00].repeat(230 * 230)).unwrap();
        }
        let mut files = good_connector();
        files.icon = Some(FileData {
            vpath: "icon.png".into(),
            bytes: out,
        });
        let mut sink = Sink::new();
        check(&mut sink, &files, PublisherKind::Verified, Some("#808080"));
        assert!(sink.diagnostics().is_empty(), "{:?}", sink.diagnostics());
        // palette with a transparent entry
        let mut out = Vec::new();
        {
            let mut e = png::Encoder::new(&mut out, 230, 230);
            e.set_color(ColorType::Indexed);
            e.set_depth(png::BitDepth::Eight);
            e.set_palette(vec![0x1f, 0x6f, 0x43, 0, 0, 0]);
            e.set_trns(vec![255, 0]);
            let mut w = e.write_header().unwrap();
            let mut idx = vec![0u8; 230 * 230];
            idx[230 * 115 + 115] = 1;
            w.write_image_data(&idx).unwrap();
        }
        assert_eq!(run(out), one("ICN-04", W));
    }
}
