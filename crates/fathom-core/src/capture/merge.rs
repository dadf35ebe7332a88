//! File ▸ Merge: two capture files into one pcapng, chronologically (as mergecap does by
//! default) or one after the other. Each source interface keeps an interface of its own, and
//! packet comments come along.

use super::file::{CaptureFile, Record, RecordReader, MAX_PACKET};
use super::save::PcapngWriter;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// By timestamp, as mergecap does by default.
    Chronological,
    /// The first file's packets, then the second's.
    Append,
}

struct Source {
    reader: RecordReader,
    /// The next record, its bytes and comment.
    next: Option<(Record, Vec<u8>, Option<String>)>,
}

impl Source {
    fn open(path: &Path) -> io::Result<Source> {
        let cf = CaptureFile::open(path).map_err(|e| io::Error::other(e.to_string()))?;
        let mut s = Source {
            reader: cf.reader()?,
            next: None,
        };
        s.advance();
        Ok(s)
    }

    fn advance(&mut self) {
        let mut buf = Vec::new();
        self.next = self
            .reader
            .next(&mut buf)
            .map(|r| (r, buf, self.reader.comment.take()));
    }
}

/// Writes `a` and `b` merged into `out`; returns how many packets were written.
pub fn merge(a: &Path, b: &Path, order: Order, out: &Path) -> io::Result<u64> {
    let mut src = [Source::open(a)?, Source::open(b)?];
    let tmp = out.with_extension("fathom-partial");
    let file = io::BufWriter::with_capacity(1 << 18, std::fs::File::create(&tmp)?);
    let result = (|| -> io::Result<u64> {
        let mut w = PcapngWriter::new(
            file,
            concat!("Fathom ", env!("CARGO_PKG_VERSION"), " (merge)"),
        )?;
        let mut ids: HashMap<(usize, u16, u16), u32> = HashMap::new();
        let mut n = 0u64;
        loop {
            let pick = match (&src[0].next, &src[1].next) {
                (None, None) => break,
                (Some(_), None) => 0,
                (None, Some(_)) => 1,
                (Some(x), Some(y)) => match order {
                    Order::Append => 0,
                    // ties go to the first file, as mergecap's
                    Order::Chronological => usize::from(y.0.ts_ns < x.0.ts_ns),
                },
            };
            let Some((rec, bytes, comment)) = src[pick].next.take() else {
                break;
            };
            let key = (pick, rec.iface, rec.linktype);
            let id = match ids.get(&key) {
                Some(&id) => id,
                None => {
                    let name = src[pick]
                        .reader
                        .iface_names
                        .get(rec.iface as usize)
                        .cloned()
                        .unwrap_or_default();
                    let id = w.interface(rec.linktype, MAX_PACKET, &name, "")?;
                    ids.insert(key, id);
                    id
                }
            };
            w.packet(id, rec.ts_ns, &bytes, rec.origlen, comment.as_deref())?;
            n += 1;
            src[pick].advance();
        }
        w.flush()?;
        w.into_inner().flush()?;
        Ok(n)
    })();
    match result {
        Ok(n) => {
            std::fs::rename(&tmp, out)?;
            Ok(n)
        }
        Err(e) => {
            if let Err(r) = std::fs::remove_file(&tmp) {
                eprintln!("fathom: could not remove {}: {r}", tmp.display());
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captures(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/captures")
            .join(name)
    }

    fn times(path: &Path) -> Vec<i64> {
        let cf = CaptureFile::open(path).unwrap();
        let mut r = cf.reader().unwrap();
        let mut buf = Vec::new();
        let mut v = Vec::new();
        while let Some(rec) = r.next(&mut buf) {
            v.push(rec.ts_ns);
        }
        v
    }

    #[test]
    fn merges_in_time_order_or_one_after_the_other() {
        let (a, b) = (captures("keepalive-2.pcap"), captures("demo-http.pcap"));
        let dir = std::env::temp_dir().join(format!("fathom-merge-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (ta, tb) = (times(&a), times(&b));
        assert!(ta.is_sorted() && tb.is_sorted());
        let out = dir.join("chrono.pcapng");
        let n = merge(&a, &b, Order::Chronological, &out).unwrap();
        assert_eq!(n as usize, ta.len() + tb.len());
        let mut want: Vec<i64> = ta.iter().chain(&tb).copied().collect();
        want.sort();
        assert_eq!(
            times(&out),
            want,
            "two files in time order make one in time order"
        );
        // a file merged with itself: each packet twice, side by side
        let twice = dir.join("twice.pcapng");
        merge(&b, &b, Order::Chronological, &twice).unwrap();
        let t2 = times(&twice);
        assert!(t2.chunks(2).all(|p| p[0] == p[1]) && t2.len() == 2 * tb.len());
        let out2 = dir.join("append.pcapng");
        merge(&a, &b, Order::Append, &out2).unwrap();
        let appended: Vec<i64> = ta.iter().chain(&tb).copied().collect();
        assert_eq!(times(&out2), appended);
        assert_ne!(appended, want, "the two orders differ on these files");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
