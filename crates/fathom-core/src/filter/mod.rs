//! Wireshark's display filter language: parse, type-check against the field registry, and
//! evaluate over frames (from the first pass's tables when it can, else from the full tree).

pub mod fast;
pub mod parse;
pub mod value;

use crate::analysis::Analysis;
use crate::dissect::fields::{self, FieldKind};
use parse::{Error, Expr, Operand, Parser, SetItem, Slice};
use value::{Const, V};

/// A compiled filter.
#[derive(Clone, Debug)]
pub struct Filter {
    pub text: String,
    expr: CExpr,
    /// Every field the filter reads (to decide whether the fast path can serve it).
    pub fields: Vec<String>,
}

#[derive(Clone, Debug)]
enum CExpr {
    And(Vec<CExpr>),
    Or(Vec<CExpr>),
    Xor(Vec<CExpr>),
    Not(Box<CExpr>),
    Test(COp),
    Cmp(&'static str, COp, CRhs),
    Contains(COp, CRhs),
    Matches(COp, regex::Regex),
    In(COp, Vec<(Const, Option<Const>)>),
}

#[derive(Clone, Debug)]
enum CRhs {
    Const(Const),
    Op(COp),
}

/// A compiled operand: a field (with slice), a function of one, or a bitwise AND.
#[derive(Clone, Debug)]
pub enum COp {
    Field {
        /// resolved once, when the filter is compiled
        id: fields::FieldId,
        kind: FieldKind,
        slice: Option<Slice>,
    },
    Len(Box<COp>),
    Count(Box<COp>),
    Lower(Box<COp>),
    Upper(Box<COp>),
    BitAnd(Box<COp>, u64),
}

impl COp {
    /// The type the operand produces, as a registry kind.
    fn kind(&self) -> FieldKind {
        match self {
            COp::Field {
                kind,
                slice: Some(_),
                ..
            } if *kind != FieldKind::FT_STRING => FieldKind::FT_BYTES,
            COp::Field { kind, .. } => *kind,
            COp::Len(_) | COp::Count(_) => FieldKind::FT_UINT32,
            COp::Lower(_) | COp::Upper(_) => FieldKind::FT_STRING,
            COp::BitAnd(..) => FieldKind::FT_UINT64,
        }
    }
}

/// Where a filter reads field values from.
pub trait Source {
    /// Appends the values of `field` in this frame. Returns false when this source cannot
    /// answer for this field (the caller then uses the full dissection).
    fn values(&mut self, field: fields::FieldId, out: &mut Vec<V>) -> bool;
}

/// Edit distance, or None when it is surely over `max` (the lengths alone tell), so a very
/// long unknown name costs nothing.
fn levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let v = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            cur.push(v);
        }
        prev = cur;
    }
    Some(prev[b.len()]).filter(|d| *d <= max)
}

/// The registered field closest to an unknown name.
pub fn suggest(name: &str) -> Option<&'static str> {
    // a field the name begins is the likeliest meaning
    if let Some(p) = fields::all()
        .iter()
        .map(|f| f.abbrev)
        .filter(|a| a.starts_with(name))
        .min_by_key(|a| a.len())
    {
        return Some(p);
    }
    let max = 3.max(name.len() / 4);
    fields::all()
        .iter()
        .filter_map(|f| Some((levenshtein(name, f.abbrev, max)?, f.abbrev)))
        .min()
        .map(|(_, a)| a)
}

impl Filter {
    pub fn compile(text: &str) -> Result<Filter, Error> {
        let e = Parser::new(text)?.parse()?;
        let mut fields = Vec::new();
        let expr = compile(&e, &mut fields)?;
        fields.sort();
        fields.dedup();
        Ok(Filter {
            text: text.to_string(),
            expr,
            fields,
        })
    }

    /// Whether every protocol name in the filter is only tested for presence (so a source
    /// may answer protocol fields without their bytes).
    pub fn protocols_presence_only(&self) -> bool {
        fn op_ok(o: &COp, test: bool) -> bool {
            match o {
                COp::Field { kind, slice, .. } => {
                    *kind != FieldKind::FT_PROTOCOL || (test && slice.is_none())
                }
                COp::Len(a) | COp::Count(a) | COp::Lower(a) | COp::Upper(a) | COp::BitAnd(a, _) => {
                    op_ok(a, false)
                }
            }
        }
        fn rhs_ok(r: &CRhs) -> bool {
            match r {
                CRhs::Const(_) => true,
                CRhs::Op(o) => op_ok(o, false),
            }
        }
        fn ok(e: &CExpr) -> bool {
            match e {
                CExpr::And(v) | CExpr::Or(v) | CExpr::Xor(v) => v.iter().all(ok),
                CExpr::Not(a) => ok(a),
                CExpr::Test(o) => op_ok(o, true),
                CExpr::Cmp(_, o, r) | CExpr::Contains(o, r) => op_ok(o, false) && rhs_ok(r),
                CExpr::Matches(o, _) | CExpr::In(o, _) => op_ok(o, false),
            }
        }
        ok(&self.expr)
    }

    /// Evaluates the filter for one frame from a source.
    pub fn matches(&self, src: &mut dyn Source) -> Option<bool> {
        eval(&self.expr, src)
    }
}

fn compile(e: &Expr, fields: &mut Vec<String>) -> Result<CExpr, Error> {
    Ok(match e {
        Expr::And(v) => CExpr::And(compile_all(v, fields)?),
        Expr::Or(v) => CExpr::Or(compile_all(v, fields)?),
        Expr::Xor(v) => CExpr::Xor(compile_all(v, fields)?),
        Expr::Not(a) => CExpr::Not(Box::new(compile(a, fields)?)),
        Expr::Test(o) => CExpr::Test(operand(o, fields)?),
        Expr::Cmp(op, l, r) => {
            let (l, r) = match (is_value(l), is_value(r)) {
                (true, false) => (r, l),
                _ => (l, r),
            };
            let lc = operand(l, fields)?;
            // a word that is no field on the right is a value for the left's type
            let r_owned;
            let r = match r {
                Operand::Field {
                    name,
                    pos,
                    slice: None,
                } if fields::find(name).is_none() => {
                    r_owned = Operand::Literal(name.clone(), *pos);
                    &r_owned
                }
                other => other,
            };
            let rc = rhs(r, lc.kind(), fields)?;
            if let CRhs::Const(_) = &rc {
                check_order(op, &lc, l)?;
            }
            CExpr::Cmp(op, lc, rc)
        }
        Expr::Contains(l, r) => {
            let lc = operand(l, fields)?;
            let k = lc.kind();
            let rk = if k == FieldKind::FT_STRING {
                FieldKind::FT_STRING
            } else {
                FieldKind::FT_BYTES
            };
            use FieldKind::{FT_BYTES, FT_ETHER, FT_PROTOCOL, FT_STRING};
            if !matches!(k, FT_STRING | FT_BYTES | FT_PROTOCOL | FT_ETHER) {
                return Err(Error {
                    pos: op_pos(l),
                    msg: format!(
                        "\"contains\" needs a string, bytes or protocol field; {} is {}",
                        op_name(l),
                        kind_word(k)
                    ),
                });
            }
            CExpr::Contains(lc, rhs(r, rk, fields)?)
        }
        Expr::Matches(l, r) => {
            let lc = operand(l, fields)?;
            let pat = match r {
                Operand::Str(s, _) | Operand::Literal(s, _) => s.clone(),
                other => {
                    return Err(Error {
                        pos: op_pos(other),
                        msg: "\"matches\" needs a quoted regular expression".into(),
                    })
                }
            };
            let re = regex::RegexBuilder::new(&pat)
                .case_insensitive(true)
                .build()
                .map_err(|e| Error {
                    pos: op_pos(r),
                    msg: format!("bad regular expression: {e}"),
                })?;
            CExpr::Matches(lc, re)
        }
        Expr::In(l, items) => {
            let lc = operand(l, fields)?;
            let k = lc.kind();
            let mut set = Vec::new();
            for it in items {
                match it {
                    SetItem::One(o) => set.push((constant(o, k)?, None)),
                    SetItem::Range(a, b) => set.push((constant(a, k)?, Some(constant(b, k)?))),
                }
            }
            CExpr::In(lc, set)
        }
    })
}

fn compile_all(v: &[Expr], fields: &mut Vec<String>) -> Result<Vec<CExpr>, Error> {
    v.iter().map(|e| compile(e, fields)).collect()
}

fn is_value(o: &Operand) -> bool {
    matches!(o, Operand::Literal(..) | Operand::Str(..))
}

fn op_pos(o: &Operand) -> usize {
    match o {
        Operand::Field { pos, .. }
        | Operand::Literal(_, pos)
        | Operand::Str(_, pos)
        | Operand::Func { pos, .. } => *pos,
        Operand::BitAnd(a, _) => op_pos(a),
    }
}

fn op_name(o: &Operand) -> String {
    match o {
        Operand::Field { name, .. } => name.clone(),
        Operand::Func { name, .. } => format!("{name}()"),
        Operand::Literal(s, _) | Operand::Str(s, _) => format!("\"{s}\""),
        Operand::BitAnd(a, _) => op_name(a),
    }
}

fn kind_word(k: FieldKind) -> &'static str {
    use FieldKind::*;
    match k {
        FT_STRING => "a string",
        FT_BYTES => "a byte sequence",
        FT_PROTOCOL => "a protocol",
        FT_NONE => "a label with no value",
        FT_BOOLEAN => "a boolean",
        FT_IPv4 => "an IPv4 address",
        FT_IPv6 => "an IPv6 address",
        FT_ETHER => "an Ethernet address",
        FT_RELATIVE_TIME | FT_ABSOLUTE_TIME => "a time",
        FT_FRAMENUM => "a frame number",
        FT_UINT8 | FT_UINT16 | FT_UINT24 | FT_UINT32 | FT_UINT64 | FT_INT16 | FT_INT32
        | FT_DOUBLE => "a number",
    }
}

fn operand(o: &Operand, fields: &mut Vec<String>) -> Result<COp, Error> {
    match o {
        Operand::Field { name, pos, slice } => {
            let Some(id) = fields::lookup(name) else {
                let hint = suggest(name).map(|s| format!("; did you mean \"{s}\"?")).unwrap_or_default();
                return Err(Error { pos: *pos, msg: format!("\"{name}\" is not a valid protocol or field name{hint}") });
            };
            let def = id.def();
            if slice.is_some() && (matches!(def.kind, FieldKind::FT_NONE | FieldKind::FT_BOOLEAN) || def.kind.is_uint()) {
                return Err(Error { pos: *pos, msg: format!("\"{name}\" ({}) cannot be sliced", kind_word(def.kind)) });
            }
            fields.push(name.clone());
            Ok(COp::Field { id, kind: def.kind, slice: *slice })
        }
        Operand::Func { name, arg, pos } => {
            let a = operand(arg, fields)?;
            Ok(match name.as_str() {
                "len" => COp::Len(Box::new(a)),
                "count" => COp::Count(Box::new(a)),
                "lower" | "upper" => {
                    if a.kind() != FieldKind::FT_STRING {
                        return Err(Error { pos: *pos, msg: format!("{name}() needs a string field") });
                    }
                    if name == "lower" {
                        COp::Lower(Box::new(a))
                    } else {
                        COp::Upper(Box::new(a))
                    }
                }
                _ => return Err(Error { pos: *pos, msg: format!("unknown function {name}()") }),
            })
        }
        Operand::BitAnd(a, m) => {
            let a = operand(a, fields)?;
            if !(a.kind().is_uint() || a.kind().is_int() || a.kind() == FieldKind::FT_BOOLEAN) {
                return Err(Error { pos: op_pos(o), msg: "the bitwise \"&\" needs a number field".into() });
            }
            let mask = match constant(m, FieldKind::FT_UINT64)? {
                Const::U(v) => v,
                _ => return Err(Error { pos: op_pos(m), msg: "the bitwise \"&\" needs a number".into() }),
            };
            Ok(COp::BitAnd(Box::new(a), mask))
        }
        Operand::Literal(w, pos) => Err(Error {
            pos: *pos,
            msg: match suggest(w) {
                Some(s) if w.contains('.') => format!("\"{w}\" is not a valid protocol or field name; did you mean \"{s}\"?"),
                _ => format!("\"{w}\" is a value, not a field: compare it with a field, e.g. tcp.port == {w}"),
            },
        }),
        Operand::Str(_, pos) => Err(Error { pos: *pos, msg: "a string alone is not a test: compare it with a field".into() }),
    }
}

fn rhs(o: &Operand, kind: FieldKind, fields: &mut Vec<String>) -> Result<CRhs, Error> {
    match o {
        Operand::Literal(..) | Operand::Str(..) => Ok(CRhs::Const(constant(o, kind)?)),
        _ => Ok(CRhs::Op(operand(o, fields)?)),
    }
}

fn constant(o: &Operand, kind: FieldKind) -> Result<Const, Error> {
    let (text, pos, quoted) = match o {
        Operand::Literal(s, p) => (s.as_str(), *p, false),
        Operand::Str(s, p) => (s.as_str(), *p, true),
        other => {
            return Err(Error {
                pos: op_pos(other),
                msg: "expected a value here".into(),
            })
        }
    };
    Const::parse(text, kind, quoted).map_err(|m| Error { pos, msg: m })
}

fn check_order(op: &str, l: &COp, lo: &Operand) -> Result<(), Error> {
    if matches!(op, "<" | ">" | "<=" | ">=")
        && matches!(l.kind(), FieldKind::FT_NONE | FieldKind::FT_PROTOCOL)
    {
        return Err(Error {
            pos: op_pos(lo),
            msg: format!("{} cannot be ordered", op_name(lo)),
        });
    }
    Ok(())
}

/// Values of an operand in a frame; None when the source cannot answer.
fn values(o: &COp, src: &mut dyn Source, out: &mut Vec<V>) -> Option<()> {
    match o {
        COp::Field { id, slice, .. } => {
            let mut raw = Vec::new();
            if !src.values(*id, &mut raw) {
                return None;
            }
            match slice {
                None => out.extend(raw),
                Some(s) => out.extend(raw.into_iter().filter_map(|v| v.slice(*s))),
            }
        }
        COp::Len(a) => {
            let mut v = Vec::new();
            values(a, src, &mut v)?;
            out.extend(v.iter().map(|x| V::U(x.len() as u64)));
        }
        COp::Count(a) => {
            let mut v = Vec::new();
            values(a, src, &mut v)?;
            out.push(V::U(v.len() as u64));
        }
        COp::Lower(a) | COp::Upper(a) => {
            let mut v = Vec::new();
            values(a, src, &mut v)?;
            let up = matches!(o, COp::Upper(_));
            out.extend(v.into_iter().map(|x| match x {
                V::S(s) => V::S(if up {
                    s.to_uppercase()
                } else {
                    s.to_lowercase()
                }),
                other => other,
            }));
        }
        COp::BitAnd(a, m) => {
            let mut v = Vec::new();
            values(a, src, &mut v)?;
            out.extend(
                v.into_iter()
                    .filter_map(|x| x.as_u64().map(|u| V::U(u & m))),
            );
        }
    }
    Some(())
}

fn eval(e: &CExpr, src: &mut dyn Source) -> Option<bool> {
    Some(match e {
        CExpr::And(v) => {
            for e in v {
                if !eval(e, src)? {
                    return Some(false);
                }
            }
            true
        }
        CExpr::Or(v) => {
            for e in v {
                if eval(e, src)? {
                    return Some(true);
                }
            }
            false
        }
        CExpr::Xor(v) => {
            let mut x = false;
            for e in v {
                x ^= eval(e, src)?;
            }
            x
        }
        CExpr::Not(a) => !eval(a, src)?,
        CExpr::Test(o) => {
            let mut v = Vec::new();
            values(o, src, &mut v)?;
            match o {
                COp::BitAnd(..) => v.iter().any(|x| x.as_u64().is_some_and(|u| u != 0)),
                _ => !v.is_empty(),
            }
        }
        CExpr::Cmp(op, l, r) => {
            let mut lv = Vec::new();
            values(l, src, &mut lv)?;
            let rv: Vec<V> = match r {
                CRhs::Const(c) => {
                    return Some(if *op == "!=" {
                        !lv.is_empty() && lv.iter().all(|x| !x.eq_const(c))
                    } else {
                        lv.iter().any(|x| x.cmp_const(op, c))
                    });
                }
                CRhs::Op(o) => {
                    let mut v = Vec::new();
                    values(o, src, &mut v)?;
                    v
                }
            };
            if *op == "!=" {
                !lv.is_empty() && !rv.is_empty() && lv.iter().all(|x| rv.iter().all(|y| !x.eq_v(y)))
            } else {
                lv.iter().any(|x| rv.iter().any(|y| x.cmp_v(op, y)))
            }
        }
        CExpr::Contains(l, r) => {
            let mut lv = Vec::new();
            values(l, src, &mut lv)?;
            match r {
                CRhs::Const(c) => lv.iter().any(|x| x.contains_const(c)),
                CRhs::Op(o) => {
                    let mut rv = Vec::new();
                    values(o, src, &mut rv)?;
                    lv.iter().any(|x| rv.iter().any(|y| x.contains_v(y)))
                }
            }
        }
        CExpr::Matches(l, re) => {
            let mut lv = Vec::new();
            values(l, src, &mut lv)?;
            lv.iter().any(|x| re.is_match(&x.as_text()))
        }
        CExpr::In(l, set) => {
            let mut lv = Vec::new();
            values(l, src, &mut lv)?;
            lv.iter().any(|x| {
                set.iter().any(|(a, b)| match b {
                    None => x.eq_const(a),
                    Some(b) => x.cmp_const(">=", a) && x.cmp_const("<=", b),
                })
            })
        }
    })
}

/// Applies a filter to every frame of an analysed capture, on `threads` worker threads.
/// Returns the matching frame numbers in order. `progress` is called with frames done.
/// The frames in `from..=to` that match, in order (a live capture's new frames).
pub fn apply_range(filter: &Filter, an: &Analysis, from: u32, to: u32) -> Vec<u32> {
    let mut ev = fast::FrameEval::scanning(an, filter);
    let to = to.min(an.frames.len() as u32);
    (from.max(1)..=to).filter(|&f| ev.matches(f)).collect()
}

pub fn apply(
    filter: &Filter,
    an: &Analysis,
    threads: usize,
    cancel: &std::sync::atomic::AtomicBool,
    progress: &(dyn Fn(u32) + Sync),
) -> Vec<u32> {
    use std::sync::atomic::{AtomicU32, Ordering};
    let n = an.frames.len() as u32;
    let threads = threads.max(1) as u32;
    let done = AtomicU32::new(0);
    let chunk = n.div_ceil(threads).max(1);
    let mut parts: Vec<Vec<u32>> = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (done, cancel) = (&done, cancel);
                s.spawn(move || {
                    let mut out = Vec::new();
                    let mut ev = fast::FrameEval::scanning(an, filter);
                    let (a, b) = (t * chunk + 1, ((t + 1) * chunk).min(n));
                    for f in a..=b {
                        if f % 4096 == 0 {
                            if cancel.load(Ordering::Relaxed) {
                                break;
                            }
                            let d = done.fetch_add(4096, Ordering::Relaxed) + 4096;
                            progress(d);
                        }
                        if ev.matches(f) {
                            out.push(f);
                        }
                    }
                    out
                })
            })
            .collect();
        for h in handles {
            parts.push(h.join().unwrap_or_default());
        }
    });
    parts.concat()
}
