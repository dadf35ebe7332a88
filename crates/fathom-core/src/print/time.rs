//! The time column of the summary line, in tshark's `-t` formats.

use crate::dissect::tree::civil;

/// tshark's `-t` formats. Fathom shows local time as UTC (as its `frame.time` does).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeFormat {
    /// `r`: seconds since the first frame.
    #[default]
    Relative,
    /// `a`, `u`: time of day.
    TimeOfDay,
    /// `ad`, `ud`: date and time of day.
    DateTime,
    /// `adoy`, `udoy`: year/day-of-year and time of day.
    DayOfYear,
    /// `d`: since the previous captured frame.
    Delta,
    /// `dd`: since the previous displayed frame.
    DeltaDisplayed,
    /// `e`: seconds since the Unix epoch.
    Epoch,
}

impl TimeFormat {
    pub fn parse(s: &str) -> Result<TimeFormat, String> {
        Ok(match s {
            "r" => TimeFormat::Relative,
            "a" | "u" => TimeFormat::TimeOfDay,
            "ad" | "ud" => TimeFormat::DateTime,
            "adoy" | "udoy" => TimeFormat::DayOfYear,
            "d" => TimeFormat::Delta,
            "dd" => TimeFormat::DeltaDisplayed,
            "e" => TimeFormat::Epoch,
            _ => {
                return Err(format!(
                    "-t {s}: use r, a, ad, adoy, d, dd, e, u, ud or udoy"
                ))
            }
        })
    }

    /// Whether the column is a signed span of seconds (right-aligned), not a clock time.
    fn is_span(self) -> bool {
        matches!(
            self,
            TimeFormat::Relative | TimeFormat::Delta | TimeFormat::DeltaDisplayed
        )
    }

    /// The column for a frame at `ts_ns`, given the first frame's time and the previous
    /// captured and displayed frames' (the frame's own for the first), with `digits`
    /// decimals (the file's timestamp precision, 6 or 9).
    pub fn column(
        self,
        ts_ns: i64,
        first: i64,
        prev_captured: i64,
        prev_displayed: i64,
        digits: u8,
    ) -> String {
        let text = match self {
            TimeFormat::Relative => span_digits(ts_ns - first, digits),
            TimeFormat::Delta => span_digits(ts_ns - prev_captured, digits),
            TimeFormat::DeltaDisplayed => span_digits(ts_ns - prev_displayed, digits),
            TimeFormat::Epoch => span_digits(ts_ns, digits),
            TimeFormat::TimeOfDay | TimeFormat::DateTime | TimeFormat::DayOfYear => {
                let secs = ts_ns.div_euclid(1_000_000_000);
                let frac = fraction(ts_ns.rem_euclid(1_000_000_000) as u64, digits);
                let (y, m, d, h, mi, s) = civil(secs);
                let clock = format!("{h:02}:{mi:02}:{s:02}{frac}");
                match self {
                    TimeFormat::DateTime => format!("{y:04}-{m:02}-{d:02} {clock}"),
                    TimeFormat::DayOfYear => {
                        let jan1 = days_from_civil(y, 1, 1);
                        let doy = days_from_civil(y, m, d) - jan1 + 1;
                        format!("{y:04}/{doy:03} {clock}")
                    }
                    _ => clock,
                }
            }
        };
        if self.is_span() {
            format!("{text:>10}")
        } else {
            text
        }
    }
}

/// Days since 1970-01-01 of a civil date (the inverse of `civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds with six decimals; a span below zero keeps its sign ("-0.000041", not
/// "-1.999959").
pub fn span(ns: i64) -> String {
    span_digits(ns, 6)
}

/// Seconds with `digits` decimals (truncated, as tshark does).
pub fn span_digits(ns: i64, digits: u8) -> String {
    let a = ns.unsigned_abs();
    format!(
        "{}{}{}",
        if ns < 0 { "-" } else { "" },
        a / 1_000_000_000,
        fraction(a % 1_000_000_000, digits)
    )
}

/// ".123456" for 123_456_789 ns at 6 digits; nothing at 0 digits.
fn fraction(ns: u64, digits: u8) -> String {
    let digits = digits.min(9);
    if digits == 0 {
        return String::new();
    }
    let v = ns / 10u64.pow(9 - digits as u32);
    format!(".{v:0w$}", w = digits as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_keep_their_sign() {
        assert_eq!(span(0), "0.000000");
        assert_eq!(span(12_533_000), "0.012533");
        assert_eq!(span(-41_000), "-0.000041");
        assert_eq!(span(-2_500_000_000), "-2.500000");
    }

    #[test]
    fn every_format_as_tshark_prints_it() {
        // 2026-11-21 08:39:41.267080 UTC, 19 µs after the previous frame
        let t = 1_795_250_381_267_080_000;
        let first = t - 19_000;
        let col = |f: &str| {
            TimeFormat::parse(f)
                .unwrap()
                .column(t, first, first, t - 100, 6)
        };
        assert_eq!(col("r"), "  0.000019");
        assert_eq!(col("d"), "  0.000019");
        assert_eq!(col("dd"), "  0.000000");
        assert_eq!(col("a"), "08:39:41.267080");
        assert_eq!(col("ud"), "2026-11-21 08:39:41.267080");
        assert_eq!(col("adoy"), "2026/325 08:39:41.267080");
        assert_eq!(col("e"), "1795250381.267080");
        assert!(TimeFormat::parse("x").is_err());
        let r = TimeFormat::Relative;
        assert_eq!(r.column(t + 411, first, first, first, 9), "0.000019411");
        assert_eq!(r.column(t, first, first, first, 0), "         0");
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
    }
}
