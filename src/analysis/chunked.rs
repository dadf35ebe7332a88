//! A growable array kept in fixed-size chunks.

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

#[cfg(test)]
mod tests {
    use super::*;

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
