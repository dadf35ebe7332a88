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

#[derive(Default)]
struct Pending {
    data: Vec<u8>,
    /// Which bytes of `data` a fragment has given (the first fragment to give a byte wins).
    filled: Vec<bool>,
    /// Every byte before this one is filled.
    reach: usize,
    have: Vec<(u32, u32, u32)>, // (offset, len, frame)
    total: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct Reassembled {
    pub data: Arc<Vec<u8>>,
    /// (frame, length) of each fragment in offset order.
    pub frags: Vec<(u32, u32)>,
}

const MAX_PENDING: usize = 4096;
const MAX_DATAGRAM: usize = 65_535 + 8;

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
        if !self.pending.contains_key(&key) {
            if self.pending.len() >= MAX_PENDING {
                if let Some(old) = self.order.pop_front() {
                    self.pending.remove(&old);
                }
            }
            self.order.push_back(key.clone());
        }
        let p = self.pending.entry(key.clone()).or_default();
        let end = offset as usize + data.len();
        if end > MAX_DATAGRAM {
            return None;
        }
        if p.data.len() < end {
            p.data.resize(end, 0);
            p.filled.resize(end, false);
        }
        // Later fragments do not overwrite bytes already received (first one wins); each byte
        // is looked at once per fragment that carries it, so overlapping fragments cost
        // their own length, not the number of fragments before them.
        let at = offset as usize;
        for (i, &b) in data.iter().enumerate() {
            if !p.filled[at + i] {
                p.filled[at + i] = true;
                p.data[at + i] = b;
            }
        }
        while p.reach < p.filled.len() && p.filled[p.reach] {
            p.reach += 1;
        }
        p.have.push((offset, data.len() as u32, frame));
        if !more {
            p.total = Some(end as u32);
        }
        let total = p.total?;
        // contiguous coverage of [0, total)?
        if p.reach < total as usize {
            return None;
        }
        let mut p = self.pending.remove(&key)?;
        self.order.retain(|k| k != &key);
        p.data.truncate(total as usize);
        p.have.sort();
        let frags: Vec<(u32, u32)> = p.have.iter().map(|&(_, l, f)| (f, l)).collect();
        for &(f, _) in &frags {
            if f != frame {
                self.reassembled_in.insert(f, frame);
            }
        }
        let r = Reassembled {
            data: Arc::new(p.data),
            frags,
        };
        self.done.insert(frame, r.clone());
        Some(r)
    }
}
