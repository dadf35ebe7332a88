//! Statistics computed without the window. Conversations and endpoints (`conv`) read what
//! they need of every frame once (`facts`: lengths, times, addresses, ports, streams — the
//! link and network headers, not a dissection); the protocol hierarchy (`phs`) and expert
//! information (`expert`) share one dissection of every frame (`dissected`).

pub mod conv;
pub mod expert;
pub mod grid;
pub mod http;
pub mod iostat;
pub mod objects;
pub mod phs;
pub mod tcpgraph;
pub mod tree;
pub mod waterfall;

use crate::analysis::Analysis;
use crate::capture::file::CaptureFile;
use crate::dissect::Addr;

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

/// Reads every frame's facts (the first pass's tables give the streams; the headers give
/// the addresses).
pub fn facts(cf: &CaptureFile, an: &Analysis) -> anyhow::Result<Vec<Facts>> {
    let src = crate::capture::file::PacketSource::new(cf)?;
    let mut out = Vec::with_capacity(an.frames.len());
    let mut buf = Vec::new();
    let mut frag = crate::dissect::ip::FragTable::default();
    let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
    for (i, rec) in an.frames.iter().enumerate() {
        let frame = i as u32 + 1;
        src.read(rec, &mut buf)?;
        let dec = crate::dissect::decode(rec, frame, &buf, &mut frag);
        let eth = (rec.linktype == 1 && buf.len() >= 12).then(|| {
            let mut d = [0u8; 6];
            let mut s = [0u8; 6];
            d.copy_from_slice(&buf[0..6]);
            s.copy_from_slice(&buf[6..12]);
            (s, d)
        });
        // the outermost IP header's addresses
        let ip4 = dec.ip4_off.and_then(|o| ip4_addrs(&buf, o as usize));
        let ip6 = dec.ip6_off.and_then(|o| ip6_addrs(&buf, o as usize));
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
        out.push(Facts {
            frame,
            rel_ns: rec.ts_ns - t0,
            len: rec.origlen,
            eth,
            ip4,
            ip6,
            tcp,
            udp,
        });
    }
    Ok(out)
}

fn ip4_addrs(b: &[u8], off: usize) -> Option<(Addr, Addr)> {
    let s: [u8; 4] = b.get(off + 12..off + 16)?.try_into().ok()?;
    let d: [u8; 4] = b.get(off + 16..off + 20)?.try_into().ok()?;
    Some((Addr::V4(s), Addr::V4(d)))
}

fn ip6_addrs(b: &[u8], off: usize) -> Option<(Addr, Addr)> {
    let s: [u8; 16] = b.get(off + 8..off + 24)?.try_into().ok()?;
    let d: [u8; 16] = b.get(off + 24..off + 40)?.try_into().ok()?;
    Some((Addr::V6(s), Addr::V6(d)))
}

/// What a dissection of every frame gives the statistics: each frame's hierarchy path and
/// length, and the expert items of all frames.
pub struct Dissected {
    paths: Vec<(Vec<&'static str>, u64)>,
    pub expert: Vec<expert::Item>,
    /// Every HTTP message, in frame order.
    pub http: Vec<http::Message>,
}

impl Dissected {
    /// The protocol hierarchy of the frames `keep` accepts.
    pub fn hierarchy(&self, keep: impl Fn(u32) -> bool) -> Vec<phs::Level> {
        let mut root = Vec::new();
        for (i, (path, len)) in self.paths.iter().enumerate() {
            if keep(i as u32 + 1) {
                phs::add(&mut root, path, *len);
            }
        }
        root
    }
}

/// Dissects every frame once for the statistics that need the tree, on every core: each
/// thread takes a contiguous run of frames, and the runs are joined in frame order.
pub fn dissected(cf: &CaptureFile, an: &Analysis) -> anyhow::Result<Dissected> {
    let hidden = hidden_http(an);
    let n = an.frames.len();
    let threads = std::thread::available_parallelism()
        .map_or(2, |t| t.get())
        .clamp(1, 8);
    let chunk = n.div_ceil(threads).max(1);
    let parts: Vec<anyhow::Result<Dissected>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let hidden = &hidden;
                sc.spawn(move || dissect_range(cf, an, start..(start + chunk).min(n), hidden))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a statistics thread failed")))
            })
            .collect()
    });
    let mut out = Dissected {
        paths: Vec::with_capacity(n),
        expert: Vec::new(),
        http: Vec::new(),
    };
    for p in parts {
        let p = p?;
        out.paths.extend(p.paths);
        out.http.extend(p.http);
        expert::merge(&mut out.expert, p.expert);
    }
    Ok(out)
}

/// The dissection of frames `range` (0-based indexes).
fn dissect_range(
    cf: &CaptureFile,
    an: &Analysis,
    range: std::ops::Range<usize>,
    hidden: &std::collections::HashMap<u32, usize>,
) -> anyhow::Result<Dissected> {
    let src = crate::capture::file::PacketSource::new(cf)?;
    let mut buf = Vec::new();
    let mut out = Dissected {
        paths: Vec::with_capacity(range.len()),
        expert: Vec::new(),
        http: Vec::new(),
    };
    let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
    // labels are per thread: this one never needs them
    crate::dissect::tree::set_labels(false);
    for i in range {
        let Some(rec) = an.frames.get(i) else { break };
        let frame = i as u32 + 1;
        src.read(rec, &mut buf)?;
        let d = crate::dissect::dissect(rec, frame, &buf, an);
        let roots: Vec<&'static str> = d.tree.roots.iter().map(|r| r.abbrev).collect();
        out.paths.push((phs::path(&roots), rec.origlen as u64));
        expert::add(&mut out.expert, frame, &d.tree.roots);
        let rel_ms = (rec.ts_ns - t0) as f64 / 1e6;
        for _ in 0..hidden.get(&frame).copied().unwrap_or(0) {
            out.http.push(http::Message {
                frame,
                rel_ms,
                ..Default::default()
            });
        }
        http::messages(frame, rel_ms, &d.tree.roots, &mut out.http);
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
                .is_none_or(|t| !an.reasm.continuation_is_http(t.stream))
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
