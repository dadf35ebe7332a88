//! `HTTP2` (`-z http2,tree`): the HTTP/2 frames of the capture by type, as tshark's HTTP/2
//! tap counts them (every frame but the connection preface), over TLS and in the clear.

use super::tree::StatsTree;
use crate::analysis::http2::type_name;
use crate::analysis::Analysis;

/// The frame types' tree of the frames `keep` keeps.
pub fn frame_types(an: &Analysis, keep: impl Fn(u32) -> bool) -> StatsTree {
    // (frame, type) of every HTTP/2 frame, in frame order
    let mut units: Vec<(u32, u8)> = Vec::new();
    for p in &an.reasm.tls().store.pdus {
        if let Some(h) = p.h2.as_ref().and_then(|u| u.head) {
            units.push((p.frame, h.ty));
        }
    }
    for (frame, u) in an.reasm.h2_units() {
        if let Some(h) = u.head {
            units.push((frame, h.ty));
        }
    }
    units.sort_by_key(|&(f, _)| f);
    let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
    let mut t = StatsTree::new("HTTP2");
    let root = t.node(None, "HTTP2");
    let types = t.node(Some(root), "Type");
    for (frame, ty) in units {
        let name = type_name(ty);
        if name == "Unknown" || !keep(frame) {
            continue;
        }
        let at = an.record(frame).map_or(0, |r| r.ts_ns - t0);
        t.at(at as f64 / 1e6);
        t.tick(None, "HTTP2");
        t.tick(Some(root), "Type");
        t.tick(Some(types), name);
    }
    t
}
