//! The data behind Statistics ▸ TCP Stream Graphs: one record per segment of a stream, with
//! relative sequence and acknowledgement numbers, the scaled window, SACK blocks and the
//! RTT of the data it acknowledges; and the series each graph draws from it (Stevens,
//! tcptrace, throughput, round-trip time, window scaling).

use crate::analysis::Analysis;
use crate::capture::file::CaptureFile;

/// One segment of the stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub frame: u32,
    /// Seconds since the capture's first frame.
    pub t: f64,
    /// 0: from the side that spoke first, 1: from the other.
    pub dir: u8,
    pub seq: u64,
    pub len: u32,
    pub ack: Option<u64>,
    /// Receive window in bytes (scaled), when known.
    pub win: u64,
    /// SACK blocks, relative to the other side's initial sequence number.
    pub sack: Vec<(u64, u64)>,
    /// `tcp.analysis.ack_rtt` of this ACK, in seconds.
    pub rtt: Option<f64>,
    pub syn: bool,
    pub fin: bool,
}

/// Every segment of TCP stream `stream`, in frame order.
pub fn segments(cf: &CaptureFile, an: &Analysis, stream: u32) -> anyhow::Result<Vec<Segment>> {
    let Some(st) = an.tcp_streams.get(stream as usize) else {
        return Ok(Vec::new());
    };
    let src = crate::capture::file::PacketSource::new(cf)?;
    let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
    let mut buf = Vec::new();
    let mut frag = crate::dissect::ip::FragTable::default();
    let mut out = Vec::with_capacity(st.frames.len());
    for &frame in &st.frames {
        let (Some(rec), Some(tf)) = (&an.record(frame), an.tcp(frame)) else {
            continue;
        };
        src.read(rec, &mut buf)?;
        let dec = crate::dissect::decode(rec, frame, &buf, &mut frag);
        let Some(seg) = dec.tcp else { continue };
        let ws = an.win_scale(tf);
        let scale = if ws >= 0 { 1u64 << ws.min(14) } else { 1 };
        // the other side's initial sequence number, from this segment's ACK
        let other_base = seg.ack.wrapping_sub(tf.ack_rel);
        let sack = (0..seg.opts.nsack as usize)
            .filter_map(|i| seg.opts.sack.get(i))
            .map(|&(l, r)| {
                (
                    l.wrapping_sub(other_base) as u64,
                    r.wrapping_sub(other_base) as u64,
                )
            })
            .collect();
        out.push(Segment {
            frame,
            t: (rec.ts_ns - t0) as f64 / 1e9,
            dir: tf.dir(),
            seq: tf.seq_rel as u64,
            len: seg.len,
            ack: tf.ack_flag().then_some(tf.ack_rel as u64),
            win: seg.window as u64 * scale,
            sack,
            rtt: Some(an.ack_rtt_ns(frame, tf))
                .filter(|&ns| ns > 0)
                .map(|ns| ns as f64 / 1e9),
            syn: seg.flags & crate::dissect::TH_SYN != 0,
            fin: seg.flags & crate::dissect::TH_FIN != 0,
        });
    }
    Ok(out)
}

/// A point of a series, and the packet it stands for.
pub type Point = ([f64; 2], u32);

/// Sequence number of each data segment sent in direction `dir` against time (Stevens).
pub fn stevens(segs: &[Segment], dir: u8) -> Vec<Point> {
    segs.iter()
        .filter(|s| s.dir == dir && s.len > 0)
        .map(|s| ([s.t, s.seq as f64], s.frame))
        .collect()
}

/// tcptrace: each data segment as a vertical bar (its first and last byte), the other side's
/// ACKs as a step line, the window edge (ACK + window), and SACK blocks as bars.
pub struct Tcptrace {
    pub segments: Vec<([f64; 2], [f64; 2], u32)>,
    pub acks: Vec<Point>,
    pub window: Vec<Point>,
    pub sacks: Vec<([f64; 2], [f64; 2], u32)>,
}

pub fn tcptrace(segs: &[Segment], dir: u8) -> Tcptrace {
    let mut t = Tcptrace {
        segments: Vec::new(),
        acks: Vec::new(),
        window: Vec::new(),
        sacks: Vec::new(),
    };
    for s in segs {
        if s.dir == dir && s.len > 0 {
            t.segments.push((
                [s.t, s.seq as f64],
                [s.t, (s.seq + s.len as u64) as f64],
                s.frame,
            ));
        } else if s.dir != dir {
            if let Some(a) = s.ack {
                // a step: the previous level until now, then the new one
                if let Some(&([_, y], _)) = t.acks.last() {
                    t.acks.push(([s.t, y], s.frame));
                }
                t.acks.push(([s.t, a as f64], s.frame));
                t.window.push(([s.t, (a + s.win) as f64], s.frame));
            }
            for &(l, r) in &s.sack {
                t.sacks.push(([s.t, l as f64], [s.t, r as f64], s.frame));
            }
        }
    }
    t
}

/// Throughput of direction `dir` in bits per second: the bytes of the segments sent in the
/// `window` seconds up to each segment.
pub fn throughput(segs: &[Segment], dir: u8, window: f64) -> Vec<Point> {
    let data: Vec<&Segment> = segs.iter().filter(|s| s.dir == dir && s.len > 0).collect();
    let mut out = Vec::with_capacity(data.len());
    let mut start = 0;
    let mut bytes: u64 = 0;
    for s in &data {
        bytes += s.len as u64;
        while data[start].t < s.t - window {
            bytes -= data[start].len as u64;
            start += 1;
        }
        // the rate needs a time span: the first segments of a burst have none yet
        let span = s.t - data[start].t;
        if span > 0.0 {
            out.push(([s.t, bytes as f64 * 8.0 / span], s.frame));
        }
    }
    out
}

/// Round-trip time (seconds) of the ACKs that acknowledge direction `dir`'s data.
pub fn rtt(segs: &[Segment], dir: u8) -> Vec<Point> {
    segs.iter()
        .filter(|s| s.dir != dir)
        .filter_map(|s| s.rtt.map(|r| ([s.t, r], s.frame)))
        .collect()
}

/// The receiver's advertised window (bytes, scaled) and the sender's bytes in flight.
pub fn window_scaling(an: &Analysis, segs: &[Segment], dir: u8) -> (Vec<Point>, Vec<Point>) {
    let win = segs
        .iter()
        .filter(|s| s.dir != dir && !s.syn)
        .map(|s| ([s.t, s.win as f64], s.frame))
        .collect();
    let flight = segs
        .iter()
        .filter(|s| s.dir == dir && s.len > 0)
        .filter_map(|s| {
            an.tcp(s.frame).map(|_| {
                let bif = an.flight(s.frame).bytes_in_flight;
                ([s.t, bif as f64], s.frame)
            })
        })
        .collect();
    (win, flight)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(frame: u32, t: f64, dir: u8, seq: u64, len: u32, ack: u64, win: u64) -> Segment {
        Segment {
            frame,
            t,
            dir,
            seq,
            len,
            ack: Some(ack),
            win,
            sack: Vec::new(),
            rtt: None,
            syn: false,
            fin: false,
        }
    }

    #[test]
    fn series_take_one_direction_and_its_acks() {
        let mut s = vec![
            seg(1, 0.0, 0, 1, 100, 1, 1000),
            seg(2, 0.1, 1, 1, 0, 101, 2000),
            seg(3, 0.2, 0, 101, 100, 1, 1000),
            seg(4, 0.3, 1, 1, 0, 201, 2000),
        ];
        s[3].rtt = Some(0.1);
        s[3].sack = vec![(301, 401)];
        assert_eq!(stevens(&s, 0), vec![([0.0, 1.0], 1), ([0.2, 101.0], 3)]);
        let t = tcptrace(&s, 0);
        assert_eq!(t.segments[1], ([0.2, 101.0], [0.2, 201.0], 3));
        // a step from 101 to 201 at 0.3 s
        assert_eq!(
            t.acks,
            vec![([0.1, 101.0], 2), ([0.3, 101.0], 4), ([0.3, 201.0], 4)]
        );
        assert_eq!(t.window[1], ([0.3, 2201.0], 4));
        assert_eq!(t.sacks, vec![([0.3, 301.0], [0.3, 401.0], 4)]);
        assert_eq!(rtt(&s, 0), vec![([0.3, 0.1], 4)]);
        // 200 bytes between 0 and 0.2 s (the first segment alone has no span)
        let th = throughput(&s, 0, 1.0);
        assert_eq!(th.len(), 1);
        assert!((th[0].0[1] - 200.0 * 8.0 / 0.2).abs() < 1e-6, "{th:?}");
    }
}
