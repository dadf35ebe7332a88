//! Text built into a `String`: [`push_fmt!`](crate::push_fmt) and
//! [`push_fmtln!`](crate::push_fmtln) append formatted text where `write!` would return a
//! `fmt::Result` for every line (a String takes any text, so the result would only ever be
//! thrown away).

/// Formatted text appended to a String (the trait behind [`push_fmt!`](crate::push_fmt)).
pub trait PushFmt {
    fn push_args(&mut self, args: std::fmt::Arguments<'_>);
}

impl PushFmt for String {
    /// Writing into a String fails only when a `Display` implementation reports an error;
    /// none of Fathom's does, and should one, the text says so where it happened rather than
    /// the error being dropped.
    fn push_args(&mut self, args: std::fmt::Arguments<'_>) {
        use std::fmt::Write as _;
        if self.write_fmt(args).is_err() {
            self.push_str("[formatting error]");
        }
    }
}

/// `push_fmt!(s, "…", args)`: appends formatted text to the `String` `s` (or `&mut String`).
#[macro_export]
macro_rules! push_fmt {
    ($s:expr, $($arg:tt)*) => {{
        use $crate::text::PushFmt as _;
        $s.push_args(format_args!($($arg)*));
    }};
}

/// `push_fmtln!(s, "…", args)`: [`push_fmt!`](crate::push_fmt), then a line end.
#[macro_export]
macro_rules! push_fmtln {
    ($s:expr) => {{
        $s.push('\n');
    }};
    ($s:expr, $($arg:tt)*) => {{
        use $crate::text::PushFmt as _;
        $s.push_args(format_args!($($arg)*));
        $s.push('\n');
    }};
}

#[cfg(test)]
mod tests {
    #[test]
    fn appends_formatted_text_and_lines() {
        let mut s = String::from("a");
        crate::push_fmt!(s, "{}-{:02}", "b", 7);
        crate::push_fmtln!(s);
        let r = &mut s;
        crate::push_fmtln!(r, "{:>3}", 5);
        assert_eq!(s, "ab-07\n  5\n");
    }

    #[test]
    fn a_failing_display_is_named_in_the_text() {
        struct Bad;
        impl std::fmt::Display for Bad {
            fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                Err(std::fmt::Error)
            }
        }
        let mut s = String::new();
        crate::push_fmt!(s, "x{}", Bad);
        assert!(s.ends_with("[formatting error]"), "{s}");
    }
}
