//! DNS transactions, as Wireshark tracks them: the first pass pairs each query with the
//! response to it, by transaction ID within the query's conversation; a query repeated
//! before any answer (within five seconds) and an answer repeated are retransmissions; a
//! response no query asked for is unsolicited. The tree reads the pairs the whole pass made
//! (`dns.response_in`, `dns.response_to`, `dns.time`, `dns.retransmit_request_in`…).

use crate::analysis::register::{Datagram, ProtoData, Segment, TcpProtocol, UdpProtocol, UdpRole};
use std::collections::HashMap;

/// A query repeated this soon after the one it repeats, still unanswered, is a
/// retransmission (Wireshark's `dns.retransmission_timer`, 5 seconds by default); later it
/// opens a new transaction.
const RETRANSMISSION_NS: i64 = 5_000_000_000;

/// The conversation a message belongs to: its transport and its stream there.
pub type Conv = (Transport, u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    Udp,
    Tcp,
}

/// One query and the frame answering it (0: none yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transaction {
    pub request: u32,
    pub response: u32,
    request_ts: i64,
}

/// The first pass's transactions (kept in [`ProtoData`]).
#[derive(Default)]
pub struct Transactions {
    /// Each (conversation, ID)'s newest transaction, as an index into `all`.
    newest: HashMap<(Conv, u16), u32>,
    all: Vec<Transaction>,
    /// The transaction each DNS message's frame belongs to.
    of_frame: HashMap<u32, u32>,
}

impl Transactions {
    /// Notes a message: `id` and whether it is a response, sent in `frame` at `ts_ns`.
    pub fn observe(&mut self, conv: Conv, frame: u32, ts_ns: i64, id: u16, response: bool) {
        let newest = self.newest.get(&(conv, id)).copied();
        if response {
            // the newest query with this ID; the first answer is the response, later ones
            // are retransmissions of it
            if let Some(i) = newest {
                if let Some(t) = self.all.get_mut(i as usize) {
                    if t.response == 0 {
                        t.response = frame;
                    }
                    self.of_frame.insert(frame, i);
                }
            }
            return;
        }
        let repeats = newest.filter(|&i| {
            self.all.get(i as usize).is_some_and(|t| {
                t.response == 0 && ts_ns.saturating_sub(t.request_ts) < RETRANSMISSION_NS
            })
        });
        let i = match repeats {
            Some(i) => i,
            None => {
                let i = self.all.len() as u32;
                self.all.push(Transaction {
                    request: frame,
                    response: 0,
                    request_ts: ts_ns,
                });
                self.newest.insert((conv, id), i);
                i
            }
        };
        self.of_frame.insert(frame, i);
    }

    /// The transaction of the DNS message in `frame`, if it belongs to one.
    pub fn of(&self, frame: u32) -> Option<Transaction> {
        let i = *self.of_frame.get(&frame)?;
        self.all.get(i as usize).copied()
    }
}

/// A message's ID and whether it is a response, from its first four bytes.
fn id_and_kind(msg: &[u8]) -> Option<(u16, bool)> {
    let h = msg.get(..4)?;
    Some((u16::from_be_bytes([h[0], h[1]]), h[2] & 0x80 != 0))
}

// The datagrams DNS, mDNS and LLMNR take (the same decision the dissector's claims make).
inventory::submit! {
    UdpProtocol {
        name: "dns",
        watches: |sport, dport, payload| {
            crate::dissect::table::udp_claim_rank(sport, dport, payload)
                .is_some_and(|r| super::CLAIM_RANKS.contains(&r))
        },
        role: UdpRole::Observe(observe_udp),
    }
}

fn observe_udp(data: &mut ProtoData, d: &Datagram) {
    if let (Some((id, response)), Some(t)) = (
        id_and_kind(d.payload),
        data.get_or_default::<Transactions>(),
    ) {
        t.observe((Transport::Udp, d.stream), d.frame, d.ts_ns, id, response);
    }
}

// DNS over TCP: a segment's message after its two-byte length (what the dissector reads).
inventory::submit! {
    TcpProtocol {
        name: "dns",
        table_ports: None,
        watches: |p| (p.src == super::PORT || p.dst == super::PORT).then_some(super::PORT),
        observe: observe_tcp,
    }
}

fn observe_tcp(data: &mut ProtoData, s: &Segment) {
    if s.payload.len() < super::TCP_MIN {
        return;
    }
    if let (Some((id, response)), Some(t)) = (
        s.payload.get(2..).and_then(id_and_kind),
        data.get_or_default::<Transactions>(),
    ) {
        t.observe((Transport::Tcp, s.stream), s.frame, s.ts_ns, id, response);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Conv = (Transport::Udp, 0);
    const S: i64 = 1_000_000_000;

    #[test]
    fn queries_meet_their_answers() {
        let mut t = Transactions::default();
        t.observe(C, 1, 0, 7, false);
        t.observe(C, 2, S / 100, 7, true);
        let pair = t.of(1).expect("tracked");
        assert_eq!((pair.request, pair.response), (1, 2));
        assert_eq!(t.of(2), Some(pair));
        // another conversation's answer with the same ID is unsolicited
        t.observe((Transport::Udp, 1), 3, S, 7, true);
        assert_eq!(t.of(3), None);
        // so is one over TCP in a stream numbered like the UDP conversation
        t.observe((Transport::Tcp, 0), 4, S, 7, true);
        assert_eq!(t.of(4), None);
    }

    #[test]
    fn repeats_are_retransmissions_until_answered_or_late() {
        let mut t = Transactions::default();
        t.observe(C, 1, 0, 9, false);
        t.observe(C, 2, S / 2, 9, false);
        assert_eq!(t.of(2).map(|p| p.request), Some(1), "a retransmitted query");
        t.observe(C, 3, S, 9, true);
        t.observe(C, 4, S, 9, true);
        assert_eq!(
            t.of(4).map(|p| p.response),
            Some(3),
            "a retransmitted answer"
        );
        // once answered, the same ID asks anew
        t.observe(C, 5, 2 * S, 9, false);
        assert_eq!(t.of(5).map(|p| p.request), Some(5));
        // five seconds unanswered: a new transaction, not a retransmission
        t.observe(C, 6, 7 * S, 9, false);
        assert_eq!(t.of(6).map(|p| p.request), Some(6));
    }
}
