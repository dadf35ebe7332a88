//! Stores that grow without moving what they hold: an array kept in fixed-size chunks and a
//! hash map kept in shards.

use std::hash::{BuildHasher, Hash};

/// Entries per chunk.
const CHUNK: usize = 4096;

/// A growable array kept in chunks of [`CHUNK`] entries. Growing allocates a new chunk and
/// never moves what is there: a `Vec` of millions of entries that doubles holds its old and
/// new copy at once and copies hundreds of megabytes while the analysis is locked (on ten
/// million frames, the largest jump of the first pass's memory and the window's longest
/// frame).
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, v: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(v),
            _ => {
                let mut c = Vec::with_capacity(CHUNK);
                c.push(v);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.chunks.get_mut(i / CHUNK)?.get_mut(i % CHUNK)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.chunks.iter_mut().flatten()
    }
}

impl<T> std::ops::Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> std::ops::IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

/// Shards of a [`ShardedMap`].
const SHARDS: usize = 64;

/// A hash map kept in [`SHARDS`] maps, a key's shard chosen by its hash: when one grows it
/// moves a sixty-fourth of the entries, where one map of half a million connections rehashed
/// them all at once while the analysis was locked (frames of 60–90 ms in the window).
pub struct ShardedMap<K, V> {
    shards: Vec<std::collections::HashMap<K, V>>,
    pick: rustc_hash::FxBuildHasher,
}

impl<K, V> Default for ShardedMap<K, V> {
    fn default() -> Self {
        ShardedMap {
            shards: (0..SHARDS).map(|_| Default::default()).collect(),
            pick: Default::default(),
        }
    }
}

impl<K: Hash + Eq, V> ShardedMap<K, V> {
    fn shard(&self, k: &K) -> usize {
        // (a fast hash only picks the shard; the shard's own map hashes with a random seed)
        (self.pick.hash_one(k) >> 58) as usize % SHARDS
    }

    pub fn get(&self, k: &K) -> Option<&V> {
        self.shards.get(self.shard(k))?.get(k)
    }

    pub fn contains_key(&self, k: &K) -> bool {
        self.get(k).is_some()
    }

    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        let i = self.shard(&k);
        self.shards.get_mut(i)?.insert(k, v)
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sharded_map_finds_what_it_holds() {
        let mut m = ShardedMap::default();
        for i in 0..10_000u32 {
            assert_eq!(m.insert((i, i * 3), i), None);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m.insert((5, 15), 99), Some(5));
        assert_eq!(m.get(&(5, 15)), Some(&99));
        assert_eq!(m.get(&(9_999, 29_997)), Some(&9_999));
        assert_eq!(m.get(&(5, 16)), None);
        // the keys are spread over the shards
        assert!(m.shards.iter().all(|s| !s.is_empty()));
    }

    #[test]
    fn entries_keep_their_index_across_chunks() {
        let mut c = Chunked::default();
        let n = CHUNK * 2 + 17;
        for i in 0..n {
            c.push(i);
        }
        assert_eq!(c.len(), n);
        assert_eq!(c.get(0), Some(&0));
        assert_eq!(c.get(CHUNK), Some(&CHUNK));
        assert_eq!(c.get(n - 1), Some(&(n - 1)));
        assert_eq!(c.get(n), None);
        if let Some(v) = c.get_mut(CHUNK + 1) {
            *v = 7;
        }
        assert_eq!(c.get(CHUNK + 1), Some(&7));
        assert_eq!(c.iter().count(), n);
        assert_eq!(c.iter().nth(CHUNK + 2), Some(&(CHUNK + 2)));
    }
}
