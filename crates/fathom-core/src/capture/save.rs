//! Writers for pcapng and pcap: the capture helper streams pcapng through [`PcapngWriter`],
//! and File ▸ Save As writes all or the displayed packets of a capture with [`save`].
//!
//! Timestamps are written with nanosecond resolution (`if_tsresol` 9 in pcapng, the
//! nanosecond magic in pcap), so nothing the reader gave is rounded away.

use super::file::{CaptureFile, PacketSource, Record};
use std::io::{self, Write};
use std::path::Path;

const SHB: u32 = 0x0A0D_0D0A;
const IDB: u32 = 1;
const ISB: u32 = 5;
const EPB: u32 = 6;

/// Per-interface counters for an Interface Statistics Block (pcapng `isb_*` options).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IfaceStats {
    pub start_ns: i64,
    pub end_ns: i64,
    /// Packets the kernel saw (`isb_ifrecv`).
    pub received: u64,
    /// Dropped by the interface or its driver (`isb_ifdrop`).
    pub if_dropped: u64,
    /// Dropped by the kernel for lack of buffer space (`isb_osdrop`).
    pub os_dropped: u64,
    /// Delivered to the writer (`isb_usrdeliv`).
    pub delivered: u64,
}

/// A pcapng stream writer (little-endian, one section).
pub struct PcapngWriter<W: Write> {
    w: W,
    ifaces: u32,
    written: u64,
    /// Timestamps in microseconds (`if_tsresol` 6) rather than nanoseconds.
    micros: bool,
}

fn pad4(n: usize) -> usize {
    (4 - n % 4) % 4
}

/// Appends a pcapng option (code, value, padding) to `out`.
fn option(out: &mut Vec<u8>, code: u16, value: &[u8]) {
    let len = value.len().min(u16::MAX as usize - 3);
    out.extend_from_slice(&code.to_le_bytes());
    out.extend_from_slice(&(len as u16).to_le_bytes());
    out.extend_from_slice(&value[..len]);
    out.extend(std::iter::repeat_n(0u8, pad4(len)));
}

fn end_of_options(out: &mut Vec<u8>) {
    out.extend_from_slice(&[0, 0, 0, 0]);
}

fn ts_words(ts_ns: i64) -> (u32, u32) {
    let t = ts_ns.max(0) as u64;
    ((t >> 32) as u32, t as u32)
}

impl<W: Write> PcapngWriter<W> {
    /// Starts a section; `app` goes into `shb_userappl`.
    pub fn new(mut w: W, app: &str) -> io::Result<PcapngWriter<W>> {
        let mut body = Vec::new();
        body.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes());
        body.extend_from_slice(&1u16.to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&(-1i64).to_le_bytes());
        option(&mut body, 4, app.as_bytes());
        end_of_options(&mut body);
        let written = block(&mut w, SHB, &body)?;
        Ok(PcapngWriter {
            w,
            ifaces: 0,
            written,
            micros: false,
        })
    }

    /// Interfaces described from now on keep microsecond timestamps (a copy of a microsecond
    /// capture keeps its precision, as Wireshark's does).
    pub fn microseconds(mut self) -> Self {
        self.micros = true;
        self
    }

    /// Describes an interface; returns its id for [`PcapngWriter::packet`].
    pub fn interface(
        &mut self,
        linktype: u16,
        snaplen: u32,
        name: &str,
        filter: &str,
    ) -> io::Result<u32> {
        let mut body = Vec::new();
        body.extend_from_slice(&linktype.to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&snaplen.to_le_bytes());
        if !name.is_empty() {
            option(&mut body, 2, name.as_bytes());
        }
        option(&mut body, 9, &[if self.micros { 6 } else { 9 }]);
        if !filter.is_empty() {
            let mut f = vec![0u8];
            f.extend_from_slice(filter.as_bytes());
            option(&mut body, 11, &f);
        }
        end_of_options(&mut body);
        self.written += block(&mut self.w, IDB, &body)?;
        self.ifaces += 1;
        Ok(self.ifaces - 1)
    }

    /// Writes one Enhanced Packet Block.
    pub fn packet(
        &mut self,
        iface: u32,
        ts_ns: i64,
        data: &[u8],
        origlen: u32,
        comment: Option<&str>,
    ) -> io::Result<()> {
        let (hi, lo) = ts_words(if self.micros {
            ts_ns.div_euclid(1000)
        } else {
            ts_ns
        });
        let mut head = [0u8; 28];
        let pad = pad4(data.len());
        let mut opts = Vec::new();
        if let Some(c) = comment {
            option(&mut opts, 1, c.as_bytes());
            end_of_options(&mut opts);
        }
        let total = (12 + 20 + data.len() + pad + opts.len()) as u32;
        head[0..4].copy_from_slice(&EPB.to_le_bytes());
        head[4..8].copy_from_slice(&total.to_le_bytes());
        head[8..12].copy_from_slice(&iface.to_le_bytes());
        head[12..16].copy_from_slice(&hi.to_le_bytes());
        head[16..20].copy_from_slice(&lo.to_le_bytes());
        head[20..24].copy_from_slice(&(data.len() as u32).to_le_bytes());
        head[24..28].copy_from_slice(&origlen.to_le_bytes());
        self.w.write_all(&head)?;
        self.w.write_all(data)?;
        self.w.write_all(&[0u8; 3][..pad])?;
        self.w.write_all(&opts)?;
        self.w.write_all(&total.to_le_bytes())?;
        self.written += total as u64;
        Ok(())
    }

    /// Writes an Interface Statistics Block.
    pub fn stats(&mut self, iface: u32, st: &IfaceStats) -> io::Result<()> {
        let (hi, lo) = ts_words(st.end_ns);
        let mut body = Vec::new();
        body.extend_from_slice(&iface.to_le_bytes());
        body.extend_from_slice(&hi.to_le_bytes());
        body.extend_from_slice(&lo.to_le_bytes());
        let time = |t: i64| {
            let (h, l) = ts_words(t);
            [h.to_le_bytes(), l.to_le_bytes()].concat()
        };
        option(&mut body, 2, &time(st.start_ns));
        option(&mut body, 3, &time(st.end_ns));
        option(&mut body, 4, &st.received.to_le_bytes());
        option(&mut body, 5, &st.if_dropped.to_le_bytes());
        option(&mut body, 7, &st.os_dropped.to_le_bytes());
        option(&mut body, 8, &st.delivered.to_le_bytes());
        end_of_options(&mut body);
        self.written += block(&mut self.w, ISB, &body)?;
        Ok(())
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }

    pub fn into_inner(self) -> W {
        self.w
    }
}

fn block(w: &mut impl Write, kind: u32, body: &[u8]) -> io::Result<u64> {
    let total = (12 + body.len()) as u32;
    w.write_all(&kind.to_le_bytes())?;
    w.write_all(&total.to_le_bytes())?;
    w.write_all(body)?;
    w.write_all(&total.to_le_bytes())?;
    Ok(total as u64)
}

/// A pcap (nanosecond, little-endian) writer: one link type for the whole file.
pub struct PcapWriter<W: Write> {
    w: W,
    linktype: u16,
    micros: bool,
}

impl<W: Write> PcapWriter<W> {
    pub fn new(w: W, linktype: u16, snaplen: u32) -> io::Result<PcapWriter<W>> {
        Self::with_precision(w, linktype, snaplen, false)
    }

    /// A nanosecond pcap, or a microsecond one (the classic magic) when `micros`.
    pub fn with_precision(
        mut w: W,
        linktype: u16,
        snaplen: u32,
        micros: bool,
    ) -> io::Result<PcapWriter<W>> {
        let mut h = Vec::with_capacity(24);
        let magic: u32 = if micros { 0xA1B2_C3D4 } else { 0xA1B2_3C4D };
        h.extend_from_slice(&magic.to_le_bytes());
        h.extend_from_slice(&2u16.to_le_bytes());
        h.extend_from_slice(&4u16.to_le_bytes());
        h.extend_from_slice(&0i32.to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(&snaplen.to_le_bytes());
        h.extend_from_slice(&(linktype as u32).to_le_bytes());
        w.write_all(&h)?;
        Ok(PcapWriter {
            w,
            linktype,
            micros,
        })
    }

    pub fn packet(&mut self, ts_ns: i64, data: &[u8], origlen: u32) -> io::Result<()> {
        let t = ts_ns.max(0);
        let mut h = [0u8; 16];
        h[0..4].copy_from_slice(&((t / 1_000_000_000) as u32).to_le_bytes());
        let frac = t % 1_000_000_000;
        let frac = if self.micros { frac / 1000 } else { frac };
        h[4..8].copy_from_slice(&(frac as u32).to_le_bytes());
        h[8..12].copy_from_slice(&(data.len() as u32).to_le_bytes());
        h[12..16].copy_from_slice(&origlen.to_le_bytes());
        self.w.write_all(&h)?;
        self.w.write_all(data)
    }

    pub fn linktype(&self) -> u16 {
        self.linktype
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }

    pub fn into_inner(self) -> W {
        self.w
    }
}

/// The formats File ▸ Save As writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveFormat {
    Pcapng,
    Pcap,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("Could not write \"{0}\": {1}")]
    Io(String, io::Error),
    #[error(
        "pcap holds one link type per file, and these packets have several ({0}); save as pcapng instead."
    )]
    MixedLinkTypes(String),
}

/// Writes the given records of a capture to `path`, reading their bytes back from `cf`.
/// `progress` is told how many packets are written, now and then.
pub fn save(
    cf: &CaptureFile,
    records: &[Record],
    format: SaveFormat,
    path: &Path,
    progress: &dyn Fn(usize),
) -> Result<(), SaveError> {
    save_with_comments(cf, records, &Default::default(), format, path, progress)
}

/// [`save`], with packet comments (keyed by the record's offset in the file) written into
/// pcapng (pcap has no place for them).
pub fn save_with_comments(
    cf: &CaptureFile,
    records: &[Record],
    comments: &std::collections::HashMap<u64, String>,
    format: SaveFormat,
    path: &Path,
    progress: &dyn Fn(usize),
) -> Result<(), SaveError> {
    // keep the source's precision: a microsecond file stays one
    let micros = cf.reader().map(|mut r| {
        // a pcapng's interfaces are known once its first packet is read
        let mut first = Vec::new();
        // (an empty file has no packet: its header alone tells)
        r.next(&mut first);
        r.time_digits() <= 6
    });
    let micros = micros.unwrap_or(false);
    let name = path.display().to_string();
    let io_err = |e| SaveError::Io(name.clone(), e);
    let mut kinds: Vec<u16> = records.iter().map(|r| r.linktype).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if format == SaveFormat::Pcap && kinds.len() > 1 {
        let list: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
        return Err(SaveError::MixedLinkTypes(list.join(", ")));
    }
    let src = PacketSource::new(cf).map_err(io_err)?;
    // write next to the target and rename, so a failed save never leaves half a file
    let tmp = path.with_extension("fathom-partial");
    let out = std::fs::File::create(&tmp).map_err(io_err)?;
    let out = io::BufWriter::with_capacity(1 << 18, out);
    let mut buf = Vec::new();
    let result = (|| -> io::Result<()> {
        match format {
            SaveFormat::Pcap => {
                let lt = kinds.first().copied().unwrap_or(1);
                let mut w = PcapWriter::with_precision(out, lt, super::file::MAX_PACKET, micros)?;
                for (i, r) in records.iter().enumerate() {
                    src.read(r, &mut buf)?;
                    w.packet(r.ts_ns, &buf, r.origlen)?;
                    if i % 65536 == 0 {
                        progress(i);
                    }
                }
                w.into_inner().flush()
            }
            SaveFormat::Pcapng => {
                let mut w =
                    PcapngWriter::new(out, &format!("Fathom {}", env!("CARGO_PKG_VERSION")))?;
                if micros {
                    w = w.microseconds();
                }
                // one interface block per (interface, link type) the records use
                let mut ids: std::collections::HashMap<(u16, u16), u32> = Default::default();
                for (i, r) in records.iter().enumerate() {
                    let id = match ids.get(&(r.iface, r.linktype)) {
                        Some(&id) => id,
                        None => {
                            let id = w.interface(r.linktype, super::file::MAX_PACKET, "", "")?;
                            ids.insert((r.iface, r.linktype), id);
                            id
                        }
                    };
                    src.read(r, &mut buf)?;
                    let c = comments.get(&r.offset).map(String::as_str);
                    w.packet(id, r.ts_ns, &buf, r.origlen, c)?;
                    if i % 65536 == 0 {
                        progress(i);
                    }
                }
                w.flush()
            }
        }
    })();
    if let Err(e) = result {
        if let Err(r) = std::fs::remove_file(&tmp) {
            eprintln!("fathom: could not remove {}: {r}", tmp.display());
        }
        return Err(io_err(e));
    }
    std::fs::rename(&tmp, path).map_err(io_err)?;
    progress(records.len());
    Ok(())
}
