//! `-x`: the hex and ASCII dump tshark prints after a frame, one block per data source.

use crate::dissect::Dissection;

/// Sixteen bytes a line: offset, the bytes in hex, then printable ASCII ('.' otherwise).
pub fn dump(bytes: &[u8], out: &mut String) {
    // as many offset digits as the largest offset needs, four at the least (tshark's)
    let digits = match bytes.len() {
        0..=0xffff => 4,
        0x1_0000..=0xf_ffff => 5,
        0x10_0000..=0xff_ffff => 6,
        _ => 8,
    };
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let off = i * 16;
        crate::push_fmt!(out, "{off:0digits$x}  ");
        let start = out.len();
        for (j, b) in chunk.iter().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            crate::push_fmt!(out, "{b:02x}");
        }
        while out.len() - start < 47 {
            out.push(' ');
        }
        out.push_str("   ");
        out.extend(chunk.iter().map(|&b| {
            if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            }
        }));
        out.push('\n');
    }
}

/// The frame's dump, and when dissection made more data sources (reassembled, de-chunked,
/// uncompressed bytes) each one under a "Name (N bytes):" title, as tshark does.
pub fn frame(d: &Dissection, bytes: &[u8], out: &mut String) {
    if d.tree.sources.is_empty() {
        dump(bytes, out);
        return;
    }
    out.push_str(&format!("Frame ({} bytes):\n", bytes.len()));
    dump(bytes, out);
    for (name, b) in &d.tree.sources {
        if name.ends_with(" bytes)") {
            out.push_str(&format!("{name}:\n"));
        } else {
            out.push_str(&format!("{name} ({} bytes):\n", b.len()));
        }
        dump(b, out);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_as_tshark_prints_them() {
        let mut s = String::new();
        let bytes: Vec<u8> = (0x41..0x41 + 18).collect();
        super::dump(&bytes, &mut s);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(
            lines[0],
            "0000  41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50   ABCDEFGHIJKLMNOP"
        );
        assert_eq!(lines[1], format!("0010  51 52{}   QR", " ".repeat(47 - 5)));
        s.clear();
        super::dump(&[0, 0x7f, 0x20], &mut s);
        assert!(s.ends_with("   .. \n"), "{s:?}");
    }
}
