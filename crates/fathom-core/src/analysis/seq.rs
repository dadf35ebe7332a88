//! TCP sequence numbers: 32-bit counters that wrap, compared within half the number space
//! (RFC 1982 serial arithmetic). Every part of the analysis compares them through these.

/// How far `a` is past `b` (negative when before it), within ±2³¹.
#[inline]
pub fn since(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

/// `a` comes before `b`.
#[inline]
pub fn lt(a: u32, b: u32) -> bool {
    since(a, b) < 0
}

/// `a` comes after `b`.
#[inline]
pub fn gt(a: u32, b: u32) -> bool {
    since(a, b) > 0
}

/// `a` comes at or before `b`.
#[inline]
pub fn le(a: u32, b: u32) -> bool {
    !gt(a, b)
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
        }
    }
}
