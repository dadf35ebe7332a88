//! Statistics computed without the window. Conversations and endpoints (`conv`) read what
//! they need of every frame once (`facts`: lengths, times, addresses, ports, streams — the
//! link and network headers, not a dissection); the protocol hierarchy (`phs`) and expert
//! information (`expert`) share one dissection of every frame (`dissected`).

pub mod conv;
pub mod expert;
pub mod grid;
pub mod http;
pub mod http2;
pub mod iostat;
pub mod objects;
pub mod phs;
pub mod tcpgraph;
pub mod tree;
pub mod waterfall;

use crate::analysis::Analysis;
use crate::capture::file::CaptureFile;
use crate::dissect::{Addr, Labels};
use crate::wire::{EthernetHeader, Ipv4Header, Ipv6Header, TcpHeader};

/// Which frames a statistic counts: index `n` is frame `n`'s verdict under the display
/// filter (index 0 is unused), every frame without a filter.
pub fn kept(an: &Analysis, filter: Option<&str>) -> anyhow::Result<Vec<bool>> {
    let n = an.frames.len();
    let Some(f) = filter else {
        return Ok(vec![true; n + 1]);
    };
    let compiled = crate::filter::Filter::compile(f).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut eval = crate::filter::fast::FrameEval::scanning(an, &compiled);
    Ok((0..=n as u32).map(|i| i > 0 && eval.matches(i)).collect())
}

/// A transport header's endpoints and stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct L4 {
    pub src: Addr,
    pub dst: Addr,
    pub sport: u16,
    pub dport: u16,
    pub stream: u32,
}

/// What the statistics need of one frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    pub frame: u32,
    /// Nanoseconds since the capture's first frame.
    pub rel_ns: i64,
    /// Length on the wire.
    pub len: u32,
    pub eth: Option<([u8; 6], [u8; 6])>,
    pub ip4: Option<(Addr, Addr)>,
    pub ip6: Option<(Addr, Addr)>,
    pub tcp: Option<L4>,
    pub udp: Option<L4>,
}

/// Splits frames `0..n` into one run per core, computes `work` on each run in its own
/// thread, and returns the results in frame order. `cancel`, when set, stops the work.
fn par_runs<T: Send>(
    n: usize,
    cancel: Option<&std::sync::atomic::AtomicBool>,
    work: impl Fn(std::ops::Range<usize>) -> anyhow::Result<T> + Sync,
) -> anyhow::Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |t| t.get())
        .clamp(1, 8);
    let chunk = n.div_ceil(threads).max(1);
    let work = &work;
    let parts: Vec<anyhow::Result<T>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..n.max(1))
            .step_by(chunk)
            .map(|start| sc.spawn(move || work(start..(start + chunk).min(n))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a statistics thread failed")))
            })
            .collect()
    });
    if cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) {
        anyhow::bail!("cancelled");
    }
    parts.into_iter().collect()
}

/// Reads frames' facts one after another (the file, the IP fragments seen so far).
struct FactReader<'a> {
    an: &'a Analysis,
    src: crate::capture::file::ScanSource,
    buf: Vec<u8>,
    frag: crate::dissect::ip::FragTable,
    t0: i64,
}

impl<'a> FactReader<'a> {
    fn new(cf: &CaptureFile, an: &'a Analysis) -> anyhow::Result<FactReader<'a>> {
        Ok(FactReader {
            an,
            src: crate::capture::file::ScanSource::new(cf)?,
            buf: Vec::new(),
            frag: Default::default(),
            t0: an.frames.first().map_or(0, |r| r.ts_ns),
        })
    }

    /// Frame `i + 1`'s facts, and whether it is (or completes) an IP fragment.
    fn read(&mut self, i: usize) -> anyhow::Result<Option<(Facts, bool)>> {
        let an = self.an;
        let Some(rec) = &an.frames.get(i) else {
            return Ok(None);
        };
        let frame = i as u32 + 1;
        // (an ignored packet's bytes are not read: its facts need none)
        if !an.ignored.contains(&frame) {
            self.src.read(rec, &mut self.buf)?;
        }
        Ok(Some(frame_facts(
            an,
            frame,
            rec,
            &self.buf,
            &mut self.frag,
            self.t0,
        )))
    }
}

/// Frame `frame`'s facts from its bytes `buf` (`frag` has seen the frames before it, in
/// order), and whether it is (or completes) an IP fragment: an ignored packet has no
/// protocol above its frame, and a plain TCP frame is read straight from its headers.
fn frame_facts(
    an: &Analysis,
    frame: u32,
    rec: &crate::capture::file::Record,
    buf: &[u8],
    frag: &mut crate::dissect::ip::FragTable,
    t0: i64,
) -> (Facts, bool) {
    if an.ignored.contains(&frame) {
        return (decoded_facts(an, frame, rec, &[], frag, t0).0, false);
    }
    match tcp_facts(an, frame, rec, buf, t0) {
        Some(f) => (f, false),
        None => decoded_facts(an, frame, rec, buf, frag, t0),
    }
}

/// The tables of every kind counted from facts that arrive in batches (those of the frames
/// `keep` keeps); no stream index is above `frames`.
fn count_facts(
    batches: impl IntoIterator<Item = Vec<Facts>>,
    frames: usize,
    keep: impl Fn(u32) -> bool,
) -> Vec<conv::Table> {
    let mut builders: Vec<conv::Builder> = conv::Kind::ALL
        .iter()
        .map(|&k| conv::Builder::new(k, frames))
        .collect();
    for batch in batches {
        for f in batch.iter().filter(|f| keep(f.frame)) {
            for b in &mut builders {
                b.add(f);
            }
        }
    }
    builders.into_iter().map(conv::Builder::finish).collect()
}

/// Every frame's facts, read in one run (the first pass's tables give the streams; the
/// headers give the addresses). The window never holds them all: [`conv_tables`] counts its
/// tables as it reads; this is what the tests count the same tables from.
pub fn facts(cf: &CaptureFile, an: &Analysis) -> anyhow::Result<Vec<Facts>> {
    let mut r = FactReader::new(cf, an)?;
    let mut out = Vec::with_capacity(an.frames.len());
    for i in 0..an.frames.len() {
        let Some((f, _)) = r.read(i)? else {
            break;
        };
        out.push(f);
    }
    Ok(out)
}

/// The conversation tables of every kind over the frames `keep` keeps (all, or those a
/// display filter passes), counted as the facts are read:
/// one thread reads the frames' facts in small batches, the other counts them, and no more
/// than a few batches are held at once (all the facts of a large capture would take some
/// 200 bytes a frame, and as long again to allocate).
pub fn conv_tables(
    cf: &CaptureFile,
    an: &Analysis,
    keep: impl Fn(u32) -> bool,
) -> anyhow::Result<Vec<conv::Table>> {
    const BATCH: usize = 512;
    let n = an.frames.len();
    let mut reader = FactReader::new(cf, an)?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Facts>>(8);
    std::thread::scope(|sc| {
        let read = sc.spawn(move || -> anyhow::Result<()> {
            let mut batch = Vec::with_capacity(BATCH);
            for i in 0..n {
                let Some((f, _)) = reader.read(i)? else {
                    break;
                };
                batch.push(f);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // (the counting side only stops by failing, which it reports itself)
                    if tx.send(full).is_err() {
                        anyhow::bail!("the conversation tables stopped");
                    }
                }
            }
            if !batch.is_empty() && tx.send(batch).is_err() {
                anyhow::bail!("the conversation tables stopped");
            }
            Ok(())
        });
        let tables = count_facts(rx, n, keep);
        read.join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a statistics thread failed")))?;
        Ok(tables)
    })
}

/// The conversation tables counted while a file loads, so that they are ready when it ends:
/// the loading thread reads each frame's facts as the first pass leaves it (its stream
/// numbers are final then) and hands them in batches to a thread that counts them. The
/// counts equal [`conv_tables`]'s over the same frames (a test holds them so on every
/// capture). Past `limit` frames the counting stops and its tables are dropped (a very
/// large file has them counted when a window asks, see the session's eager statistics).
pub struct LoadTables {
    batch: Vec<Facts>,
    tx: Option<std::sync::mpsc::SyncSender<Vec<Facts>>>,
    counter: Option<std::thread::JoinHandle<Vec<conv::Table>>>,
    frag: crate::dissect::ip::FragTable,
    t0: Option<i64>,
    limit: usize,
}

impl LoadTables {
    const BATCH: usize = 512;

    /// Starts the counting thread (without one, nothing is counted and `finish` gives
    /// `None`).
    pub fn new(limit: usize) -> LoadTables {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Facts>>(8);
        let counter = std::thread::Builder::new()
            .name("fathom-conv".into())
            // (streams are numbered as frames arrive: none is above the limit)
            .spawn(move || count_facts(rx, limit, |_| true))
            .ok();
        LoadTables {
            batch: Vec::with_capacity(Self::BATCH),
            tx: counter.is_some().then_some(tx),
            counter,
            frag: Default::default(),
            t0: None,
            limit,
        }
    }

    /// Counts frame `frame` (record `rec`, bytes `buf`), just after the first pass took it.
    pub fn add(
        &mut self,
        an: &Analysis,
        frame: u32,
        rec: &crate::capture::file::Record,
        buf: &[u8],
    ) {
        if self.tx.is_none() {
            return;
        }
        if frame as usize > self.limit {
            // too many frames to hold their tables: the thread ends when the channel closes
            self.tx = None;
            self.counter = None;
            self.batch = Vec::new();
            return;
        }
        let t0 = *self.t0.get_or_insert(rec.ts_ns);
        self.batch
            .push(frame_facts(an, frame, rec, buf, &mut self.frag, t0).0);
        if self.batch.len() == Self::BATCH {
            self.send();
        }
    }

    fn send(&mut self) {
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(Self::BATCH));
        if let Some(tx) = &self.tx {
            if tx.send(full).is_err() {
                // the counting thread is gone (it failed): nothing more is counted
                self.tx = None;
                self.counter = None;
            }
        }
    }

    /// The tables of every frame added, unless the counting stopped.
    pub fn finish(mut self) -> Option<Vec<conv::Table>> {
        if !self.batch.is_empty() {
            self.send();
        }
        self.tx = None;
        self.counter.take()?.join().ok()
    }
}

/// A frame's facts as the first pass's decoder finds them (any link, tunnels, fragments),
/// and whether it is (or completes) an IP fragment.
pub fn decoded_facts(
    an: &Analysis,
    frame: u32,
    rec: &crate::capture::file::Record,
    buf: &[u8],
    frag: &mut crate::dissect::ip::FragTable,
    t0: i64,
) -> (Facts, bool) {
    let dec = crate::dissect::decode(rec, frame, buf, frag);
    let fragment = dec.ip_fragment || dec.reassembled_ip.is_some();
    let eth = (rec.linktype == 1 && buf.len() >= 12).then(|| {
        let mut d = [0u8; 6];
        let mut s = [0u8; 6];
        d.copy_from_slice(&buf[0..6]);
        s.copy_from_slice(&buf[6..12]);
        (s, d)
    });
    // the outermost IP header's addresses
    let ip4 = dec.ip4_off.and_then(|o| ip4_addrs(buf, o as usize));
    let ip6 = dec.ip6_off.and_then(|o| ip6_addrs(buf, o as usize));
    let tcp = match (dec.tcp, dec.src, dec.dst, an.tcp(frame)) {
        (Some(t), Some(s), Some(d), Some(tf)) => Some(L4 {
            src: s,
            dst: d,
            sport: t.sport,
            dport: t.dport,
            stream: tf.stream,
        }),
        _ => None,
    };
    let udp = match (dec.udp, an.udp_stream.get(&frame)) {
        (Some(u), Some(&stream)) if dec.tcp.is_none() => match (u.src, u.dst) {
            (Some(s), Some(d)) => Some(L4 {
                src: s,
                dst: d,
                sport: u.sport,
                dport: u.dport,
                stream,
            }),
            _ => None,
        },
        _ => None,
    };
    let f = Facts {
        frame,
        rel_ns: rec.ts_ns - t0,
        len: rec.origlen,
        eth,
        ip4,
        ip6,
        tcp,
        udp,
    };
    (f, fragment)
}

/// The facts of an Ethernet frame holding one unfragmented IPv4 or IPv6 header and a whole
/// TCP header of a stream the first pass knows, read straight from the headers (what
/// `decode` would find, without its generality; the test `tcp_facts_equal_decoded` checks
/// it against `decode` on every test capture). `None` for any other frame.
pub fn tcp_facts(
    an: &Analysis,
    frame: u32,
    rec: &crate::capture::file::Record,
    b: &[u8],
    t0: i64,
) -> Option<Facts> {
    if rec.linktype != 1 {
        return None;
    }
    let eth = EthernetHeader::new_checked(b)?;
    let (ip4, ip6, tcp_off) = match eth.ethertype() {
        0x0800 => {
            let ip = Ipv4Header::new_checked(b.get(14..)?)?;
            let ihl = ip.header_len();
            let simple = ip.version() == 4
                && ihl >= 20
                && ip.total_len() as usize >= ihl + 20
                && ip.flags_frag() & 0x3fff == 0
                && ip.protocol() == 6;
            let a = (Addr::V4(ip.src()), Addr::V4(ip.dst()));
            (simple.then_some(a)?, None, 14 + ihl)
        }
        0x86dd => {
            let ip = Ipv6Header::new_checked(b.get(14..)?)?;
            let simple = ip.version() == 6 && ip.next_header() == 6 && ip.payload_len() >= 20;
            let a = (Addr::V6(ip.src()), Addr::V6(ip.dst()));
            (simple.then_some(a)?, Some(a), 54)
        }
        _ => return None,
    };
    let (ip4, ip6) = match ip6 {
        Some(a) => (None, Some(a)),
        None => (Some(ip4), None),
    };
    let th = TcpHeader::new_checked(b.get(tcp_off..)?)?;
    let tf = an.tcp(frame)?;
    let (src, dst) = ip4.or(ip6)?;
    Some(Facts {
        frame,
        rel_ns: rec.ts_ns - t0,
        len: rec.origlen,
        eth: Some((eth.src(), eth.dst())),
        ip4,
        ip6,
        tcp: Some(L4 {
            src,
            dst,
            sport: th.src_port(),
            dport: th.dst_port(),
            stream: tf.stream,
        }),
        udp: None,
    })
}

fn ip4_addrs(b: &[u8], off: usize) -> Option<(Addr, Addr)> {
    let h = Ipv4Header::new_checked(b.get(off..)?)?;
    Some((Addr::V4(h.src()), Addr::V4(h.dst())))
}

fn ip6_addrs(b: &[u8], off: usize) -> Option<(Addr, Addr)> {
    let h = Ipv6Header::new_checked(b.get(off..)?)?;
    Some((Addr::V6(h.src()), Addr::V6(h.dst())))
}

/// What a dissection of every frame gives the statistics: each frame's hierarchy path and
/// length, and the expert items of all frames.
pub struct Dissected {
    /// Per frame: its path (an index into `path_table`) and its length.
    paths: Vec<(u32, u32)>,
    path_table: Vec<Vec<&'static str>>,
    pub expert: Vec<expert::Item>,
    /// Every HTTP message, in frame order.
    pub http: http::Messages,
}

impl Dissected {
    /// The protocol hierarchy of the frames `keep` accepts.
    pub fn hierarchy(&self, keep: impl Fn(u32) -> bool) -> Vec<phs::Level> {
        let mut root = Vec::new();
        for (i, &(path, len)) in self.paths.iter().enumerate() {
            if keep(i as u32 + 1) {
                if let Some(p) = self.path_table.get(path as usize) {
                    phs::add(&mut root, p, len as u64);
                }
            }
        }
        root
    }
}

/// One thread's share of the dissection: distinct paths are stored once.
#[derive(Default)]
struct Part {
    paths: Vec<(u32, u32)>,
    path_ids: rustc_hash::FxHashMap<Vec<&'static str>, u32>,
    expert: expert::Tally,
    http: http::Messages,
}

impl Part {
    fn path(&mut self, path: &[&'static str], len: u32) {
        let next = self.path_ids.len() as u32;
        let id = match self.path_ids.get(path) {
            Some(&id) => id,
            None => *self.path_ids.entry(path.to_vec()).or_insert(next),
        };
        self.paths.push((id, len));
    }
}

/// Dissects every frame once for the statistics that need the tree, on every core: each
/// thread takes a contiguous run of frames, and the runs are joined in frame order. Frames
/// whose tree is known without dissecting them (`plain_frame`) are not dissected.
pub fn dissected(cf: &CaptureFile, an: &Analysis) -> anyhow::Result<Dissected> {
    dissected_or_cancel(cf, an, None)
}

/// [`dissected`], stopping with an error soon after `cancel` is set.
pub fn dissected_or_cancel(
    cf: &CaptureFile,
    an: &Analysis,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> anyhow::Result<Dissected> {
    let hidden = hidden_http(an);
    let n = an.frames.len();
    let parts = par_runs(n, cancel, |r| dissect_range(cf, an, r, &hidden, cancel))?;
    let mut out = Dissected {
        paths: Vec::with_capacity(n),
        path_table: Vec::new(),
        expert: Vec::new(),
        http: Default::default(),
    };
    let mut ids: std::collections::HashMap<Vec<&'static str>, u32> = Default::default();
    let mut expert = expert::Tally::default();
    out.http
        .list
        .reserve_exact(parts.iter().map(|p| p.http.list.len()).sum());
    for p in parts {
        // renumber this part's paths into the joined table
        let mut map = vec![0u32; p.path_ids.len()];
        for (path, id) in p.path_ids {
            let next = out.path_table.len() as u32;
            let joined = *ids.entry(path.clone()).or_insert_with(|| {
                out.path_table.push(path);
                next
            });
            if let Some(m) = map.get_mut(id as usize) {
                *m = joined;
            }
        }
        out.paths.extend(
            p.paths
                .into_iter()
                .map(|(id, len)| (map.get(id as usize).copied().unwrap_or(0), len)),
        );
        out.http.append(p.http);
        expert.merge(p.expert);
    }
    out.expert = expert.into_items();
    Ok(out)
}

/// The dissection of frames `range` (0-based indexes).
fn dissect_range(
    cf: &CaptureFile,
    an: &Analysis,
    range: std::ops::Range<usize>,
    hidden: &std::collections::HashMap<u32, usize>,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> anyhow::Result<Part> {
    let mut src = crate::capture::file::ScanSource::new(cf)?;
    let mut buf = Vec::new();
    let mut out = Part {
        paths: Vec::with_capacity(range.len()),
        ..Default::default()
    };
    let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
    for i in range {
        let Some(rec) = &an.frames.get(i) else { break };
        let frame = i as u32 + 1;
        if i % 4096 == 0 && cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) {
            break;
        }
        src.read(rec, &mut buf)?;
        if let Some(p) = plain_frame(an, frame, rec, &buf) {
            out.path(p.path, rec.origlen);
            if let Some(x) = p.experts {
                out.expert.add(frame, std::slice::from_ref(&x));
            }
            continue;
        }
        // a frame that ends HTTP messages needs only its HTTP layers dissected
        let roots = match plain_http_frame(an, frame, rec, &buf) {
            Some(r) => r,
            None => {
                let d = crate::dissect::dissect_with(rec, frame, &buf, an, Labels::Skipped);
                d.tree.roots
            }
        };
        let abbrevs: Vec<&'static str> = roots.iter().map(|r| r.abbrev()).collect();
        out.path(&phs::path(&abbrevs), rec.origlen);
        out.expert.add(frame, &roots);
        let rel_ms = (rec.ts_ns - t0) as f64 / 1e6;
        for _ in 0..hidden.get(&frame).copied().unwrap_or(0) {
            out.http.list.push(http::Message {
                frame,
                rel_ms,
                ..Default::default()
            });
        }
        http::messages(frame, rel_ms, &roots, &mut out.http);
    }
    Ok(out)
}

/// Bytes HTTP takes on a connection without a request, showing nothing of them, per frame:
/// its tap still counts them ("Other HTTP Packets") when they start with text.
fn hidden_http(an: &Analysis) -> std::collections::HashMap<u32, usize> {
    let mut hidden: std::collections::HashMap<u32, usize> = Default::default();
    for (frame, pdu) in &an.reasm.pdus {
        if pdu.kind == crate::analysis::reassembly::PduKind::Continuation
            && an
                .tcp(*frame)
                .is_none_or(|t| !an.reasm.http().continuation_is_http(t.stream))
        {
            let payload = an.tcp_payload(*frame);
            let start = pdu.first.off as usize;
            if http::starts_printable(payload.get(start..).unwrap_or_default()) {
                *hidden.entry(*frame).or_default() += 1;
            }
        }
    }
    hidden
}

/// What the statistics take from a frame they need not dissect: its hierarchy path and its
/// TCP expert items (a "tcp" item holding them, as the tree's TCP layer would).
pub struct Plain {
    pub path: &'static [&'static str],
    pub experts: Option<crate::dissect::Node>,
}

/// A frame's Ethernet, IP and TCP headers when they are plain enough that the statistics can
/// know their tree without building it (see [`plain_frame`]).
struct PlainHeaders {
    path: &'static [&'static str],
    tcp_off: usize,
    hlen: usize,
    tcp_len: usize,
    flags: u16,
    tf: crate::analysis::tcp::TcpFrame,
}

impl PlainHeaders {
    /// The expert items the TCP layer shows for its SYN, FIN and RST flags, in a "tcp" item.
    fn experts(&self, an: &Analysis, frame: u32, b: &[u8]) -> Option<crate::dissect::Node> {
        use crate::dissect::{be16, TH_FIN, TH_RST, TH_SYN};
        let flags = self.flags;
        (flags & (TH_SYN | TH_FIN | TH_RST) != 0).then(|| {
            let first_fin = an
                .tcp_streams
                .get(self.tf.stream as usize)
                .is_none_or(|st| st.first_fin == frame);
            let (sport, dport) = (
                be16(b, self.tcp_off).unwrap_or(0),
                be16(b, self.tcp_off + 2).unwrap_or(0),
            );
            let x = crate::dissect::tcp::flag_experts(
                flags,
                sport,
                dport,
                first_fin,
                self.tcp_off + 13,
            );
            let mut root = crate::dissect::Node::new(
                fid!("tcp"),
                crate::dissect::Value::None,
                self.tcp_off,
                self.hlen,
            );
            root.children.extend(x.into_nodes());
            root
        })
    }
}

/// The checks [`plain_frame`] and [`plain_http_frame`] share: a whole Ethernet frame with one
/// option-less IPv4 header (or an IPv6 header without extensions) and a TCP segment with no
/// analysis flag, no urgent data, well-formed MSS, window scale, SACK-permitted and timestamp
/// options only, no comment, and no reassembly note.
fn plain_headers(
    an: &Analysis,
    frame: u32,
    rec: &crate::capture::file::Record,
    b: &[u8],
) -> Option<PlainHeaders> {
    use crate::dissect::{TH_ACK, TH_FIN, TH_PUSH, TH_RST, TH_SYN};
    const V4: &[&str] = &["eth", "ip", "tcp"];
    const V6: &[&str] = &["eth", "ipv6", "tcp"];
    if rec.linktype != 1
        || rec.untimed
        || rec.caplen != rec.origlen
        || rec.caplen as usize != b.len()
        || an.comments.contains_key(&frame)
        || an.ignored.contains(&frame)
    {
        return None;
    }
    let (path, tcp_off, tcp_len) = match EthernetHeader::new_checked(b)?.ethertype() {
        0x0800 => {
            let ip = Ipv4Header::new_checked(b.get(14..)?)?;
            let tot = ip.total_len() as usize;
            let plain = ip.version_ihl() == 0x45
                && ip.flags_frag() & 0x3fff == 0
                && ip.protocol() == 6
                && tot >= 40
                && 14 + tot <= b.len()
                // (no note on its TTL: the IPv4 layer has no expert item)
                && crate::dissect::ip::ttl_note(ip.dst(), ip.ttl(), 6).is_none();
            let plain = plain && !crate::dissect::ethernet::has_expert(b, 14 + tot);
            (plain.then_some(V4)?, 34, tot - 20)
        }
        0x86dd => {
            let ip = Ipv6Header::new_checked(b.get(14..)?)?;
            let plen = ip.payload_len() as usize;
            let plain = ip.version() == 6
                && ip.next_header() == 6
                && 54 + plen <= b.len()
                && !crate::dissect::ethernet::has_expert(b, 54 + plen);
            (plain.then_some(V6)?, 54, plen)
        }
        _ => return None,
    };
    let th = TcpHeader::new_checked(b.get(tcp_off..)?)?;
    let (hlen, flags) = (th.header_len(), th.flags());
    if hlen < 20
        || hlen > tcp_len
        || flags & !(TH_ACK | TH_PUSH | TH_SYN | TH_FIN | TH_RST) != 0
        || (flags & TH_ACK == 0 && th.ack() != 0)
        || th.urgent() != 0
    {
        return None;
    }
    let mut o = tcp_off + 20;
    while o < tcp_off + hlen {
        match (*b.get(o)?, b.get(o + 1).copied()) {
            // (bytes after the end of the list other than zeros are an expert item's)
            (0, _) if b.get(o + 1..tcp_off + hlen)?.iter().all(|&c| c == 0) => break,
            (0, _) => return None,
            (1, _) => o += 1,
            (2, Some(4)) | (4, Some(2)) | (8, Some(10)) => o += *b.get(o + 1)? as usize,
            (3, Some(3)) if *b.get(o + 2)? <= 14 => o += 3,
            _ => return None,
        }
    }
    if o > tcp_off + hlen {
        return None;
    }
    let tf = *an.tcp(frame)?;
    if tf.flags != 0
        || an.reasm.overlaps_old_data(frame)
        || an.reasm.partial_info(frame).is_some()
        || tf.payload_off() != Some(tcp_off + hlen)
    {
        return None;
    }
    Some(PlainHeaders {
        path,
        tcp_off,
        hlen,
        tcp_len,
        flags,
        tf,
    })
}

/// A frame the statistics need not dissect: plain headers (see `plain_headers`), no PDU
/// ending in it, and either no payload or the middle of a PDU reassembled elsewhere. Its tree
/// is Ethernet, IP and TCP; its only expert items are those its SYN, FIN and RST flags raise
/// (built by the TCP dissector's own `flag_experts`); it has no HTTP message. The test
/// `plain_frames_dissect_as_assumed` checks this against the dissector on every test
/// capture. `None` for any other frame.
pub fn plain_frame(
    an: &Analysis,
    frame: u32,
    rec: &crate::capture::file::Record,
    b: &[u8],
) -> Option<Plain> {
    use crate::dissect::{TH_RST, TH_SYN};
    // no PDU ends here (a FIN can end one without a byte of its own); asked first, so that
    // a frame ending HTTP messages has its headers read once, by `plain_http_frame`
    if !an.reasm.pdus_at(frame).is_empty() {
        return None;
    }
    let h = plain_headers(an, frame, rec, b)?;
    let middle = an.reassembled_in(frame, &h.tf) != 0 || h.tf.partial();
    if h.tcp_len > h.hlen && (!middle || h.flags & (TH_SYN | TH_RST) != 0) {
        return None;
    }
    Some(Plain {
        path: h.path,
        experts: h.experts(an, frame, b),
    })
}

/// What the statistics read of a frame whose HTTP messages end in plain headers: the
/// top-level items a full dissection would have, with only what the statistics read of each
/// below the HTTP layers (the IP addresses, TCP's flag expert items, the reassembled
/// segments item without its children), and the HTTP layers whole.
pub fn plain_http_frame(
    an: &Analysis,
    frame: u32,
    rec: &crate::capture::file::Record,
    b: &[u8],
) -> Option<Vec<crate::dissect::Node>> {
    use crate::analysis::reassembly::PduKind;
    use crate::dissect::{Node, Value};
    let h = plain_headers(an, frame, rec, b)?;
    let pdus = an.reasm.pdus_at(frame);
    if pdus.is_empty() || pdus.iter().any(|(_, p)| p.kind != PduKind::Http) {
        return None;
    }
    // a statistic reads fields, not labels
    let _labels = crate::dissect::tree::labels(false);
    let mut cx = crate::dissect::Ctx {
        bytes: b,
        rec,
        frame,
        tree: true,
        an: Some(an),
        protos: Vec::with_capacity(8),
        cols: Default::default(),
        dec: Default::default(),
        roots: Vec::with_capacity(6),
        sources: Vec::new(),
        frag: None,
        lean: true,
        in_error: false,
        multipart_depth: 0,
        pdu_sizes: Vec::new(),
    };
    cx.roots.push(Node::new(fid!("eth"), Value::None, 0, 14));
    let ip = if h.path[1] == "ip" {
        let v = Ipv4Header::new_checked(b.get(14..)?)?;
        let mut n = Node::new(fid!("ip"), Value::None, 14, 20);
        n.add(fid!("ip.src"), Value::Ipv4(v.src()), 26, 4);
        n.add(fid!("ip.dst"), Value::Ipv4(v.dst()), 30, 4);
        n
    } else {
        let v = Ipv6Header::new_checked(b.get(14..)?)?;
        let mut n = Node::new(fid!("ipv6"), Value::None, 14, 40);
        n.add(fid!("ipv6.src"), Value::Ipv6(v.src()), 22, 16);
        n.add(fid!("ipv6.dst"), Value::Ipv6(v.dst()), 38, 16);
        n
    };
    cx.roots.push(ip);
    cx.roots.push(
        h.experts(an, frame, b)
            .unwrap_or_else(|| Node::new(fid!("tcp"), Value::None, h.tcp_off, h.hlen)),
    );
    let pay_off = h.tcp_off + h.hlen;
    let payload = b.get(pay_off..pay_off + (h.tcp_len - h.hlen))?;
    for (_, pdu) in pdus {
        let bytes = an.pdu_bytes(pdu, frame, payload);
        let ds = if pdu.is_reassembled() {
            cx.roots
                .push(Node::new(fid!("tcp.segments"), Value::None, 0, bytes.len()));
            // (its number is what matters here, not its bytes)
            cx.sources.push((String::new(), Vec::new()));
            Some(cx.sources.len() as u8)
        } else {
            None
        };
        crate::dissect::http::dissect(&mut cx, &bytes, ds, pay_off + pdu.first.off as usize, false);
    }
    Some(cx.roots)
}

/// What every statistic of one capture shares, computed once and kept: the frames' facts
/// (conversations, endpoints) and the dissection of every frame (hierarchy, expert, HTTP).
/// A result is for the frames there were when it was computed; a capture that grew (a live
/// one) has it computed again. While one thread computes, another asking waits for it rather
/// than computing it twice.
#[derive(Default)]
pub struct Shared {
    tables: std::sync::Mutex<Option<(usize, std::sync::Arc<Vec<conv::Table>>)>>,
    dissected: std::sync::Mutex<Option<(usize, std::sync::Arc<Dissected>)>>,
}

impl Shared {
    /// The conversation tables of every kind over all frames (what Conversations and
    /// Endpoints show without "Limit to display filter"), counted once and kept; the
    /// per-frame facts they are counted from are never all held (see [`conv_tables`]).
    pub fn conv_tables(
        &self,
        cf: &CaptureFile,
        an: &Analysis,
    ) -> anyhow::Result<std::sync::Arc<Vec<conv::Table>>> {
        let mut g = self.tables.lock().unwrap_or_else(|p| p.into_inner());
        match &*g {
            Some((n, t)) if *n == an.frames.len() => Ok(t.clone()),
            _ => {
                let t = std::sync::Arc::new(conv_tables(cf, an, |_| true)?);
                *g = Some((an.frames.len(), t.clone()));
                Ok(t)
            }
        }
    }

    /// Keeps tables counted elsewhere (while the file loaded) for the first `frames` frames.
    pub fn put_conv_tables(&self, frames: usize, tables: Vec<conv::Table>) {
        let mut g = self.tables.lock().unwrap_or_else(|p| p.into_inner());
        *g = Some((frames, std::sync::Arc::new(tables)));
    }

    /// Computes ahead what the statistics windows need (the conversation tables, unless
    /// `counted` while the file loaded, and the shared dissection), so that a window opened
    /// later finds them ready. A failure (or `cancel`) keeps nothing, and the window that
    /// asks computes again and shows what went wrong, so it is not reported here.
    pub fn prepare(
        &self,
        cf: &CaptureFile,
        an: &Analysis,
        counted: Option<Vec<conv::Table>>,
        cancel: &std::sync::atomic::AtomicBool,
        dissect: bool,
    ) {
        match counted {
            Some(t) => self.put_conv_tables(an.frames.len(), t),
            None => {
                if self.conv_tables(cf, an).is_err() {
                    return;
                }
            }
        }
        if dissect {
            self.dissected(cf, an, Some(cancel)).ok();
        }
    }

    pub fn dissected(
        &self,
        cf: &CaptureFile,
        an: &Analysis,
        cancel: Option<&std::sync::atomic::AtomicBool>,
    ) -> anyhow::Result<std::sync::Arc<Dissected>> {
        let mut g = self.dissected.lock().unwrap_or_else(|p| p.into_inner());
        match &*g {
            Some((n, d)) if *n == an.frames.len() => Ok(d.clone()),
            _ => {
                let d = std::sync::Arc::new(dissected_or_cancel(cf, an, cancel)?);
                *g = Some((an.frames.len(), d.clone()));
                Ok(d)
            }
        }
    }
}
