//! A value per conversation, kept compactly for TCP streams' dense indexes.

use rustc_hash::FxHashMap as HashMap;

/// Conversation keys below this are TCP stream indexes (dense, from 0); UDP conversations
/// count down from `u32::MAX`.
pub(super) const DENSE_STREAMS: u32 = 1 << 31;

/// A value per conversation: the TCP streams' (dense indexes) in an array, the UDP keys' in
/// a map. (Hash maps keyed by stream took 18 bytes an entry and more: for the sixty thousand
/// connections of a million-packet capture, 4 MB for what these arrays hold in 1.)
pub(super) struct PerStream<T> {
    dense: Vec<T>,
    sparse: HashMap<u32, T>,
}

impl<T> Default for PerStream<T> {
    fn default() -> Self {
        PerStream {
            dense: Vec::new(),
            sparse: HashMap::default(),
        }
    }
}

impl<T: Copy + Default> PerStream<T> {
    pub(super) fn get(&self, stream: u32) -> T {
        if stream < DENSE_STREAMS {
            self.dense.get(stream as usize).copied().unwrap_or_default()
        } else {
            self.sparse.get(&stream).copied().unwrap_or_default()
        }
    }

    pub(super) fn entry(&mut self, stream: u32) -> &mut T {
        if stream < DENSE_STREAMS {
            let i = stream as usize;
            if self.dense.len() <= i {
                self.dense.resize(i + 1, T::default());
            }
            &mut self.dense[i]
        } else {
            self.sparse.entry(stream).or_default()
        }
    }

    pub(super) fn set(&mut self, stream: u32, v: T) {
        *self.entry(stream) = v;
    }
}
