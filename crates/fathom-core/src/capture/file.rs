//! Streaming readers for pcap (all byte orders, micro/nanosecond, Kuznetsov's "modified"
//! variant) and pcapng (several sections of either byte order, several interfaces), either of
//! them optionally gzip-compressed.
//!
//! A reader yields one [`Record`] per packet and copies the packet bytes into a caller buffer;
//! it never holds more than one packet in memory. A gzip file is inflated once into a spill
//! file beside the system's temporary files so that every later access is a plain seek.

use std::fs::File;
use std::io::Write;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The link type Fathom gives a pcapng Custom Block (shown as a frame, as tshark does).
pub const LINKTYPE_CUSTOM_BLOCK: u16 = 0xfffe;

/// The largest packet Wireshark accepts in a capture record (WTAP_MAX_PACKET_SIZE_STANDARD).
pub const MAX_PACKET: u32 = 262_144;

/// One packet as the file describes it. `offset` is where its bytes start in the (inflated) file.
/// `origlen` is the length on the wire as the record says it, even when that is less than
/// what was captured (tshark shows it so, and flags it); dissection uses [`Record::reported`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub offset: u64,
    pub caplen: u32,
    pub origlen: u32,
    /// Nanoseconds since the Unix epoch.
    pub ts_ns: i64,
    pub linktype: u16,
    pub iface: u16,
    /// The record carries no timestamp of its own (a pcapng Simple Packet Block or Custom
    /// Block): no time is shown for it, and `ts_ns` holds what tshark uses in its place.
    pub untimed: bool,
}

impl Record {
    /// The length dissectors take as the packet's: the length on the wire, or what was
    /// captured when a record claims less on the wire than it holds.
    pub fn reported(&self) -> u32 {
        self.origlen.max(self.caplen)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("The file \"{0}\" could not be opened: {1}")]
    Io(String, io::Error),
    #[error("The file \"{0}\" isn't a capture file in a format Fathom understands.")]
    NotCapture(String),
    #[error("The file \"{0}\" appears to be damaged or corrupt: {1}")]
    Corrupt(String, String),
    #[error("The file \"{0}\" contains record data that Fathom doesn't support.\n({1})")]
    Unsupported(String, String),
}

/// The prefix `start` gives a reason the file is readable but holds what Fathom does not
/// support (rather than damage).
const UNSUPPORTED: &str = "unsupported: ";

/// How a read ended when it did not reach a clean end of file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Damage {
    CutShort,
    Corrupt(String),
}

impl Damage {
    pub fn message(&self, name: &str) -> String {
        match self {
            Damage::CutShort => format!(
                "The file \"{name}\" appears to have been cut short in the middle of a packet."
            ),
            Damage::Corrupt(why) => {
                format!("The file \"{name}\" appears to be damaged or corrupt: {why}")
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pcap {
        nanos: bool,
        modified: bool,
        big_endian: bool,
    },
    Pcapng,
}

#[derive(Clone, Debug)]
struct Iface {
    linktype: u16,
    /// The snapshot length (0: none).
    snaplen: u32,
    /// Units per second of this interface's timestamps.
    tsresol: u64,
    tsoffset: i64,
}

/// A capture file opened for reading; `data_path` is the file the offsets point into (for a
/// .gz, the inflated spill file, which has no name left once it is open: see [`Spill`]).
#[derive(Debug)]
pub struct CaptureFile {
    pub path: PathBuf,
    pub data_path: PathBuf,
    pub format: Format,
    pub gzipped: bool,
    spill: Option<Spill>,
}

/// The inflated copy of a gzip-compressed capture. On Unix its name is removed as soon as it
/// is created, so nothing is left in the temporary directory however the process ends (Ctrl+C,
/// SIGTERM, a crash); elsewhere it is removed when the capture is closed.
#[derive(Debug)]
struct Spill {
    file: Arc<File>,
    #[cfg(not(unix))]
    path: PathBuf,
}

#[cfg(not(unix))]
impl Drop for Spill {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            eprintln!("fathom: could not remove {}: {e}", self.path.display());
        }
    }
}

impl Spill {
    fn create(path: &Path) -> io::Result<Spill> {
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)?;
        #[cfg(unix)]
        std::fs::remove_file(path)?;
        Ok(Spill {
            file: Arc::new(file),
            #[cfg(not(unix))]
            path: path.to_path_buf(),
        })
    }
}

/// Reads `buf.len()` bytes at `offset` without moving any shared cursor.
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(file, buf, offset);
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, offset);
        match n {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(k) => {
                buf = &mut buf[k..];
                offset += k as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A sequential reader with its own position over a shared file (positional reads, so several
/// readers of one spill file never disturb each other).
struct AtReader {
    file: Arc<File>,
    pos: u64,
}

impl Read for AtReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

fn name_of(path: &Path) -> String {
    path.display().to_string()
}

impl CaptureFile {
    pub fn open(path: &Path) -> Result<CaptureFile, OpenError> {
        let name = name_of(path);
        let (mut f, mut spill, mut data_path) = if path == Path::new("-") {
            // `-r -`: standard input (a pipe) is copied once into a nameless spill file, as
            // the records are read by offset afterwards
            let sp = spill_path(Path::new("stdin"));
            let guard = Spill::create(&sp).map_err(|e| OpenError::Io(name.clone(), e))?;
            let mut out = io::BufWriter::new(&*guard.file);
            io::copy(&mut io::stdin().lock(), &mut out)
                .and_then(|_| out.flush())
                .map_err(|e| OpenError::Io(name.clone(), e))?;
            drop(out);
            let mut f = guard
                .file
                .try_clone()
                .map_err(|e| OpenError::Io(name.clone(), e))?;
            f.seek(SeekFrom::Start(0))
                .map_err(|e| OpenError::Io(name.clone(), e))?;
            (f, Some(guard), sp)
        } else {
            let f = File::open(path).map_err(|e| OpenError::Io(name.clone(), e))?;
            (f, None, path.to_path_buf())
        };
        let mut magic = [0u8; 4];
        let n = read_up_to(&mut f, &mut magic).map_err(|e| OpenError::Io(name.clone(), e))?;
        let mut gzipped = false;
        if n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
            gzipped = true;
            let sp = spill_path(path);
            f.seek(SeekFrom::Start(0))
                .map_err(|e| OpenError::Io(name.clone(), e))?;
            let mut dec = flate2::read::MultiGzDecoder::new(BufReader::new(f));
            let guard = Spill::create(&sp).map_err(|e| OpenError::Io(name.clone(), e))?;
            let mut out = io::BufWriter::new(&*guard.file);
            // A damaged gzip stream still yields what inflated before the damage; a failed
            // write (a full disk) is an error.
            match io::copy(&mut dec, &mut out) {
                Err(e)
                    if e.kind() != io::ErrorKind::InvalidInput
                        && e.kind() != io::ErrorKind::InvalidData
                        && e.kind() != io::ErrorKind::UnexpectedEof =>
                {
                    return Err(OpenError::Io(name.clone(), e));
                }
                _ => {}
            }
            out.flush().map_err(|e| OpenError::Io(name.clone(), e))?;
            drop(out);
            let mut r = AtReader {
                file: guard.file.clone(),
                pos: 0,
            };
            spill = Some(guard);
            data_path = sp;
            magic = [0; 4];
            let n2 = read_up_to(&mut r, &mut magic).map_err(|e| OpenError::Io(name.clone(), e))?;
            if n2 < 4 {
                return Err(OpenError::NotCapture(name));
            }
        } else if n < 4 {
            return Err(OpenError::NotCapture(name));
        }
        let format = match magic {
            [0xd4, 0xc3, 0xb2, 0xa1] => Format::Pcap {
                nanos: false,
                modified: false,
                big_endian: false,
            },
            [0xa1, 0xb2, 0xc3, 0xd4] => Format::Pcap {
                nanos: false,
                modified: false,
                big_endian: true,
            },
            [0x4d, 0x3c, 0xb2, 0xa1] => Format::Pcap {
                nanos: true,
                modified: false,
                big_endian: false,
            },
            [0xa1, 0xb2, 0x3c, 0x4d] => Format::Pcap {
                nanos: true,
                modified: false,
                big_endian: true,
            },
            [0x34, 0xcd, 0xb2, 0xa1] => Format::Pcap {
                nanos: false,
                modified: true,
                big_endian: false,
            },
            [0xa1, 0xb2, 0xcd, 0x34] => Format::Pcap {
                nanos: false,
                modified: true,
                big_endian: true,
            },
            [0x0a, 0x0d, 0x0d, 0x0a] => Format::Pcapng,
            _ => return Err(OpenError::NotCapture(name)),
        };
        let cf = CaptureFile {
            path: path.to_path_buf(),
            data_path,
            format,
            gzipped,
            spill,
        };
        // Validate the header now so that a file that is no capture fails at open.
        let mut r = cf.reader().map_err(|e| OpenError::Io(name.clone(), e))?;
        r.start()
            .map_err(|why| match why.strip_prefix(UNSUPPORTED) {
                Some(w) => OpenError::Unsupported(name.clone(), w.to_string()),
                None => OpenError::Corrupt(name.clone(), why),
            })?;
        Ok(cf)
    }

    pub fn name(&self) -> String {
        name_of(&self.path)
    }

    /// A capture that is still being written (a live capture's pcapng file): nothing is read
    /// from it now, records come from [`RecordReader::from_stream`] over the same bytes.
    pub fn growing(path: &Path) -> CaptureFile {
        CaptureFile {
            path: path.to_path_buf(),
            data_path: path.to_path_buf(),
            format: Format::Pcapng,
            gzipped: false,
            spill: None,
        }
    }

    /// The file the records' offsets point into.
    fn data(&self) -> io::Result<Arc<File>> {
        match &self.spill {
            Some(s) => Ok(s.file.clone()),
            None => Ok(Arc::new(File::open(&self.data_path)?)),
        }
    }

    /// How many bytes the records are read from (the inflated size of a .gz).
    pub fn data_len(&self) -> u64 {
        self.data()
            .and_then(|f| f.metadata())
            .map(|m| m.len())
            .unwrap_or(0)
    }

    /// A sequential reader over every record.
    pub fn reader(&self) -> io::Result<RecordReader> {
        let r = AtReader {
            file: self.data()?,
            pos: 0,
        };
        Ok(RecordReader::new(Box::new(r), self.format))
    }

    /// Reads the bytes of one record (for re-dissecting a single frame).
    pub fn read_packet(&self, rec: &Record, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.resize(rec.caplen as usize, 0);
        read_exact_at(&*self.data()?, buf, rec.offset)
    }

    pub fn is_spilled(&self) -> bool {
        self.spill.is_some()
    }
}

/// A reusable random-access handle for reading many single packets.
pub struct PacketSource {
    file: Arc<File>,
}

impl PacketSource {
    pub fn new(cf: &CaptureFile) -> io::Result<PacketSource> {
        Ok(PacketSource { file: cf.data()? })
    }
    pub fn read(&self, rec: &Record, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.resize(rec.caplen as usize, 0);
        read_exact_at(&self.file, buf, rec.offset)
    }

    /// A reader for a forward scan of the same file.
    pub fn scan(&self) -> io::Result<ScanSource> {
        ScanSource::of(self.file.clone())
    }
}

/// A reader of records in file order: one positional read fills a block of the file, and the
/// records inside it are copied out of the block. A forward scan over many small records
/// (the statistics' pass) makes a few hundred reads instead of one per record; a record
/// before the block or larger than it is read directly.
pub struct ScanSource {
    file: Arc<File>,
    block: Vec<u8>,
    start: u64,
    len: usize,
    /// Where the file ends, so a block never asks for bytes past it.
    end: u64,
    /// How far before the record that needs it a new block starts, so that a pass that steps
    /// back a little (to a message's earlier segments) still finds them in the block.
    lookback: u64,
}

const SCAN_BLOCK: usize = 1 << 20;

impl ScanSource {
    pub fn new(cf: &CaptureFile) -> io::Result<ScanSource> {
        ScanSource::of(cf.data()?)
    }

    fn of(file: Arc<File>) -> io::Result<ScanSource> {
        let end = file.metadata()?.len();
        Ok(ScanSource {
            file,
            block: Vec::new(),
            start: 0,
            len: 0,
            end,
            lookback: 0,
        })
    }

    /// A source whose blocks start `bytes` (at most a quarter block) before the record that
    /// needs them.
    pub fn with_lookback(mut self, bytes: u64) -> ScanSource {
        self.lookback = bytes.min(SCAN_BLOCK as u64 / 4);
        self
    }

    pub fn read(&mut self, rec: &Record, buf: &mut Vec<u8>) -> io::Result<()> {
        let want = rec.caplen as usize;
        let inside =
            rec.offset >= self.start && rec.offset + want as u64 <= self.start + self.len as u64;
        if !inside {
            // (a live capture's file grows past the end seen at the start; a step back is
            // one read, not a block)
            if want > SCAN_BLOCK / 2
                || rec.offset + want as u64 > self.end
                || (self.len > 0 && rec.offset < self.start)
            {
                buf.resize(want, 0);
                return read_exact_at(&self.file, buf, rec.offset);
            }
            let start = rec.offset.saturating_sub(self.lookback);
            let len = (self.end - start).min(SCAN_BLOCK as u64) as usize;
            self.block.resize(len, 0);
            read_exact_at(&self.file, &mut self.block, start)?;
            self.start = start;
            self.len = len;
        }
        let at = (rec.offset - self.start) as usize;
        buf.clear();
        buf.extend_from_slice(self.block.get(at..at + want).unwrap_or_default());
        Ok(())
    }
}

fn spill_path(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let stem = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::env::temp_dir().join(format!(
        "fathom-{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        stem.trim_end_matches(".gz")
    ))
}

fn read_up_to(f: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

pub struct RecordReader {
    r: BufReader<Box<dyn Read + Send>>,
    pos: u64,
    format: Format,
    started: bool,
    be: bool,
    linktype: u16,
    ifaces: Vec<Iface>,
    damage: Option<Damage>,
    done: bool,
    /// The comment of the last record read (pcapng opt_comment), if any.
    pub comment: Option<String>,
    /// TLS key logs from Decryption Secrets Blocks read since the last look.
    pub secrets: Vec<String>,
    /// The names of the section's interfaces (pcapng if_name; "unknown" when none), by id.
    pub iface_names: Vec<String>,
    /// The time of the last record, for blocks that have none.
    last_ts: i64,
}

enum Fill {
    Full,
    Eof,
    Short,
}

/// A pcapng block read whole: its type, total length, the body between the length fields,
/// and where that body is in the file.
#[derive(Clone, Copy)]
struct Block<'a> {
    btype: u32,
    blen: u32,
    body: &'a [u8],
    body_off: u64,
}

impl RecordReader {
    /// The decimals of the file's timestamps (6 for microseconds, 9 for nanoseconds), as
    /// tshark shows times: the pcap header's kind, or the first pcapng interface's
    /// resolution.
    pub fn time_digits(&self) -> u8 {
        match self.format {
            Format::Pcap { nanos, .. } => {
                if nanos {
                    9
                } else {
                    6
                }
            }
            Format::Pcapng => {
                let r = self.ifaces.first().map_or(1_000_000, |i| i.tsresol);
                let mut d = 0u8;
                let mut x = 1u64;
                while x < r && d < 9 {
                    x = x.saturating_mul(10);
                    d += 1;
                }
                d
            }
        }
    }

    fn new(r: Box<dyn Read + Send>, format: Format) -> RecordReader {
        RecordReader {
            r: BufReader::with_capacity(1 << 18, r),
            pos: 0,
            format,
            started: false,
            be: false,
            linktype: 0,
            ifaces: Vec::new(),
            damage: None,
            done: false,
            comment: None,
            secrets: Vec::new(),
            iface_names: Vec::new(),
            last_ts: 0,
        }
    }

    /// A reader over a pcapng stream (a pipe from the capture helper). Record offsets count
    /// the stream's bytes from its start, so they point into a file that holds a copy of it.
    pub fn from_stream(r: Box<dyn Read + Send>) -> RecordReader {
        RecordReader::new(r, Format::Pcapng)
    }

    /// Why reading stopped early, once `next` has returned `None`.
    pub fn damage(&self) -> Option<&Damage> {
        self.damage.as_ref()
    }

    /// Bytes read so far (for progress).
    pub fn position(&self) -> u64 {
        self.pos
    }

    fn fill(&mut self, buf: &mut [u8]) -> Fill {
        match read_up_to(&mut self.r, buf) {
            Ok(n) => {
                self.pos += n as u64;
                if n == buf.len() {
                    Fill::Full
                } else if n == 0 {
                    Fill::Eof
                } else {
                    Fill::Short
                }
            }
            Err(_) => Fill::Short,
        }
    }

    fn skip(&mut self, n: u64) -> bool {
        let mut left = n;
        let mut tmp = [0u8; 4096];
        while left > 0 {
            let k = left.min(tmp.len() as u64) as usize;
            match self.fill(&mut tmp[..k]) {
                Fill::Full => left -= k as u64,
                _ => return false,
            }
        }
        true
    }

    fn u16(&self, b: &[u8]) -> u16 {
        let a = [b[0], b[1]];
        if self.be {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        }
    }
    fn u32(&self, b: &[u8]) -> u32 {
        let a = [b[0], b[1], b[2], b[3]];
        if self.be {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    }

    /// Reads the file header (and for pcapng the first section header).
    fn start(&mut self) -> Result<(), String> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match self.format {
            Format::Pcap { big_endian, .. } => {
                self.be = big_endian;
                let mut h = [0u8; 24];
                match self.fill(&mut h) {
                    Fill::Full => {}
                    _ => return Err("the pcap file header is cut short".into()),
                }
                let lt = self.u32(&h[20..24]);
                self.linktype = (lt & 0xffff) as u16;
                if self.linktype == 0xffff {
                    // a reserved value no encapsulation maps to (tshark refuses it too)
                    return Err(format!(
                        "{UNSUPPORTED}pcap: network type {} unknown or unsupported",
                        self.linktype
                    ));
                }
                Ok(())
            }
            Format::Pcapng => {
                let mut h = [0u8; 12];
                match self.fill(&mut h) {
                    Fill::Full => {}
                    _ => return Err("the pcapng section header is cut short".into()),
                }
                self.section_header(&h)
            }
        }
    }

    fn section_header(&mut self, h: &[u8; 12]) -> Result<(), String> {
        self.be = match &h[8..12] {
            [0x1a, 0x2b, 0x3c, 0x4d] => true,
            [0x4d, 0x3c, 0x2b, 0x1a] => false,
            _ => return Err("the pcapng section header has a bad byte-order magic".into()),
        };
        let len = self.u32(&h[4..8]);
        if len < 28 || !len.is_multiple_of(4) || len > 16 << 20 {
            return Err(format!("the pcapng section header has a bad length {len}"));
        }
        self.ifaces.clear();
        self.iface_names.clear();
        if !self.skip(len as u64 - 12) {
            return Err("the pcapng section header is cut short".into());
        }
        Ok(())
    }

    /// Reads the next record into `buf`. Returns `None` at the end of the file or at damage
    /// (see [`RecordReader::damage`]).
    pub fn next(&mut self, buf: &mut Vec<u8>) -> Option<Record> {
        if self.done {
            return None;
        }
        if let Err(why) = self.start() {
            let why = why
                .strip_prefix(UNSUPPORTED)
                .map_or(why.clone(), str::to_string);
            self.damage = Some(Damage::Corrupt(why));
            self.done = true;
            return None;
        }
        let r = match self.format {
            Format::Pcap {
                nanos, modified, ..
            } => self.next_pcap(buf, nanos, modified),
            Format::Pcapng => self.next_pcapng(buf),
        };
        match r {
            Ok(Some(rec)) => {
                self.last_ts = rec.ts_ns;
                Some(rec)
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(d) => {
                self.damage = Some(d);
                self.done = true;
                None
            }
        }
    }

    fn next_pcap(
        &mut self,
        buf: &mut Vec<u8>,
        nanos: bool,
        modified: bool,
    ) -> Result<Option<Record>, Damage> {
        let hlen = if modified { 24 } else { 16 };
        let mut h = [0u8; 24];
        match self.fill(&mut h[..hlen]) {
            Fill::Full => {}
            Fill::Eof => return Ok(None),
            Fill::Short => return Err(Damage::CutShort),
        }
        let secs = self.u32(&h[0..4]) as i64;
        let frac = self.u32(&h[4..8]) as i64;
        let caplen = self.u32(&h[8..12]);
        let origlen = self.u32(&h[12..16]);
        if caplen > MAX_PACKET {
            return Err(Damage::Corrupt(format!(
                "pcap: File has {caplen}-byte packet, bigger than maximum of {MAX_PACKET}"
            )));
        }
        let ts_ns = secs * 1_000_000_000 + if nanos { frac } else { frac * 1000 };
        let offset = self.pos;
        buf.resize(caplen as usize, 0);
        match self.fill(buf) {
            Fill::Full => {}
            Fill::Eof if caplen == 0 => {}
            _ => return Err(Damage::CutShort),
        }
        self.comment = None;
        Ok(Some(Record {
            offset,
            caplen,
            origlen,
            ts_ns,
            linktype: self.linktype,
            iface: 0,
            untimed: false,
        }))
    }

    fn next_pcapng(&mut self, buf: &mut Vec<u8>) -> Result<Option<Record>, Damage> {
        loop {
            let mut h = [0u8; 8];
            match self.fill(&mut h) {
                Fill::Full => {}
                Fill::Eof => return Ok(None),
                Fill::Short => return Err(Damage::CutShort),
            }
            let btype_raw = [h[0], h[1], h[2], h[3]];
            if btype_raw == [0x0a, 0x0d, 0x0d, 0x0a] {
                let mut rest = [0u8; 4];
                if !matches!(self.fill(&mut rest), Fill::Full) {
                    return Err(Damage::CutShort);
                }
                let mut full = [0u8; 12];
                full[..8].copy_from_slice(&h);
                full[8..].copy_from_slice(&rest);
                self.section_header(&full).map_err(Damage::Corrupt)?;
                continue;
            }
            let btype = self.u32(&h[0..4]);
            let blen = self.u32(&h[4..8]);
            if blen < 12 || !blen.is_multiple_of(4) {
                return Err(Damage::Corrupt(format!(
                    "pcapng: block of type 0x{btype:08x} has a bad length {blen}"
                )));
            }
            if blen > MAX_PACKET + 4096 + (1 << 20) {
                return Err(Damage::Corrupt(format!(
                    "pcapng: block of type 0x{btype:08x} is too large ({blen} bytes)"
                )));
            }
            let body_off = self.pos;
            let mut body = vec![0u8; (blen - 12) as usize];
            if !matches!(self.fill(&mut body), Fill::Full) {
                return Err(Damage::CutShort);
            }
            let mut trailer = [0u8; 4];
            if !matches!(self.fill(&mut trailer), Fill::Full) {
                return Err(Damage::CutShort);
            }
            let block = Block {
                btype,
                blen,
                body: &body,
                body_off,
            };
            match btype {
                1 => self.interface_block(&body)?,
                6 | 2 => return self.packet_block(&block, buf).map(Some),
                3 => return self.simple_packet_block(&block, buf).map(Some),
                0x0000_0bad | 0x4000_0bad => {
                    buf.clear();
                    buf.extend_from_slice(&h);
                    buf.extend_from_slice(&body);
                    buf.extend_from_slice(&trailer);
                    return Ok(Some(self.custom_block(&block, buf)));
                }
                5 => {
                    // Interface Statistics Block: read only for its options' sanity, as
                    // tshark refuses a file whose options run past their block
                    self.options(body.get(12..).unwrap_or(&[]))?;
                }
                0x0000_000a => self.secrets_block(&body),
                _ => {} // name resolution, journal … skipped
            }
        }
    }

    /// An Interface Description Block.
    fn interface_block(&mut self, body: &[u8]) -> Result<(), Damage> {
        // Interface Description Block
        if body.len() < 8 {
            return Err(Damage::Corrupt("pcapng: interface block too short".into()));
        }
        let linktype = self.u16(&body[0..2]);
        let snaplen = self.u32(&body[4..8]);
        let mut iface = Iface {
            linktype,
            snaplen,
            tsresol: 1_000_000,
            tsoffset: 0,
        };
        let mut name = "unknown".to_string();
        for (code, val) in self.options(&body[8..])? {
            match code {
                2 if !val.is_empty() => {
                    let end = val.iter().position(|&c| c == 0).unwrap_or(val.len());
                    name = String::from_utf8_lossy(&val[..end]).into_owned();
                }
                9 if !val.is_empty() => {
                    let v = val[0];
                    let base: u64 = if v & 0x80 != 0 { 2 } else { 10 };
                    let exp = (v & 0x7f) as u32;
                    iface.tsresol = base.checked_pow(exp).unwrap_or(1_000_000).max(1);
                }
                14 if val.len() >= 8 => {
                    let hi = self.u32(&val[0..4]) as u64;
                    let lo = self.u32(&val[4..8]) as u64;
                    let v = if self.be {
                        (hi << 32) | lo
                    } else {
                        (lo << 32) | hi
                    };
                    iface.tsoffset = v as i64;
                }
                _ => {}
            }
        }
        self.ifaces.push(iface);
        self.iface_names.push(name);
        Ok(())
    }

    /// An Enhanced Packet Block or an obsolete Packet Block: its packet into `buf`.
    fn packet_block(&mut self, blk: &Block, buf: &mut Vec<u8>) -> Result<Record, Damage> {
        let Block {
            btype,
            blen,
            body,
            body_off,
        } = *blk;
        if body.len() < 20 {
            return Err(Damage::Corrupt("pcapng: packet block too short".into()));
        }
        let iface_id = if btype == 6 {
            self.u32(&body[0..4]) as usize
        } else {
            self.u16(&body[0..2]) as usize
        };
        let hi = self.u32(&body[4..8]) as u64;
        let lo = self.u32(&body[8..12]) as u64;
        let caplen = self.u32(&body[12..16]);
        let origlen = self.u32(&body[16..20]);
        let Some(iface) = self.ifaces.get(iface_id).cloned() else {
            return Err(Damage::Corrupt(format!(
                "pcapng: interface index {iface_id} is not less than interface count {}",
                self.ifaces.len()
            )));
        };
        if caplen > MAX_PACKET || caplen as usize > body.len() - 20 {
            let what = if btype == 6 { "an EPB" } else { "a PB" };
            return Err(Damage::Corrupt(format!(
                "pcapng: total block length {blen} of {what} is too small for {caplen} bytes of packet data"
            )));
        }
        let padded = (caplen as usize).div_ceil(4) * 4;
        self.comment = None;
        if body.len() >= 20 + padded {
            for (code, val) in self.options(&body[20 + padded..])? {
                if code == 1 {
                    self.comment = Some(String::from_utf8_lossy(val).into_owned());
                }
            }
        }
        buf.clear();
        buf.extend_from_slice(&body[20..20 + caplen as usize]);
        Ok(Record {
            offset: body_off + 20,
            caplen,
            origlen,
            ts_ns: ts_to_ns((hi << 32) | lo, &iface),
            linktype: iface.linktype,
            iface: iface_id as u16,
            untimed: false,
        })
    }

    /// A Simple Packet Block: interface 0, no timestamp.
    fn simple_packet_block(&mut self, blk: &Block, buf: &mut Vec<u8>) -> Result<Record, Damage> {
        let Block {
            blen,
            body,
            body_off,
            ..
        } = *blk;
        if body.len() < 4 {
            return Err(Damage::Corrupt(
                "pcapng: simple packet block too short".into(),
            ));
        }
        let Some(iface) = self.ifaces.first().cloned() else {
            return Err(Damage::Corrupt(
                "pcapng: simple packet block before any interface".into(),
            ));
        };
        let origlen = self.u32(&body[0..4]);
        // the block holds min(length on the wire, the interface's snapshot
        // length) bytes, as the pcapng spec says; a block too short for that is
        // damage, as tshark says
        let caplen = match iface.snaplen {
            0 => origlen,
            s => origlen.min(s),
        };
        if caplen as usize > body.len() - 4 {
            return Err(Damage::Corrupt(format!(
                "pcapng: total block length {blen} of an SPB is too small for {origlen} bytes of packet data"
            )));
        }
        buf.clear();
        buf.extend_from_slice(&body[4..4 + caplen as usize]);
        self.comment = None;
        Ok(Record {
            offset: body_off + 4,
            caplen,
            origlen,
            ts_ns: 0,
            linktype: iface.linktype,
            iface: 0,
            untimed: true,
        })
    }

    /// A Custom Block, whole in `buf`: tshark lists it as a frame of its own.
    fn custom_block(&mut self, blk: &Block, buf: &mut Vec<u8>) -> Record {
        let Block {
            btype,
            blen,
            body_off,
            ..
        } = *blk;
        buf[0..4].copy_from_slice(&btype.to_be_bytes());
        // tshark counts the custom data: the block less its header, PEN and trailer
        let len = blen.saturating_sub(16).max(12);
        buf.truncate(len as usize);
        self.comment = None;
        Record {
            offset: body_off - 8,
            caplen: len,
            origlen: len,
            // tshark carries the previous record's time over a custom block
            ts_ns: self.last_ts,
            linktype: LINKTYPE_CUSTOM_BLOCK,
            iface: 0,
            untimed: true,
        }
    }

    /// A Decryption Secrets Block: a TLS key log ("TLSK") is handed to the analysis before
    /// the packets it opens.
    fn secrets_block(&mut self, body: &[u8]) {
        if let (Some(ty), Some(len)) = (body.get(0..4), body.get(4..8)) {
            let (ty, len) = (self.u32(ty), self.u32(len) as usize);
            let text = body.get(8..8usize.saturating_add(len));
            if let (0x544c_534b, Some(text)) = (ty, text) {
                self.secrets
                    .push(String::from_utf8_lossy(text).into_owned());
            }
        }
    }

    /// A block's options. One whose length runs past the end of its block makes the file
    /// damaged, as tshark says ("Not enough data to handle option of length N").
    fn options<'a>(&self, mut b: &'a [u8]) -> Result<Vec<(u16, &'a [u8])>, Damage> {
        let mut out = Vec::new();
        while b.len() >= 4 {
            let code = self.u16(&b[0..2]);
            let len = self.u16(&b[2..4]) as usize;
            if code == 0 {
                break;
            }
            let Some(val) = b.get(4..4 + len) else {
                return Err(Damage::Corrupt(format!(
                    "pcapng: Not enough data to handle option of length {len}"
                )));
            };
            out.push((code, val));
            let adv = 4 + len.div_ceil(4) * 4;
            b = b.get(adv..).unwrap_or(&[]);
        }
        Ok(out)
    }
}

fn ts_to_ns(ts: u64, iface: &Iface) -> i64 {
    let r = iface.tsresol as u128;
    let ns = (ts as u128) * 1_000_000_000 / r;
    (ns as i64).wrapping_add(iface.tsoffset.wrapping_mul(1_000_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
        let p = std::env::temp_dir().join(format!("fathom-test-{}-{name}", std::process::id()));
        let mut f = File::create(&p).unwrap();
        f.write_all(bytes).unwrap();
        p
    }

    fn pcap_bytes(be: bool, nanos: bool, packets: &[&[u8]]) -> Vec<u8> {
        let w32 = |v: u32| if be { v.to_be_bytes() } else { v.to_le_bytes() };
        let w16 = |v: u16| if be { v.to_be_bytes() } else { v.to_le_bytes() };
        let mut out = Vec::new();
        out.extend_from_slice(&w32(if nanos { 0xa1b23c4d } else { 0xa1b2c3d4 }));
        out.extend_from_slice(&w16(2));
        out.extend_from_slice(&w16(4));
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&w32(65535));
        out.extend_from_slice(&w32(1));
        for (i, p) in packets.iter().enumerate() {
            out.extend_from_slice(&w32(100 + i as u32));
            out.extend_from_slice(&w32(5));
            out.extend_from_slice(&w32(p.len() as u32));
            out.extend_from_slice(&w32(p.len() as u32 + 10));
            out.extend_from_slice(p);
        }
        out
    }

    /// Block reads give every record's bytes as positional reads do: in order, across block
    /// boundaries, stepping back, skipping ahead, and for a large record.
    #[test]
    fn scan_reads_equal_positional_reads() {
        let packets: Vec<Vec<u8>> = (0..3000u32)
            .map(|i| {
                let len = if i == 1500 {
                    200_000
                } else {
                    200 + (i % 1300) as usize
                };
                (0..len).map(|k| (k as u32 ^ i) as u8).collect()
            })
            .collect();
        let refs: Vec<&[u8]> = packets.iter().map(|p| p.as_slice()).collect();
        let p = tmp("scan.pcap", &pcap_bytes(false, false, &refs));
        let cf = CaptureFile::open(&p).unwrap();
        let mut r = cf.reader().unwrap();
        let mut recs = Vec::new();
        let mut buf = Vec::new();
        while let Some(rec) = r.next(&mut buf) {
            recs.push(rec);
        }
        assert_eq!(recs.len(), packets.len());
        let mut order: Vec<usize> = (0..recs.len()).collect();
        order.extend([2999, 10, 11, 2000, 1500, 1499, 0]);
        let mut scan = ScanSource::new(&cf).unwrap();
        let direct = PacketSource::new(&cf).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for i in order {
            scan.read(&recs[i], &mut a).unwrap();
            direct.read(&recs[i], &mut b).unwrap();
            assert_eq!(a, b, "record {i}");
            assert_eq!(a, packets[i], "record {i}");
        }
        std::fs::remove_file(p).expect("the test's file");
    }

    #[test]
    fn reads_pcap_both_orders_and_resolutions() {
        for (be, nanos) in [(false, false), (true, false), (false, true), (true, true)] {
            let p = tmp(
                &format!("o{be}{nanos}.pcap"),
                &pcap_bytes(be, nanos, &[b"abc", b"defgh"]),
            );
            let cf = CaptureFile::open(&p).unwrap();
            let mut r = cf.reader().unwrap();
            let mut buf = Vec::new();
            let a = r.next(&mut buf).unwrap();
            assert_eq!(buf, b"abc");
            assert_eq!(a.caplen, 3);
            assert_eq!(a.origlen, 13);
            assert_eq!(a.ts_ns, 100 * 1_000_000_000 + if nanos { 5 } else { 5000 });
            let b = r.next(&mut buf).unwrap();
            assert_eq!(buf, b"defgh");
            let mut again = Vec::new();
            cf.read_packet(&b, &mut again).unwrap();
            assert_eq!(again, b"defgh");
            assert!(r.next(&mut buf).is_none());
            assert!(r.damage().is_none());
            std::fs::remove_file(p).unwrap();
        }
    }

    #[test]
    fn cut_short_keeps_whole_packets() {
        let mut bytes = pcap_bytes(false, false, &[b"abc", b"defgh"]);
        bytes.truncate(bytes.len() - 2);
        let p = tmp("cut.pcap", &bytes);
        let cf = CaptureFile::open(&p).unwrap();
        let mut r = cf.reader().unwrap();
        let mut buf = Vec::new();
        assert!(r.next(&mut buf).is_some());
        assert!(r.next(&mut buf).is_none());
        assert_eq!(r.damage(), Some(&Damage::CutShort));
        std::fs::remove_file(p).unwrap();
    }

    #[test]
    fn rejects_text() {
        let p = tmp("text.pcap", b"this is not a capture");
        assert!(matches!(
            CaptureFile::open(&p),
            Err(OpenError::NotCapture(_))
        ));
        std::fs::remove_file(p).unwrap();
    }

    #[test]
    fn reads_gzip() {
        let raw = pcap_bytes(false, false, &[b"xyz"]);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&raw).unwrap();
        let p = tmp("z.pcap.gz", &gz.finish().unwrap());
        let cf = CaptureFile::open(&p).unwrap();
        assert!(cf.is_spilled());
        assert_eq!(cf.data_len(), raw.len() as u64);
        // the inflated copy has no name while it is open, so a Ctrl+C or a SIGTERM that ends
        // the process cannot leave it behind in the temporary directory
        #[cfg(unix)]
        assert!(!cf.data_path.exists(), "{}", cf.data_path.display());
        let mut buf = Vec::new();
        let mut r = cf.reader().unwrap();
        let rec = r.next(&mut buf).unwrap();
        assert_eq!(buf, b"xyz");
        let mut again = Vec::new();
        cf.read_packet(&rec, &mut again).unwrap();
        assert_eq!(again, b"xyz");
        std::fs::remove_file(p).unwrap();
    }

    /// A little-endian pcapng block.
    fn block(t: u32, mut body: Vec<u8>) -> Vec<u8> {
        while !body.len().is_multiple_of(4) {
            body.push(0);
        }
        let l = (12 + body.len()) as u32;
        let mut b = t.to_le_bytes().to_vec();
        b.extend_from_slice(&l.to_le_bytes());
        b.extend_from_slice(&body);
        b.extend_from_slice(&l.to_le_bytes());
        b
    }

    #[test]
    fn an_option_longer_than_its_block_is_damage_after_the_good_packets() {
        let mut shb = 0x1A2B_3C4Du32.to_le_bytes().to_vec();
        shb.extend_from_slice(&[1, 0, 0, 0]);
        shb.extend_from_slice(&(-1i64).to_le_bytes());
        let idb = |opts: &[u8]| {
            let mut b = vec![1, 0, 0, 0, 0xff, 0xff, 0, 0];
            b.extend_from_slice(opts);
            block(1, b)
        };
        let epb = |iface: u32| {
            let mut b = Vec::new();
            for v in [iface, 0, 1, 4, 4] {
                b.extend_from_slice(&v.to_le_bytes());
            }
            b.extend_from_slice(b"abcd");
            block(6, b)
        };
        // if_name (2) claiming 0xffff bytes in a block that has 8
        let mut bad = vec![2, 0, 0xff, 0xff];
        bad.extend_from_slice(b"xxxxxxxx");
        let mut bytes = block(0x0A0D_0D0A, shb);
        bytes.extend(idb(&[]));
        bytes.extend(epb(0));
        bytes.extend(idb(&bad));
        bytes.extend(epb(1));
        let p = tmp("badopt.pcapng", &bytes);
        let cf = CaptureFile::open(&p).unwrap();
        let mut r = cf.reader().unwrap();
        let mut buf = Vec::new();
        assert!(r.next(&mut buf).is_some());
        assert!(r.next(&mut buf).is_none());
        assert_eq!(
            r.damage(),
            Some(&Damage::Corrupt(
                "pcapng: Not enough data to handle option of length 65535".into()
            ))
        );
        std::fs::remove_file(p).unwrap();
    }

    #[test]
    fn simple_packet_blocks_hold_the_snapshot_of_their_length() {
        let mut shb = 0x1A2B_3C4Du32.to_le_bytes().to_vec();
        shb.extend_from_slice(&[1, 0, 0, 0]);
        shb.extend_from_slice(&(-1i64).to_le_bytes());
        // Ethernet, snapshot length 4
        let idb = block(1, vec![1, 0, 0, 0, 4, 0, 0, 0]);
        let spb = |orig: u32, data: &[u8]| {
            let mut b = orig.to_le_bytes().to_vec();
            b.extend_from_slice(data);
            block(3, b)
        };
        let mut bytes = block(0x0A0D_0D0A, shb);
        bytes.extend(idb);
        // 1500 bytes on the wire, the snapshot's 4 captured
        bytes.extend(spb(1500, b"abcd"));
        // 3 on the wire: 3 captured, the padding is not packet data
        bytes.extend(spb(3, b"xyz\0"));
        let p = tmp("spb.pcapng", &bytes);
        let cf = CaptureFile::open(&p).unwrap();
        let mut r = cf.reader().unwrap();
        let mut buf = Vec::new();
        let a = r.next(&mut buf).unwrap();
        assert_eq!((a.caplen, a.origlen, &buf[..]), (4, 1500, &b"abcd"[..]));
        let b = r.next(&mut buf).unwrap();
        assert_eq!((b.caplen, b.origlen, &buf[..]), (3, 3, &b"xyz"[..]));
        std::fs::remove_file(&p).unwrap();
        // without a snapshot length, a block shorter than its length on the wire is damage
        let mut shb = 0x1A2B_3C4Du32.to_le_bytes().to_vec();
        shb.extend_from_slice(&[1, 0, 0, 0]);
        shb.extend_from_slice(&(-1i64).to_le_bytes());
        let mut bytes = block(0x0A0D_0D0A, shb);
        bytes.extend(block(1, vec![1, 0, 0, 0, 0, 0, 0, 0]));
        bytes.extend(spb(1_409_179_648, b"abcd"));
        let p = tmp("spb-short.pcapng", &bytes);
        let cf = CaptureFile::open(&p).unwrap();
        let mut r = cf.reader().unwrap();
        assert!(r.next(&mut buf).is_none());
        assert_eq!(
            r.damage(),
            Some(&Damage::Corrupt(
                "pcapng: total block length 20 of an SPB is too small for 1409179648 bytes of packet data"
                    .into()
            ))
        );
        std::fs::remove_file(p).unwrap();
    }
}
