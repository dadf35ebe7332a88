//! TCP sequence numbers: 32-bit counters that wrap, compared within half the number space
//! (RFC 1982 serial arithmetic), as every part of the analysis must compare them alike.

/// A sequence or acknowledgement number (absolute or relative).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Seq(pub u32);

impl Seq {
    /// How far `self` is past `other` (negative when before it), within ±2³¹.
    #[inline]
    pub fn since(self, other: Seq) -> i32 {
        self.0.wrapping_sub(other.0) as i32
    }
    #[inline]
    pub fn before(self, other: Seq) -> bool {
        self.since(other) < 0
    }
    #[inline]
    pub fn after(self, other: Seq) -> bool {
        self.since(other) > 0
    }
    #[inline]
    pub fn at_or_before(self, other: Seq) -> bool {
        !self.after(other)
    }
    #[inline]
    pub fn plus(self, n: u32) -> Seq {
        Seq(self.0.wrapping_add(n))
    }
}

/// `a` comes before `b` (the plain-number form of [`Seq::before`]).
#[inline]
pub fn lt(a: u32, b: u32) -> bool {
    Seq(a).before(Seq(b))
}

/// `a` comes after `b`.
#[inline]
pub fn gt(a: u32, b: u32) -> bool {
    Seq(a).after(Seq(b))
}

/// `a` comes at or before `b`.
#[inline]
pub fn le(a: u32, b: u32) -> bool {
    Seq(a).at_or_before(Seq(b))
}

/// How far `a` is past `b` (negative when before it).
#[inline]
pub fn since(a: u32, b: u32) -> i32 {
    Seq(a).since(Seq(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn comparisons_wrap(a in any::<u32>(), d in 1u32..0x7fff_ffff) {
            let b = a.wrapping_add(d);
            prop_assert!(lt(a, b) && !lt(b, a));
            prop_assert!(gt(b, a) && !gt(a, b));
            prop_assert!(le(a, b) && le(a, a) && !le(b, a));
            prop_assert_eq!(since(b, a), d as i32);
            prop_assert_eq!(Seq(a).plus(d), Seq(b));
        }
    }
}
