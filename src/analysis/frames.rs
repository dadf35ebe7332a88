//! The per-frame stores of the first pass, kept small: a frame costs 24 bytes for its record
//! and about one bit to say whether it has a TCP record (ten million frames: 240 MB and 1.3 MB,
//! where a plain `Vec<Record>` and a `Vec<u32>` index took 320 MB and 40 MB).

use crate::capture::file::Record;
use std::collections::TryReserveError;

/// Bits of a packed record's first word that hold the file offset: files up to 16 TiB.
const OFFSET_BITS: u32 = 44;
const OFFSET_MASK: u64 = (1 << OFFSET_BITS) - 1;
/// Distinct (link type, interface, untimed) kinds the store can name: 2^20. A file that
/// declares more (only a crafted one could: each needs an interface block of its own) shows
/// the frames of the extra kinds with an unknown link type, as data.
const MAX_KINDS: usize = 1 << (64 - OFFSET_BITS);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Packed {
    /// The kind's index in the top bits, the offset in the low [`OFFSET_BITS`].
    kind_offset: u64,
    caplen: u32,
    origlen: u32,
    ts_ns: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Kind {
    linktype: u16,
    iface: u16,
    untimed: bool,
}

/// The link type a record of an overflowing kind gets (no dissector claims it).
const UNKNOWN_LINKTYPE: u16 = 0xffff;

/// Every frame's [`Record`], packed: what few records share (the link type, the interface,
/// whether the block had a timestamp) is kept once in a table of kinds and named by an index
/// stored in the offset's spare bits.
#[derive(Clone, Default)]
pub struct Frames {
    packed: Vec<Packed>,
    kinds: Vec<Kind>,
    /// Each kind's index in `kinds` (a crafted file may name thousands of interfaces in
    /// turn: no record scans the table).
    index: std::collections::HashMap<Kind, usize>,
    /// The kind of the last record pushed (records of one file almost always share it).
    last_kind: usize,
}

impl Frames {
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    pub fn push(&mut self, rec: Record) {
        let kind = Kind {
            linktype: rec.linktype,
            iface: rec.iface,
            untimed: rec.untimed,
        };
        let k = if self.kinds.get(self.last_kind) == Some(&kind) {
            self.last_kind
        } else if let Some(&k) = self.index.get(&kind) {
            k
        } else if self.kinds.len() < MAX_KINDS - 1 {
            self.kinds.push(kind);
            self.index.insert(kind, self.kinds.len() - 1);
            self.kinds.len() - 1
        } else {
            // the last index is kept for the overflow (see `MAX_KINDS`)
            MAX_KINDS - 1
        };
        self.last_kind = k;
        self.packed.push(Packed {
            kind_offset: (k as u64) << OFFSET_BITS | rec.offset.min(OFFSET_MASK),
            caplen: rec.caplen,
            origlen: rec.origlen,
            ts_ns: rec.ts_ns,
        });
    }

    fn unpack(&self, p: &Packed) -> Record {
        let k = (p.kind_offset >> OFFSET_BITS) as usize;
        let kind = self.kinds.get(k).copied().unwrap_or(Kind {
            linktype: UNKNOWN_LINKTYPE,
            iface: 0,
            untimed: false,
        });
        Record {
            offset: p.kind_offset & OFFSET_MASK,
            caplen: p.caplen,
            origlen: p.origlen,
            ts_ns: p.ts_ns,
            linktype: kind.linktype,
            iface: kind.iface,
            untimed: kind.untimed,
        }
    }

    /// The record at 0-based index `i`.
    pub fn get(&self, i: usize) -> Option<Record> {
        self.packed.get(i).map(|p| self.unpack(p))
    }

    pub fn first(&self) -> Option<Record> {
        self.get(0)
    }

    /// The timestamp of record `i`, without unpacking the rest.
    pub fn ts_ns(&self, i: usize) -> Option<i64> {
        self.packed.get(i).map(|p| p.ts_ns)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Record> + ExactSizeIterator + '_ {
        self.packed.iter().map(|p| self.unpack(p))
    }

    /// The index of the first record whose time is not before `t` (records in time order).
    pub fn partition_point_ts(&self, t: i64) -> usize {
        self.packed.partition_point(|p| p.ts_ns < t)
    }

    pub fn to_vec(&self) -> Vec<Record> {
        self.iter().collect()
    }

    pub fn try_reserve_exact(&mut self, n: usize) -> Result<(), TryReserveError> {
        self.packed.try_reserve_exact(n)
    }

    pub fn shrink_to_fit(&mut self) {
        self.packed.shrink_to_fit();
    }
}

/// Which frames have a record in a side store filled in frame order (the TCP records), and
/// where: a bit per frame and, per 64 frames, the count of members before them. A member's
/// place is that count plus the members before it in its word.
#[derive(Clone, Default)]
pub struct RankIndex {
    words: Vec<u64>,
    before: Vec<u32>,
    len: usize,
    members: u32,
}

impl RankIndex {
    /// Frames pushed so far.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends the next frame; a member takes the next place in the side store.
    pub fn push(&mut self, member: bool) {
        let bit = self.len % 64;
        if bit == 0 {
            self.words.push(0);
            self.before.push(self.members);
        }
        if member {
            if let Some(w) = self.words.last_mut() {
                *w |= 1 << bit;
            }
            self.members += 1;
        }
        self.len += 1;
    }

    /// The side-store place of 0-based frame index `i`, `None` when it is not a member.
    pub fn get(&self, i: usize) -> Option<u32> {
        if i >= self.len {
            return None;
        }
        let w = *self.words.get(i / 64)?;
        let bit = i % 64;
        if (w >> bit) & 1 == 0 {
            return None;
        }
        let below = w & ((1u64 << bit) - 1);
        Some(self.before.get(i / 64)? + below.count_ones())
    }

    pub fn try_reserve_exact(&mut self, frames: usize) -> Result<(), TryReserveError> {
        let words = frames.div_ceil(64);
        self.words.try_reserve_exact(words)?;
        self.before.try_reserve_exact(words)
    }

    pub fn shrink_to_fit(&mut self) {
        self.words.shrink_to_fit();
        self.before.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(i: u64, linktype: u16, iface: u16, untimed: bool) -> Record {
        Record {
            offset: 24 + i * 100,
            caplen: i as u32 % 1500,
            origlen: 1514,
            ts_ns: i as i64 * 1000 - 5,
            linktype,
            iface,
            untimed,
        }
    }

    #[test]
    fn records_come_back_as_pushed() {
        let mut f = Frames::default();
        let mut want = Vec::new();
        for i in 0..1000u64 {
            let r = rec(i, [1, 113, 276][i as usize % 3], (i % 5) as u16, i % 7 == 0);
            want.push(r);
            f.push(r);
        }
        let big = Record {
            offset: OFFSET_MASK,
            ..rec(0, 1, 0, false)
        };
        f.push(big);
        want.push(big);
        assert_eq!(f.len(), want.len());
        assert_eq!(f.to_vec(), want);
        assert_eq!(f.get(500), Some(want[500]));
        assert_eq!(f.get(f.len() - 1), Some(big));
        assert_eq!(f.get(want.len()), None);
        assert_eq!(
            (10..13).filter_map(|i| f.get(i)).collect::<Vec<_>>(),
            want[10..13].to_vec()
        );
        assert_eq!(f.partition_point_ts(20_000), 21);
        assert_eq!(std::mem::size_of::<Packed>(), 24);
    }

    #[test]
    fn kinds_beyond_the_table_show_an_unknown_link_type() {
        let mut f = Frames {
            kinds: vec![
                Kind {
                    linktype: 1,
                    iface: 0,
                    untimed: false
                };
                MAX_KINDS - 1
            ],
            ..Frames::default()
        };
        f.push(rec(1, 113, 9, false));
        let r = f.get(0).unwrap();
        assert_eq!((r.linktype, r.offset), (UNKNOWN_LINKTYPE, 124));
    }

    #[test]
    fn rank_index_places_members_in_order() {
        let mut ix = RankIndex::default();
        let mut places = Vec::new();
        let mut next = 0u32;
        for i in 0..1000usize {
            let member = i % 3 != 0 || i % 64 == 63;
            ix.push(member);
            places.push(member.then(|| {
                next += 1;
                next - 1
            }));
        }
        for (i, want) in places.iter().enumerate() {
            assert_eq!(ix.get(i), *want, "frame index {i}");
        }
        assert_eq!(ix.get(1000), None);
        assert_eq!(ix.len(), 1000);
    }
}
