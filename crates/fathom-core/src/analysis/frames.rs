//! The per-frame stores of the first pass, kept small: a frame costs 16 bytes for its record
//! and about one bit to say whether it has a TCP record (ten million frames: 160 MB and 1.3
//! MB, where a plain `Vec<Record>` and a `Vec<u32>` index took 320 MB and 40 MB).

use crate::capture::file::Record;
use std::collections::{HashMap, TryReserveError};

/// Bits of a packed record's third word that hold the captured length: every record the
/// readers accept is at most [`crate::capture::file::MAX_PACKET`] (2^18) bytes; a longer one
/// (none of them makes it) is kept aside, in [`Frames::long`].
const CAPLEN_BITS: u32 = 19;
const CAPLEN_MASK: u32 = (1 << CAPLEN_BITS) - 1;
/// Distinct (link type, interface, untimed) kinds the store can name: 2^13. A file that
/// declares more (only a crafted one could: each needs an interface block of its own) shows
/// the frames of the extra kinds with an unknown link type, as data.
const MAX_KINDS: usize = 1 << (32 - CAPLEN_BITS);

/// A record as the store keeps it: its offset and time as distances from its [`Base`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Packed {
    /// Bytes after the base's offset.
    offset: u32,
    /// Nanoseconds after the base's time.
    ts: u32,
    /// The kind's index in the top bits, the captured length in the low [`CAPLEN_BITS`].
    kind_caplen: u32,
    origlen: u32,
}

/// Where the offsets and times of a run of records are counted from. A record starts a new
/// run when its distance from the current one does not fit its 32 bits: more than 4 GiB
/// further into the file, more than 4.29 s later, or earlier than the run's first record
/// (a capture whose clock stepped back). A file of back-to-back packets needs one run per
/// 4.29 s of capture; only a capture with gaps of seconds between most of its packets
/// needs one per packet (24 bytes more each, for files of a few packets a second).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Base {
    /// The 0-based index of the run's first record.
    first: u32,
    offset: u64,
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
/// stored in the captured length's spare bits; the offset and time are 32-bit distances from
/// the first record of their run ([`Base`]).
#[derive(Clone, Default)]
pub struct Frames {
    packed: Vec<Packed>,
    bases: Vec<Base>,
    /// Captured lengths too long for [`CAPLEN_BITS`], by record index.
    long: HashMap<u32, u32>,
    kinds: Vec<Kind>,
    /// Each kind's index in `kinds` (a crafted file may name thousands of interfaces in
    /// turn: no record scans the table).
    index: HashMap<Kind, usize>,
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
        let i = self.packed.len() as u32;
        let fits = |b: &Base| {
            let off = rec.offset.checked_sub(b.offset);
            let ts = rec.ts_ns.checked_sub(b.ts_ns);
            off.is_some_and(|d| d <= u64::from(u32::MAX))
                && ts.is_some_and(|d| (0..=i64::from(u32::MAX)).contains(&d))
        };
        let base = match self.bases.last() {
            Some(b) if fits(b) => *b,
            _ => {
                let b = Base {
                    first: i,
                    offset: rec.offset,
                    ts_ns: rec.ts_ns,
                };
                self.bases.push(b);
                b
            }
        };
        let caplen = if rec.caplen < CAPLEN_MASK {
            rec.caplen
        } else {
            self.long.insert(i, rec.caplen);
            CAPLEN_MASK
        };
        self.packed.push(Packed {
            offset: (rec.offset - base.offset) as u32,
            ts: (rec.ts_ns - base.ts_ns) as u32,
            kind_caplen: (k as u32) << CAPLEN_BITS | caplen,
            origlen: rec.origlen,
        });
    }

    /// The run record `i` belongs to.
    fn base(&self, i: usize) -> Base {
        match self.bases.as_slice() {
            [only] => *only,
            bases => {
                let j = bases.partition_point(|b| b.first as usize <= i);
                bases.get(j.wrapping_sub(1)).copied().unwrap_or_default()
            }
        }
    }

    fn unpack(&self, i: usize, p: &Packed, base: Base) -> Record {
        let k = (p.kind_caplen >> CAPLEN_BITS) as usize;
        let kind = self.kinds.get(k).copied().unwrap_or(Kind {
            linktype: UNKNOWN_LINKTYPE,
            iface: 0,
            untimed: false,
        });
        let caplen = match p.kind_caplen & CAPLEN_MASK {
            CAPLEN_MASK => self.long.get(&(i as u32)).copied().unwrap_or(CAPLEN_MASK),
            c => c,
        };
        Record {
            offset: base.offset + u64::from(p.offset),
            caplen,
            origlen: p.origlen,
            ts_ns: base.ts_ns + i64::from(p.ts),
            linktype: kind.linktype,
            iface: kind.iface,
            untimed: kind.untimed,
        }
    }

    /// The record at 0-based index `i`.
    pub fn get(&self, i: usize) -> Option<Record> {
        let p = self.packed.get(i)?;
        Some(self.unpack(i, p, self.base(i)))
    }

    pub fn first(&self) -> Option<Record> {
        self.get(0)
    }

    /// The timestamp of record `i`, without unpacking the rest.
    pub fn ts_ns(&self, i: usize) -> Option<i64> {
        let p = self.packed.get(i)?;
        Some(self.base(i).ts_ns + i64::from(p.ts))
    }

    /// Every record in order (a record's run is one load for a file of one run, a short
    /// search otherwise).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Record> + ExactSizeIterator + '_ {
        self.packed
            .iter()
            .enumerate()
            .map(|(i, p)| self.unpack(i, p, self.base(i)))
    }

    /// The index of the first record whose time is not before `t` (records in time order).
    pub fn partition_point_ts(&self, t: i64) -> usize {
        let (mut lo, mut hi) = (0, self.packed.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.ts_ns(mid).is_some_and(|ts| ts < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
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
            offset: 1 << 50,
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
        assert_eq!(std::mem::size_of::<Packed>(), 16);
    }

    proptest::proptest! {
        /// Any records, in any order of offsets and times (clocks that step back, gaps of
        /// hours, offsets past 4 GiB, lengths past the readers' limit), come back as pushed,
        /// one by one and in order.
        #[test]
        fn any_records_come_back_as_pushed(
            recs in proptest::collection::vec(
                (0u64..1 << 40, -(1i64 << 40)..1i64 << 40, 0u32..1 << 20, proptest::num::u32::ANY,
                 0u16..3, proptest::bool::ANY, 0u8..4),
                0..200,
            )
        ) {
            let mut f = Frames::default();
            let mut want = Vec::new();
            let (mut off, mut ts) = (0u64, 0i64);
            for (o, t, caplen, origlen, lt, untimed, step) in recs {
                // most records a little after the previous one, some anywhere
                (off, ts) = match step {
                    0 => (o, t),
                    _ => (off + o % 70_000, ts + t.rem_euclid(5_000_000_000)),
                };
                let r = Record { offset: off, caplen, origlen, ts_ns: ts, linktype: lt, iface: 0, untimed };
                f.push(r);
                want.push(r);
            }
            proptest::prop_assert_eq!(f.to_vec(), want.clone());
            for (i, r) in want.iter().enumerate() {
                proptest::prop_assert_eq!(f.get(i), Some(*r));
                proptest::prop_assert_eq!(f.ts_ns(i), Some(r.ts_ns));
            }
        }
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
        assert_eq!(f.kinds.len(), MAX_KINDS - 1);
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
