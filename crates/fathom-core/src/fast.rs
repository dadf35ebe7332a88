//! Fields the first pass already knows, read straight from the analysis tables without
//! re-dissecting the frame. `fathom print -T fields` uses them when every requested field is
//! one of these; a test checks they equal what the full dissection prints.

use crate::analysis::reassembly::PduKind;
use crate::analysis::Analysis;
use crate::dissect::tree::fmt_rel_time;

/// The fields served from the store.
pub const FIELDS: &[&str] = &[
    "frame.number",
    "frame.len",
    "frame.cap_len",
    "tcp.stream",
    "tcp.analysis.acks_frame",
    "tcp.analysis.ack_rtt",
    "tcp.analysis.bytes_in_flight",
    "http.request_in",
    "http.response_in",
];

pub fn supports(fields: &[String]) -> bool {
    fields.iter().all(|f| FIELDS.contains(&f.as_str()))
}

/// Appends one field of one frame as `-T fields` prints it.
pub fn field(an: &Analysis, frame: u32, f: &str, out: &mut String) {
    let Some(rec) = an.record(frame) else { return };
    match f {
        "frame.number" => {
            crate::push_fmt!(out, "{frame}");
        }
        "frame.len" => {
            crate::push_fmt!(out, "{}", rec.origlen);
        }
        "frame.cap_len" => {
            crate::push_fmt!(out, "{}", rec.caplen);
        }
        "tcp.stream" => {
            if let Some(t) = an.tcp(frame) {
                crate::push_fmt!(out, "{}", t.stream);
            } else if let Some(v) = an.inner_tcp.get(&frame) {
                // TCP headers sampled inside the frame (sFlow)
                for (i, s) in v.iter().enumerate() {
                    crate::push_fmt!(out, "{}{s}", if i > 0 { "," } else { "" });
                }
            }
        }
        "tcp.analysis.acks_frame" => {
            if let Some(t) = an.tcp(frame).filter(|t| t.has_ta()) {
                let acks = an.acks_frame(frame, t);
                if acks != 0 {
                    crate::push_fmt!(out, "{acks}");
                }
            }
        }
        "tcp.analysis.ack_rtt" => {
            if let Some(t) = an.tcp(frame).filter(|t| t.has_ta()) {
                let rtt = an.ack_rtt_ns(frame, t);
                if rtt != 0 {
                    fmt_rel_time(rtt, out);
                }
            }
        }
        "tcp.analysis.bytes_in_flight" => {
            let bif = an.flight(frame).bytes_in_flight;
            if an.tcp(frame).is_some_and(|t| t.has_ta()) && bif != 0 {
                crate::push_fmt!(out, "{bif}");
            }
        }
        "http.request_in" | "http.response_in" => {
            let want_request = f == "http.response_in";
            let pdus = an.reasm.pdus_at(frame);
            let Some(m) = an.reasm.http().msg_at(frame) else {
                return;
            };
            let v = if want_request {
                m.res_frame
            } else {
                m.req_frame
            };
            if v == 0 {
                return;
            }
            if m.udp {
                // HTTP over UDP: one message in the datagram, no TCP PDU
                let this_is_request = frame == m.req_frame;
                if this_is_request == want_request {
                    crate::push_fmt!(out, "{v}");
                }
                return;
            }
            let mut first = true;
            let tcp = pdus
                .iter()
                .filter(|(_, p)| p.kind == PduKind::Http && p.request == want_request)
                .count();
            // and the messages over TLS the key log opened
            let tls = an
                .reasm
                .tls()
                .store
                .pdus_at(frame)
                .iter()
                .filter(|p| !p.continuation && p.request == want_request)
                .count();
            for _ in 0..tcp + tls {
                if !first {
                    out.push(',');
                }
                first = false;
                crate::push_fmt!(out, "{v}");
            }
        }
        _ => {}
    }
}
