//! IP fragment reassembly: fragments waiting for the rest of their datagram, bounded in
//! number and size, and the datagrams finished, kept for the frames that show them. The IP
//! dissectors feed it in their first-pass mode.

use crate::wire::Addr;
use std::collections::HashMap;
use std::sync::Arc;

/// Fragments waiting for the rest of their datagram, and finished reassemblies.
#[derive(Default)]
pub struct FragTable {
    pending: HashMap<FragKey, Pending>,
    order: std::collections::VecDeque<FragKey>,
    /// Frame that completed a datagram -> the reassembled payload and its fragments.
    pub done: HashMap<u32, Reassembled>,
    /// Fragment frame -> the frame where its datagram was reassembled.
    pub reassembled_in: HashMap<u32, u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct FragKey {
    src: Addr,
    dst: Addr,
    id: u32,
    proto: u8,
}

/// A fragment of a datagram under reassembly.
struct Held {
    offset: u32,
    len: u32,
    frame: u32,
    /// Its bytes, while the budget [`MAX_HELD`] lasts.
    bytes: Option<Vec<u8>>,
    /// A second fragment without "more fragments", ending elsewhere than the first.
    second_tail: bool,
}

#[derive(Default)]
struct Pending {
    /// The datagram's bytes so far: each byte from the fragment with the lowest offset that
    /// carries it (the first to arrive among equal offsets), as Wireshark's reassembly,
    /// which copies fragments in offset order, ends up with.
    data: Vec<u8>,
    /// The offset of the fragment each byte of `data` came from (`u32::MAX`: none yet).
    from: Vec<u32>,
    /// Every byte before this one is there.
    reach: usize,
    /// The fragments in arrival order.
    frags: Vec<Held>,
    /// Bytes of `frags` held.
    held: usize,
    /// The datagram's length, from the first fragment without "more fragments".
    total: Option<u32>,
}

/// What Wireshark notes of a fragment when it reassembles the datagram.
pub mod flag {
    /// It covers bytes an earlier fragment (in offset order) gave.
    pub const OVERLAP: u8 = 1;
    /// ... and its bytes there differ.
    pub const CONFLICT: u8 = 2;
    /// It runs past the datagram's end.
    pub const TOO_LONG: u8 = 4;
    /// A second fragment without "more fragments", ending elsewhere than the first.
    pub const MULTIPLE_TAILS: u8 = 8;
}

/// One fragment of a reassembled datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frag {
    pub frame: u32,
    pub offset: u32,
    pub len: u32,
    /// [`flag`] bits.
    pub flags: u8,
}

#[derive(Clone, Debug)]
pub struct Reassembled {
    pub data: Arc<Vec<u8>>,
    /// Each fragment, in offset order (equal offsets in arrival order).
    pub frags: Vec<Frag>,
}

const MAX_PENDING: usize = 4096;
const MAX_DATAGRAM: usize = 65_535 + 8;
/// The most fragment bytes one datagram under reassembly keeps to compare overlaps with
/// (beyond it, a fragment's overlap is still noted, a conflict in it no more).
const MAX_HELD: usize = 4 * MAX_DATAGRAM;

impl Pending {
    /// Adds a fragment's bytes: each byte where no fragment of a lower offset gave one.
    /// (Each byte is looked at once per fragment that carries it: many overlapping
    /// fragments cost their own length, not the number of fragments before them.)
    fn place(&mut self, offset: u32, bytes: &[u8]) {
        let at = offset as usize;
        let end = at + bytes.len();
        if self.data.len() < end {
            self.data.resize(end, 0);
            self.from.resize(end, u32::MAX);
        }
        let slots = self.data[at..end].iter_mut().zip(&mut self.from[at..end]);
        for ((d, f), &b) in slots.zip(bytes) {
            if *f > offset {
                *d = b;
                *f = offset;
            }
        }
        while self.reach < self.from.len() && self.from[self.reach] != u32::MAX {
            self.reach += 1;
        }
    }

    /// The datagram, cut at its length, with what Wireshark notes of each fragment as it
    /// copies them in offset order: one that starts inside the bytes copied so far
    /// overlaps them (and conflicts where its bytes differ), one that runs past the end is
    /// too long.
    fn assemble(mut self, total: usize) -> Reassembled {
        // (stable: equal offsets stay in arrival order)
        self.frags.sort_by_key(|f| f.offset);
        self.data.truncate(total);
        let data = self.data;
        let mut pos = 0usize;
        let mut frags = Vec::with_capacity(self.frags.len());
        for f in self.frags {
            let (off, len, frame) = (f.offset, f.len, f.frame);
            let (o, l) = (off as usize, len as usize);
            let mut flags = if f.second_tail {
                flag::MULTIPLE_TAILS
            } else {
                0
            };
            if o + l > total {
                flags |= flag::TOO_LONG;
            }
            if l > 0 && o < total {
                if o < pos {
                    flags |= flag::OVERLAP;
                    let n = l.min(pos - o);
                    let differs = f
                        .bytes
                        .as_deref()
                        .is_some_and(|b| data.get(o..o + n) != b.get(..n));
                    if differs {
                        flags |= flag::CONFLICT;
                    }
                }
                pos = pos.max((o + l).min(total));
            }
            frags.push(Frag {
                frame,
                offset: off,
                len,
                flags,
            });
        }
        Reassembled {
            data: Arc::new(data),
            frags,
        }
    }
}

impl FragTable {
    /// Adds one fragment; returns the reassembled payload when this fragment completes it.
    /// (The arguments are the fragment header's fields.)
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        src: Addr,
        dst: Addr,
        id: u32,
        proto: u8,
        offset: u32,
        more: bool,
        data: &[u8],
        frame: u32,
    ) -> Option<Reassembled> {
        let key = FragKey {
            src,
            dst,
            id,
            proto,
        };
        if offset as usize + data.len() > MAX_DATAGRAM {
            return None;
        }
        if !self.pending.contains_key(&key) {
            if self.pending.len() >= MAX_PENDING {
                if let Some(old) = self.order.pop_front() {
                    self.pending.remove(&old);
                }
            }
            self.order.push_back(key.clone());
        }
        let p = self.pending.entry(key.clone()).or_default();
        let end = offset + data.len() as u32;
        let mut second_tail = false;
        if !more {
            match p.total {
                Some(t) => second_tail = t != end,
                None => p.total = Some(end),
            }
        }
        p.place(offset, data);
        let kept = (p.held + data.len() <= MAX_HELD).then(|| data.to_vec());
        p.held += kept.as_ref().map_or(0, Vec::len);
        p.frags.push(Held {
            offset,
            len: data.len() as u32,
            frame,
            bytes: kept,
            second_tail,
        });
        let total = p.total? as usize;
        if p.reach < total {
            return None;
        }
        let p = self.pending.remove(&key)?;
        self.order.retain(|k| k != &key);
        let r = p.assemble(total);
        for f in &r.frags {
            if f.frame != frame {
                self.reassembled_in.insert(f.frame, frame);
            }
        }
        self.done.insert(frame, r.clone());
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(
        t: &mut FragTable,
        off: u32,
        more: bool,
        data: &[u8],
        frame: u32,
    ) -> Option<Reassembled> {
        let a = Addr::V4([10, 0, 0, 1]);
        let b = Addr::V4([10, 0, 0, 2]);
        t.add(a, b, 7, 17, off, more, data, frame)
    }

    fn flags(r: &Reassembled) -> Vec<(u32, u8)> {
        r.frags.iter().map(|f| (f.frame, f.flags)).collect()
    }

    #[test]
    fn the_earlier_fragment_in_offset_order_gives_the_bytes_and_the_later_is_marked() {
        let mut t = FragTable::default();
        // frame 1 carries 8..16, frame 2 (arriving later) 0..12 with other bytes at 8..12
        assert!(add(&mut t, 8, true, &[1; 8], 1).is_none());
        assert!(add(&mut t, 0, true, &[2; 12], 2).is_none());
        let r = add(&mut t, 16, false, &[3; 4], 3).expect("complete");
        assert_eq!(
            &r.data[..],
            &[[2; 12].as_slice(), &[1; 4], &[3; 4]].concat()[..]
        );
        // offset order: 2, 1, 3; frame 1 overlaps what frame 2 gave, with other bytes
        assert_eq!(
            flags(&r),
            vec![(2, 0), (1, flag::OVERLAP | flag::CONFLICT), (3, 0)]
        );
        assert_eq!(t.reassembled_in.get(&1), Some(&3));
    }

    #[test]
    fn equal_offsets_keep_arrival_order_and_same_bytes_are_no_conflict() {
        let mut t = FragTable::default();
        assert!(add(&mut t, 0, true, &[5; 8], 1).is_none());
        assert!(add(&mut t, 0, true, &[5; 8], 2).is_none());
        assert!(add(&mut t, 2, true, &[5; 2], 3).is_none());
        let r = add(&mut t, 8, false, &[6; 8], 4).expect("complete");
        assert_eq!(
            flags(&r),
            vec![(1, 0), (2, flag::OVERLAP), (3, flag::OVERLAP), (4, 0)]
        );
    }

    #[test]
    fn a_fragment_past_the_end_is_too_long_and_cut() {
        let mut t = FragTable::default();
        assert!(add(&mut t, 8, false, &[1; 8], 1).is_none());
        let r = add(&mut t, 0, true, &[2; 20], 2).expect("complete");
        assert_eq!(r.data.len(), 16);
        assert_eq!(&r.data[..], &[2; 16]);
        assert_eq!(
            flags(&r),
            vec![(2, flag::TOO_LONG), (1, flag::OVERLAP | flag::CONFLICT)]
        );
    }

    #[test]
    fn a_second_tail_before_completion_is_marked_and_the_first_sets_the_length() {
        let mut t = FragTable::default();
        assert!(add(&mut t, 8, false, &[1; 8], 1).is_none());
        assert!(add(&mut t, 8, false, &[1; 4], 2).is_none());
        let r = add(&mut t, 0, true, &[0; 8], 3).expect("complete");
        assert_eq!(r.data.len(), 16);
        assert_eq!(
            flags(&r),
            vec![(3, 0), (1, 0), (2, flag::MULTIPLE_TAILS | flag::OVERLAP)]
        );
    }
}
