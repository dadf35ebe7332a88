//! Stores that grow without moving what they hold: an array kept in fixed-size chunks and a
//! hash set of indexes kept in shards.

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

/// Shards of a [`ShardedIndex`].
const SHARDS: usize = 64;

/// A set of indexes into an array, each found by a key its element already holds, kept in
/// [`SHARDS`] tables, an entry's table chosen by its hash: when one grows it moves a
/// sixty-fourth of the entries, where one table of half a million connections rehashed them
/// all at once while the analysis was locked (frames of 60–90 ms in the window). An entry is
/// the 4-byte index alone (the TCP conversations of a million-packet capture: 0.6 MB, where a
/// map that held each key's two addresses and ports again took 4.9 MB). Every call names how an index's key is
/// read (`key_of`), which must give the key the index was set with.
pub struct ShardedIndex {
    shards: Vec<hashbrown::HashTable<u32>>,
    /// (random keys: a crafted capture cannot choose addresses that collide)
    hasher: std::hash::RandomState,
}

impl Default for ShardedIndex {
    fn default() -> Self {
        ShardedIndex {
            shards: (0..SHARDS).map(|_| Default::default()).collect(),
            hasher: Default::default(),
        }
    }
}

impl ShardedIndex {
    /// A hash's shard, from bits the tables do not use to place or tell apart entries (they
    /// take the low bits and the top seven).
    fn shard(h: u64) -> usize {
        (h >> 32) as usize % SHARDS
    }

    /// The index set for key `k`.
    pub fn get<K: Hash + Eq>(&self, k: &K, key_of: impl Fn(u32) -> Option<K>) -> Option<u32> {
        let h = self.hasher.hash_one(k);
        let shard = self.shards.get(Self::shard(h))?;
        shard.find(h, |&i| key_of(i).as_ref() == Some(k)).copied()
    }

    /// Sets index `i` for key `k`, in place of the index it named before, if any.
    pub fn set<K: Hash + Eq>(&mut self, k: &K, i: u32, key_of: impl Fn(u32) -> Option<K>) {
        let h = self.hasher.hash_one(k);
        let hasher = &self.hasher;
        let Some(shard) = self.shards.get_mut(Self::shard(h)) else {
            return;
        };
        let entry = shard.entry(
            h,
            |&j| key_of(j).as_ref() == Some(k),
            |&j| key_of(j).map_or(0, |kj| hasher.hash_one(&kj)),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(mut e) => *e.get_mut() = i,
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(i);
            }
        }
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
    fn a_sharded_index_finds_entries_by_the_keys_they_hold() {
        let mut keys: Vec<(u32, u32)> = Vec::new();
        let mut ix = ShardedIndex::default();
        for i in 0..10_000u32 {
            keys.push((i, i * 3));
            ix.set(&(i, i * 3), i, |j| keys.get(j as usize).copied());
        }
        let key_of = |j: u32| keys.get(j as usize).copied();
        assert_eq!(ix.len(), 10_000);
        assert_eq!(ix.get(&(9_999, 29_997), key_of), Some(9_999));
        assert_eq!(ix.get(&(5, 16), key_of), None);
        // a later element with the same key takes its place
        keys.push((5, 15));
        ix.set(&(5, 15), 10_000, |j| keys.get(j as usize).copied());
        assert_eq!(ix.len(), 10_000);
        assert_eq!(
            ix.get(&(5, 15), |j| keys.get(j as usize).copied()),
            Some(10_000)
        );
        assert!(ix.shards.iter().all(|s| !s.is_empty()));
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
