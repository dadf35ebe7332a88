//! I/O statistics: frames, bytes or a field's COUNT/SUM/MIN/MAX/AVG per time interval, one
//! column per display filter — the numbers behind the I/O Graph and `-z io,stat,INTERVAL`
//! in tshark's text layout.

/// What a column adds up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Calc {
    FramesAndBytes,
    Frames,
    Bytes,
    Count(String),
    Sum(String),
    Min(String),
    Max(String),
    Avg(String),
}

impl Calc {
    fn name(&self) -> &'static str {
        match self {
            Calc::FramesAndBytes => "Frames and bytes",
            Calc::Frames => "FRAMES",
            Calc::Bytes => "BYTES",
            Calc::Count(_) => "COUNT",
            Calc::Sum(_) => "SUM",
            Calc::Min(_) => "MIN",
            Calc::Max(_) => "MAX",
            Calc::Avg(_) => "AVG",
        }
    }

    /// The field a calculation reads, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Calc::Count(f) | Calc::Sum(f) | Calc::Min(f) | Calc::Max(f) | Calc::Avg(f) => Some(f),
            _ => None,
        }
    }
}

/// One column: what it computes over the frames its filter keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column as the user wrote it (shown in the header), `None` for an empty one.
    pub spec: Option<String>,
    pub calc: Calc,
    /// The display filter part (after a calculation's parenthesis).
    pub filter: Option<String>,
}

impl Column {
    /// Parses `FILTER`, `FUNC(field)FILTER` or an empty column.
    pub fn parse(s: &str) -> Result<Column, String> {
        if s.trim().is_empty() {
            return Ok(Column {
                spec: None,
                calc: Calc::FramesAndBytes,
                filter: None,
            });
        }
        let funcs = ["FRAMES", "BYTES", "COUNT", "SUM", "MIN", "MAX", "AVG"];
        for f in funcs {
            let Some(rest) = s.strip_prefix(f) else {
                continue;
            };
            let (field, filter) = match rest.strip_prefix('(') {
                Some(r) => {
                    let close = r
                        .find(')')
                        .ok_or_else(|| format!("{f}( has no closing parenthesis"))?;
                    (r[..close].trim().to_string(), &r[close + 1..])
                }
                None => (String::new(), rest),
            };
            let calc = match f {
                "FRAMES" => Calc::Frames,
                "BYTES" => Calc::Bytes,
                _ if field.is_empty() => return Err(format!("{f} needs a field: {f}(field)")),
                _ if crate::dissect::fields::find(&field).is_none() => {
                    return Err(format!("there is no field named {field}"))
                }
                "COUNT" => Calc::Count(field),
                "SUM" => Calc::Sum(field),
                "MIN" => Calc::Min(field),
                "MAX" => Calc::Max(field),
                _ => Calc::Avg(field),
            };
            let filter = filter.trim();
            return Ok(Column {
                spec: Some(s.to_string()),
                calc,
                filter: (!filter.is_empty()).then(|| filter.to_string()),
            });
        }
        Ok(Column {
            spec: Some(s.to_string()),
            calc: Calc::FramesAndBytes,
            filter: Some(s.to_string()),
        })
    }
}

/// An interval as given: microseconds (`None`: the whole capture) and the decimals to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub us: Option<u64>,
    pub prec: u32,
}

impl Interval {
    pub fn parse(s: &str) -> Result<Interval, String> {
        let v: f64 = s
            .trim()
            .parse()
            .map_err(|_| format!("invalid interval \"{s}\""))?;
        if v.is_nan() || v < 0.0 || !v.is_finite() {
            return Err(format!("invalid interval \"{s}\""));
        }
        if v == 0.0 {
            return Ok(Interval { us: None, prec: 0 });
        }
        let us = (v * 1_000_000.0 + 0.5) as u64;
        if us < 1 {
            return Err("the interval must be at least 1 µs".into());
        }
        let mut prec = 6;
        let mut i = 10;
        while i < 10_000_000 && us.is_multiple_of(i) {
            prec -= 1;
            i *= 10;
        }
        if prec == 0 {
            // "1.00": as many decimals as written
            if let Some((_, frac)) = s.trim().split_once('.') {
                prec = frac.len().min(6) as u32;
            }
        }
        Ok(Interval { us: Some(us), prec })
    }
}

/// One interval's values in one column.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cell {
    pub frames: u64,
    /// Bytes, the count, or the integer sum/min/max (relative times in nanoseconds).
    pub counter: i128,
    pub float: f64,
    /// Values seen (for AVG).
    pub num: u64,
}

/// How a field's values are kept and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Time,
}

/// The kind of a field from the registry.
pub fn field_kind(field: &str) -> Kind {
    match crate::dissect::fields::find(field).map(|d| d.kind) {
        Some(crate::dissect::fields::FieldKind::FT_RELATIVE_TIME) => Kind::Time,
        _ => Kind::Int,
    }
}

/// A value of a field as a number of its kind.
pub fn numeric(v: &crate::dissect::Value) -> Option<(i128, f64)> {
    use crate::dissect::Value;
    match v {
        Value::Uint(x, _) => Some((*x as i128, *x as f64)),
        Value::Int(x) => Some((*x as i128, *x as f64)),
        Value::Frame(x) => Some((*x as i128, *x as f64)),
        Value::Bool(b) => Some((*b as i128, *b as u8 as f64)),
        Value::RelTime(ns) => Some((*ns as i128, *ns as f64 / 1e9)),
        Value::Float(f) => Some((*f as i128, *f)),
        _ => None,
    }
}

/// What a column needs of one frame it keeps.
pub struct Sample<'a> {
    pub len: u32,
    /// The field's values in the frame (empty without a field).
    pub values: &'a [(i128, f64)],
}

/// A column's cells, one per interval from the capture's start.
#[derive(Clone, Debug, Default)]
pub struct Series {
    pub cells: Vec<Cell>,
}

impl Series {
    /// Adds one kept frame at `bucket`; a frame earlier than the latest interval the column
    /// has reached counts in that interval, as tshark's does.
    pub fn add(&mut self, calc: &Calc, kind: Kind, bucket: usize, s: &Sample) {
        let bucket = bucket.max(self.cells.len().saturating_sub(1));
        if self.cells.len() <= bucket {
            self.cells.resize(bucket + 1, Cell::default());
        }
        let c = &mut self.cells[bucket];
        c.frames += 1;
        let float = kind == Kind::Float;
        match calc {
            Calc::FramesAndBytes | Calc::Frames | Calc::Bytes => c.counter += s.len as i128,
            Calc::Count(_) => c.counter += s.values.len() as i128,
            Calc::Sum(_) => {
                for (i, f) in s.values {
                    c.counter += i;
                    c.float += f;
                }
            }
            Calc::Min(_) => {
                for (k, (i, f)) in s.values.iter().enumerate() {
                    let first = c.frames == 1 && k == 0;
                    if float && (first || *f < c.float) {
                        c.float = *f;
                    } else if !float && (first || *i < c.counter) {
                        c.counter = *i;
                    }
                }
            }
            Calc::Max(_) => {
                for (i, f) in s.values {
                    if float && *f > c.float {
                        c.float = *f;
                    } else if !float && *i > c.counter {
                        c.counter = *i;
                    }
                }
            }
            Calc::Avg(_) => {
                for (i, f) in s.values {
                    c.num += 1;
                    c.counter += i;
                    c.float += f;
                }
            }
        }
    }
}

/// The interval (bucket) a frame falls in, from its time since the first frame; frames before
/// the first take the last time seen, as tshark does.
pub struct Clock {
    last_us: u64,
}

impl Clock {
    pub fn new() -> Clock {
        Clock { last_us: 0 }
    }
    pub fn bucket(&mut self, rel_ns: i64, interval: Option<u64>) -> usize {
        if rel_ns >= 0 {
            self.last_us = (rel_ns as u64 + 500) / 1000;
        }
        match interval {
            Some(i) => (self.last_us / i.max(1)) as usize,
            None => 0,
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new()
    }
}

fn magnitude(mut v: u64, max: u32) -> u32 {
    let mut m = 0;
    for _ in 0..max {
        m += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    m
}

/// A label centred in a header cell as tshark centres it.
fn center(out: &mut String, label: &str, width: usize) {
    let diff = width.saturating_sub(label.len());
    let pad = diff / 2 + 1;
    if (1..=5).contains(&pad) {
        let left = pad + diff % 2;
        crate::push_fmt!(out, "{}{label}{}|", " ".repeat(left), " ".repeat(pad));
    }
}

/// `secs.frac` with `prec` decimals (truncated), as tshark prints a time.
fn secs_text(us: u64, prec: u32) -> String {
    if prec == 0 {
        return format!("{}", us / 1_000_000);
    }
    let dv = 10u64.pow(6 - prec);
    format!(
        "{}.{:0p$}",
        us / 1_000_000,
        (us % 1_000_000) / dv,
        p = prec as usize
    )
}

/// `-z io,stat` in tshark's layout. `elapsed_ns` is the capture's duration (its latest
/// frame's time since the first).
pub fn text(
    interval: Interval,
    cols: &[Column],
    series: &[Series],
    kinds: &[Kind],
    elapsed_ns: i64,
) -> String {
    let t = Table::new(interval, cols, series, kinds, elapsed_ns);
    let b = t.border;
    let mut out = String::new();
    t.heading(&mut out);
    let filler = (t.tabrow < b).then(|| format!("{:>w$}", "|", w = b - t.tabrow));
    t.column_heads(&mut out, filler.as_deref());
    t.rows(&mut out, filler.as_deref());
    out.push_str(&"=".repeat(b));
    out.push('\n');
    out
}

/// A column's widths: of its frame count and of its value.
struct W {
    fr: usize,
    val: usize,
}

/// The IO statistics table as tshark lays it out: the duration and interval rounded to the
/// precision shown, and each column's width.
struct Table<'a> {
    cols: &'a [Column],
    series: &'a [Series],
    kinds: &'a [Kind],
    elapsed_ns: u64,
    /// The capture's duration and the interval, in microseconds (rounded as shown).
    duration: u64,
    invl: u64,
    /// Decimals of the interval column.
    prec: u32,
    dur_mag: u32,
    /// Microseconds per last decimal shown.
    dv: u64,
    invl_col_w: usize,
    widths: Vec<W>,
    /// The width of a table row.
    tabrow: usize,
    /// The width of the box.
    border: usize,
}

impl<'a> Table<'a> {
    fn new(
        interval: Interval,
        cols: &'a [Column],
        series: &'a [Series],
        kinds: &'a [Kind],
        elapsed_ns: i64,
    ) -> Self {
        let elapsed_ns = elapsed_ns.max(0) as u64;
        let mut duration = (elapsed_ns + 500) / 1000;
        let whole = interval.us.is_none_or(|i| i > duration);
        let mut invl = if whole {
            duration
        } else {
            interval.us.unwrap_or(duration)
        };
        let mut dur_mag = magnitude(duration / 1_000_000, 5);
        let invl_mag = magnitude(invl / 1_000_000, 5);
        let frac = |p: u32| if p == 0 { 0 } else { p + 1 };
        let (prec, border) = if invl == duration {
            let p = match dur_mag {
                m if m >= 2 => 1,
                1 => 3,
                _ => 6,
            };
            (p, 30 + dur_mag + frac(p))
        } else {
            let p = interval.prec;
            (p, 25 + invl_mag.max(dur_mag) + frac(p))
        };
        let dv = 10u64.pow(6 - prec.min(6));
        if duration % dv > 5 * (dv / 10) {
            duration += 5 * (dv / 10);
            duration = duration / dv * dv;
            dur_mag = magnitude(duration / 1_000_000, 5);
        }
        if whole {
            invl = duration;
        }
        let mut invl_col_w = if prec == 0 {
            2 * dur_mag + 8
        } else {
            2 * dur_mag + 2 * prec + 10
        } as usize;
        invl_col_w = invl_col_w.max(12);

        // column widths
        let mut widths = Vec::new();
        let mut tabrow = invl_col_w;
        for (j, c) in cols.iter().enumerate() {
            let cells = series.get(j).map_or(&[][..], |s| &s.cells[..]);
            let kind = kinds.get(j).copied().unwrap_or(Kind::Int);
            let max_frames = cells.iter().map(|c| c.frames).max().unwrap_or(0);
            let max_val: u64 = cells
                .iter()
                .map(|x| max_value(&c.calc, kind, x))
                .max()
                .unwrap_or(0);
            let w = match &c.calc {
                Calc::FramesAndBytes => W {
                    fr: magnitude(max_frames, 15).max(6) as usize,
                    val: magnitude(max_val, 15).max(5) as usize,
                },
                Calc::Frames => W {
                    fr: magnitude(max_frames, 15).max(6) as usize,
                    val: 0,
                },
                Calc::Bytes | Calc::Count(_) => W {
                    fr: 0,
                    val: magnitude(max_val, 15).max(5) as usize,
                },
                calc => {
                    let v = match kind {
                        Kind::Float | Kind::Time => magnitude(max_val, 15) as usize + 7,
                        Kind::Int => (magnitude(max_val, 15) as usize).max(calc.name().len()),
                    };
                    W { fr: 0, val: v }
                }
            };
            tabrow += match c.calc {
                Calc::FramesAndBytes => w.fr + w.val + 6,
                Calc::Frames => w.fr + 3,
                _ => w.val + 3,
            };
            widths.push(w);
        }
        let mut border_len = (border as usize).max(tabrow);
        let maxfltr = cols
            .iter()
            .map(|c| c.spec.as_ref().map_or(26, |f| f.len() + 11))
            .max()
            .unwrap_or(0);
        if maxfltr > border_len && border_len < 102 {
            border_len = maxfltr.min(102);
        }
        if border_len == tabrow + 1 {
            border_len += 1;
        }
        Table {
            cols,
            series,
            kinds,
            elapsed_ns,
            duration,
            invl,
            prec,
            dur_mag,
            dv,
            invl_col_w,
            widths,
            tabrow,
            border: border_len,
        }
    }

    /// The box's title, duration, interval and column descriptions.
    fn heading(&self, out: &mut String) {
        let (b, prec, elapsed_ns, invl) = (self.border, self.prec, self.elapsed_ns, self.invl);
        let cols = self.cols;
        let frac = |p: u32| if p == 0 { 0 } else { p + 1 };
        let pad_to = |s: &mut String| {
            let w = b.saturating_sub(s.chars().count());
            crate::push_fmt!(s, "{:>w$}", "|", w = w);
        };
        out.push('\n');
        out.push_str(&"=".repeat(b));
        crate::push_fmt!(out, "\n|{:<w$}|\n", " IO Statistics", w = b - 2);
        crate::push_fmtln!(out, "|{:<w$}|", "", w = b - 2);
        // the duration: microseconds when the interval has no decimals
        let dur_prec = if prec == 0 { 6 } else { prec };
        let ddv = 10u64.pow(9 - dur_prec);
        let rounded_ns = (elapsed_ns + ddv / 2) / ddv * ddv;
        // (tshark 4.0 pads the microseconds of a whole-second interval with spaces)
        let dur_text = if prec == 0 {
            let us = rounded_ns / 1000;
            format!("{}.{:>6}", us / 1_000_000, us % 1_000_000)
        } else {
            secs_text(rounded_ns / 1000, dur_prec)
        };
        // tshark pads these two lines for the width it expects, even when the number is wider
        let mag = magnitude(elapsed_ns / 1_000_000_000, 5) as usize;
        let fixed = |out: &mut String, label: &str, text: &str, expect: usize| {
            crate::push_fmt!(out, "| {label}: {text:>expect$} secs");
            let pad = b as i64 - (17 + expect) as i64;
            if pad >= 0 {
                crate::push_fmtln!(out, "{:>w$}", "|", w = pad as usize);
            } else {
                crate::push_fmtln!(out, "{:<w$}", "|", w = (-pad) as usize);
            }
        };
        fixed(
            out,
            "Duration",
            &dur_text,
            mag + if prec == 0 { 7 } else { prec as usize + 1 },
        );
        fixed(
            out,
            "Interval",
            &secs_text(invl, prec),
            mag + frac(prec) as usize,
        );
        crate::push_fmtln!(out, "|{:<w$}|", "", w = b - 2);
        for (j, c) in cols.iter().enumerate() {
            let mut line = if j == 0 {
                format!("| Col {}: ", j + 1)
            } else {
                format!("|     {}: ", j + 1)
            };
            match &c.spec {
                None => line.push_str("Frames and bytes"),
                Some(f) => {
                    let max_w = b.saturating_sub(11).max(1);
                    let mut rest = f.as_str();
                    while rest.len() > max_w {
                        let head = &rest.as_bytes()[..max_w];
                        let (len, next) = match head.iter().rposition(|&c| c == b' ') {
                            Some(p) => (p, p + 1),
                            None => (max_w, max_w),
                        };
                        if !rest.is_char_boundary(len) || !rest.is_char_boundary(next) {
                            break;
                        }
                        line.push_str(&rest[..len]);
                        pad_to(&mut line);
                        out.push_str(&line);
                        out.push('\n');
                        line = "|         ".to_string();
                        rest = &rest[next..];
                    }
                    line.push_str(rest);
                }
            }
            pad_to(&mut line);
            out.push_str(&line);
            out.push('\n');
        }
        crate::push_fmtln!(out, "|-{}|", "-".repeat(b - 3));
    }

    /// The two header rows: column numbers, then what each shows.
    fn column_heads(&self, out: &mut String, filler: Option<&str>) {
        let (cols, widths, invl_col_w, tabrow) =
            (self.cols, &self.widths, self.invl_col_w, self.tabrow);
        crate::push_fmt!(out, "|{:>w$}", "|", w = invl_col_w - 1);
        for (j, c) in cols.iter().enumerate() {
            let w = &widths[j];
            let pad = match c.calc {
                Calc::FramesAndBytes => w.fr + w.val + 3,
                Calc::Frames => w.fr,
                _ => w.val,
            };
            crate::push_fmt!(out, "{:<2}{}|", j + 1, " ".repeat(pad));
        }
        if let Some(f) = filler {
            out.push_str(f);
        }
        out.push('\n');
        crate::push_fmt!(out, "| Interval{:>w$}", "|", w = invl_col_w - 10);
        for (j, c) in cols.iter().enumerate() {
            let w = &widths[j];
            match c.calc {
                Calc::FramesAndBytes => {
                    center(out, "Frames", w.fr);
                    center(out, "Bytes", w.val);
                }
                Calc::Frames => center(out, "FRAMES", w.fr),
                ref calc => center(out, calc.name(), w.val),
            }
        }
        if let Some(f) = filler {
            out.push_str(f);
        }
        crate::push_fmt!(out, "\n|-{}|", "-".repeat(tabrow - 3));
        if let Some(f) = filler {
            out.push_str(f);
        }
        out.push('\n');
    }

    /// A row per interval.
    fn rows(&self, out: &mut String, filler: Option<&str>) {
        let (cols, widths, series, kinds) = (self.cols, &self.widths, self.series, self.kinds);
        let (duration, invl, prec, dur_mag, dv) =
            (self.duration, self.invl, self.prec, self.dur_mag, self.dv);
        let dm = dur_mag as usize;
        let rows = if invl == 0 || duration == 0 {
            0
        } else {
            duration / invl + u64::from(!duration.is_multiple_of(invl))
        };
        let mut t = 0u64;
        for i in 0..rows {
            let last = i + 1 == rows;
            let end = if last { duration } else { t + invl };
            if prec == 0 {
                let (lp, rp) = if dur_mag == 1 {
                    ("  ", "  ")
                } else {
                    (" ", " ")
                };
                if last {
                    let maxw = if dur_mag >= 3 { dm + 1 } else { 3 };
                    crate::push_fmt!(
                        out,
                        "| {}{:>dm$} <> {:<maxw$}|",
                        if dur_mag == 1 { " " } else { "" },
                        t / 1_000_000,
                        "Dur"
                    );
                } else {
                    crate::push_fmt!(
                        out,
                        "|{lp}{:>dm$} <> {:>dm$}{rp}|",
                        t / 1_000_000,
                        end / 1_000_000
                    );
                }
            } else {
                let p = prec as usize;
                crate::push_fmt!(
                    out,
                    "| {:>dm$}.{:0p$} <> {:>dm$}.{:0p$} |",
                    t / 1_000_000,
                    (t % 1_000_000) / dv,
                    end / 1_000_000,
                    (end % 1_000_000) / dv
                );
            }
            for (j, c) in cols.iter().enumerate() {
                let w = &widths[j];
                let kind = kinds.get(j).copied().unwrap_or(Kind::Int);
                let cell = series
                    .get(j)
                    .and_then(|s| s.cells.get(i as usize))
                    .copied()
                    .unwrap_or_default();
                cell_text(out, &c.calc, kind, &cell, w.fr, w.val);
            }
            if let Some(f) = filler {
                out.push_str(f);
            }
            out.push('\n');
            t += invl;
        }
    }
}

/// The number a cell contributes to its column's width.
fn max_value(calc: &Calc, kind: Kind, c: &Cell) -> u64 {
    let clamp = |v: i128| v.clamp(0, u64::MAX as i128) as u64;
    match (calc, kind) {
        (Calc::FramesAndBytes | Calc::Frames | Calc::Bytes | Calc::Count(_), _) => clamp(c.counter),
        (Calc::Avg(_), _) if c.num == 0 => 0,
        (Calc::Avg(_), Kind::Float) => (c.float / c.num as f64) as u64,
        (Calc::Avg(_), Kind::Time) => {
            clamp((c.counter / c.num as i128 + 500_000_000) / 1_000_000_000)
        }
        (Calc::Avg(_), Kind::Int) => clamp(c.counter / c.num as i128),
        (_, Kind::Float) => (c.float + 0.5) as u64,
        (_, Kind::Time) => clamp((c.counter + 500_000_000) / 1_000_000_000),
        (_, Kind::Int) => clamp(c.counter),
    }
}

fn cell_text(out: &mut String, calc: &Calc, kind: Kind, c: &Cell, fr: usize, val: usize) {
    let time = |out: &mut String, ns: i128| {
        let us = (ns + 500) / 1000;
        crate::push_fmt!(
            out,
            " {:>w$}.{:06} |",
            us / 1_000_000,
            us % 1_000_000,
            w = val.saturating_sub(7)
        );
    };
    match (calc, kind) {
        (Calc::FramesAndBytes, _) => {
            crate::push_fmt!(out, " {:>fr$} | {:>val$} |", c.frames, c.counter);
        }
        (Calc::Frames, _) => {
            crate::push_fmt!(out, " {:>fr$} |", c.frames);
        }
        (Calc::Bytes | Calc::Count(_), _) => {
            crate::push_fmt!(out, " {:>val$} |", c.counter);
        }
        (Calc::Avg(_), k) => {
            let num = c.num.max(1);
            match k {
                Kind::Float => {
                    crate::push_fmt!(out, " {:>w$.6} |", c.float / num as f64, w = val - 7);
                }
                Kind::Time => time(out, c.counter / num as i128),
                Kind::Int => {
                    crate::push_fmt!(out, " {:>val$} |", c.counter / num as i128);
                }
            }
        }
        (_, Kind::Float) => {
            crate::push_fmt!(out, " {:>w$.6} |", c.float, w = val - 7);
        }
        (_, Kind::Time) => time(out, c.counter),
        (_, Kind::Int) => {
            crate::push_fmt!(out, " {:>val$} |", c.counter);
        }
    }
}

/// A computed I/O statistic.
#[derive(Clone, Debug)]
pub struct IoStat {
    pub interval: Interval,
    pub cols: Vec<Column>,
    pub series: Vec<Series>,
    pub kinds: Vec<Kind>,
    /// The latest frame's time since the first.
    pub elapsed_ns: i64,
}

impl IoStat {
    pub fn text(&self) -> String {
        text(
            self.interval,
            &self.cols,
            &self.series,
            &self.kinds,
            self.elapsed_ns,
        )
    }
}

/// Parses `INTERVAL[,COLUMN…]` (the options after `io,stat,`).
pub fn parse(opts: &[&str]) -> Result<(Interval, Vec<Column>), String> {
    let (first, rest) = opts.split_first().ok_or("io,stat needs an interval")?;
    let interval = Interval::parse(first)?;
    let mut cols = rest
        .iter()
        .map(|c| Column::parse(c))
        .collect::<Result<Vec<_>, _>>()?;
    if cols.is_empty() {
        cols.push(Column::parse("")?);
    }
    for c in &cols {
        if let Some(f) = &c.filter {
            crate::filter::Filter::compile(f).map_err(|e| e.to_string())?;
        }
    }
    Ok((interval, cols))
}

/// The most cells (intervals times columns) a statistic keeps: a capture whose timestamps jump
/// years ahead, asked for one-second intervals, would otherwise need gigabytes.
pub const MAX_CELLS: u64 = 4_000_000;

/// Computes every column over the whole capture; an error, before anything is counted, when
/// the capture's duration holds more intervals than [`MAX_CELLS`] allows.
pub fn compute(
    cf: &crate::capture::file::CaptureFile,
    an: &crate::analysis::Analysis,
    interval: Interval,
    cols: Vec<Column>,
) -> anyhow::Result<IoStat> {
    let filters = cols
        .iter()
        .map(|c| {
            c.filter
                .as_deref()
                .map(crate::filter::Filter::compile)
                .transpose()
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut evals: Vec<_> = filters
        .iter()
        .map(|f| {
            f.as_ref()
                .map(|f| crate::filter::fast::FrameEval::scanning(an, f))
        })
        .collect();
    let kinds: Vec<Kind> = cols
        .iter()
        .map(|c| c.calc.field().map_or(Kind::Int, field_kind))
        .collect();
    let t0 = an.frames.first().map_or(0, |r| r.ts_ns);
    if let Some(us) = interval.us {
        let last_us = an
            .frames
            .iter()
            .map(|r| (r.ts_ns - t0).max(0) as u64)
            .max()
            .unwrap_or(0)
            .div_ceil(1000);
        let intervals = last_us / us.max(1) + 1;
        if intervals.saturating_mul(cols.len().max(1) as u64) > MAX_CELLS {
            anyhow::bail!(
                "the capture spans {} s: {intervals} intervals of {} s are more than this \
                 statistic keeps ({MAX_CELLS} intervals times columns); choose a longer interval",
                last_us / 1_000_000,
                secs_text(us, 6)
            );
        }
    }
    let needs_tree = cols.iter().any(|c| c.calc.field().is_some());
    let src = if needs_tree {
        Some(crate::capture::file::PacketSource::new(cf)?)
    } else {
        None
    };
    let mut series = vec![Series::default(); cols.len()];
    let mut clock = Clock::new();
    let mut elapsed = 0i64;
    let mut buf = Vec::new();
    let mut values: Vec<(i128, f64)> = Vec::new();
    for (i, ref rec) in an.frames.iter().enumerate() {
        let frame = i as u32 + 1;
        let rel = rec.ts_ns - t0;
        elapsed = elapsed.max(rel);
        let bucket = clock.bucket(rel, interval.us);
        let mut dis = None;
        for (j, c) in cols.iter().enumerate() {
            if let Some(e) = evals[j].as_mut() {
                if !e.matches(frame) {
                    continue;
                }
            }
            values.clear();
            if let (Some(field), Some(src)) = (c.calc.field(), src.as_ref()) {
                if dis.is_none() {
                    src.read(rec, &mut buf)?;
                    dis = Some(crate::dissect::dissect_with(
                        rec,
                        frame,
                        &buf,
                        an,
                        crate::dissect::Labels::Skipped,
                    ));
                }
                if let Some(d) = &dis {
                    values.extend(d.tree.values(field).into_iter().filter_map(numeric));
                }
            }
            let s = Sample {
                len: rec.origlen,
                values: &values,
            };
            series[j].add(&c.calc, kinds[j], bucket, &s);
        }
    }
    Ok(IoStat {
        interval,
        cols,
        series,
        kinds,
        elapsed_ns: elapsed,
    })
}

/// An SVG drawing (the I/O graph's) as PNG.
pub fn svg_to_png(svg: &str) -> anyhow::Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow::anyhow!("the graph is too large for an image"))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    Ok(pixmap.encode_png()?)
}
