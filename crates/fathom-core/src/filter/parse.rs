//! Display filter syntax: tokens and the expression tree, with positions for error messages.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An unquoted word: a field name or a literal (number, address, bytes…).
    Word(String),
    Str(String),
    Op(&'static str),
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Dash,
    DotDot,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub pos: usize,
    pub msg: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.msg, self.pos + 1)
    }
}

impl std::error::Error for Error {}

fn err<T>(pos: usize, msg: impl Into<String>) -> Result<T, Error> {
    Err(Error {
        pos,
        msg: msg.into(),
    })
}

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '-')
}

/// Splits a filter into tokens with their byte positions.
pub fn lex(s: &str) -> Result<Vec<(Tok, usize)>, Error> {
    let b: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut bracket = 0usize;
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let two: String = b[i..(i + 2).min(b.len())].iter().collect();
        let three: String = b[i..(i + 3).min(b.len())].iter().collect();
        let start = i;
        let op3 = ["===", "!=="].iter().find(|o| three == **o);
        if let Some(o) = op3 {
            out.push((Tok::Op(if *o == "===" { "==" } else { "!=" }), start));
            i += 3;
            continue;
        }
        let op2 = ["==", "!=", "<=", ">=", "&&", "||", "^^"]
            .iter()
            .find(|o| two == **o);
        if let Some(o) = op2 {
            out.push((Tok::Op(o), start));
            i += 2;
            continue;
        }
        match c {
            '(' => out.push((Tok::LParen, i)),
            ')' => out.push((Tok::RParen, i)),
            '{' => out.push((Tok::LBrace, i)),
            '}' => out.push((Tok::RBrace, i)),
            '[' => {
                bracket += 1;
                out.push((Tok::LBracket, i))
            }
            ']' => {
                bracket = bracket.saturating_sub(1);
                out.push((Tok::RBracket, i))
            }
            ',' => out.push((Tok::Comma, i)),
            '<' => out.push((Tok::Op("<"), i)),
            '>' => out.push((Tok::Op(">"), i)),
            '!' => out.push((Tok::Op("!"), i)),
            '~' => out.push((Tok::Op("~"), i)),
            '&' => out.push((Tok::Op("&"), i)),
            ':' if bracket > 0 => out.push((Tok::Colon, i)),
            '-' if bracket > 0 => out.push((Tok::Dash, i)),
            '"' | '\'' => {
                let (v, n) = string(&b, i)?;
                out.push((Tok::Str(v), start));
                i += n;
                continue;
            }
            'r' | 'R' if b.get(i + 1) == Some(&'"') => {
                let mut j = i + 2;
                let mut v = String::new();
                while j < b.len() && b[j] != '"' {
                    v.push(b[j]);
                    j += 1;
                }
                if j >= b.len() {
                    return err(start, "the raw string is not closed");
                }
                out.push((Tok::Str(v), start));
                i = j + 1;
                continue;
            }
            _ if word_char(c) => {
                let mut j = i;
                let mut w = String::new();
                while j < b.len()
                    && word_char(b[j])
                    && !(bracket > 0 && (b[j] == ':' || b[j] == '-'))
                {
                    if b[j] == '.' && b.get(j + 1) == Some(&'.') {
                        break;
                    }
                    w.push(b[j]);
                    j += 1;
                }
                if w.is_empty() {
                    // ".." at the start of a word
                    out.push((Tok::DotDot, i));
                    i += 2;
                    continue;
                }
                out.push((Tok::Word(w), start));
                i = j;
                if b.get(i) == Some(&'.') && b.get(i + 1) == Some(&'.') {
                    out.push((Tok::DotDot, i));
                    i += 2;
                }
                continue;
            }
            _ => return err(i, format!("unexpected character '{c}'")),
        }
        i += 1;
    }
    Ok(out)
}

fn string(b: &[char], start: usize) -> Result<(String, usize), Error> {
    let q = b[start];
    let mut v = String::new();
    let mut j = start + 1;
    while j < b.len() {
        let c = b[j];
        if c == q {
            return Ok((v, j + 1 - start));
        }
        if c == '\\' {
            let Some(&e) = b.get(j + 1) else { break };
            j += 2;
            match e {
                'n' => v.push('\n'),
                'r' => v.push('\r'),
                't' => v.push('\t'),
                '0' => v.push('\0'),
                'x' => {
                    let h: String = b[j..(j + 2).min(b.len())].iter().collect();
                    let Ok(x) = u8::from_str_radix(&h, 16) else {
                        return err(j, "bad \\x escape");
                    };
                    v.push(x as char);
                    j += 2;
                }
                other => v.push(other),
            }
            continue;
        }
        v.push(c);
        j += 1;
    }
    err(start, "the string is not closed")
}

/// A value that a test reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Field {
        name: String,
        pos: usize,
        slice: Option<Slice>,
    },
    /// An unquoted literal, interpreted by the type of what it is compared with.
    Literal(String, usize),
    Str(String, usize),
    Func {
        name: String,
        arg: Box<Operand>,
        pos: usize,
    },
    BitAnd(Box<Operand>, Box<Operand>),
}

/// `[i:j]` start and length, `[i-j]` start and end, `[i]`, `[:j]`, `[i:]`. A negative start
/// or end counts from the end of the field (`frame[-1:]` is its last byte), and a negative
/// length ends that many bytes before the end (`[0:-1]` is all but the last byte).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    pub start: i64,
    pub end: SliceEnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceEnd {
    /// `[i:n]`, `[i]`: this many bytes.
    Len(i64),
    /// `[i-j]`: up to and including this offset.
    Incl(i64),
    /// `[i:]`: to the end.
    ToEnd,
}

impl Slice {
    /// The byte range `start..end` of a field of `n` bytes, or None when it falls outside.
    pub fn range(self, n: usize) -> Option<std::ops::Range<usize>> {
        let n = n as i64;
        let abs = |i: i64| if i < 0 { n + i } else { i };
        let start = abs(self.start);
        let end = match self.end {
            SliceEnd::Len(l) if l < 0 => n + l,
            SliceEnd::Len(l) => start.checked_add(l)?,
            SliceEnd::Incl(e) => abs(e).checked_add(1)?,
            SliceEnd::ToEnd => n,
        };
        if start < 0 || end > n || start > end {
            return None;
        }
        Some(start as usize..end as usize)
    }
}

/// How deeply parentheses, `not`, functions and bitwise masks may nest (tshark refuses deep
/// nesting too); deeper input is an error, never a stack overflow.
pub const MAX_DEPTH: usize = 100;

#[derive(Clone, Debug, PartialEq)]
pub enum SetItem {
    One(Operand),
    Range(Operand, Operand),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Two or more terms (a flat chain, so a long `a and b and …` needs no recursion).
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Xor(Vec<Expr>),
    Not(Box<Expr>),
    /// A field (or bitwise test, or function) alone: present / non-zero.
    Test(Operand),
    Cmp(&'static str, Operand, Operand),
    Contains(Operand, Operand),
    Matches(Operand, Operand),
    In(Operand, Vec<SetItem>),
}

pub struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
    end: usize,
    depth: usize,
}

impl Parser {
    pub fn new(s: &str) -> Result<Parser, Error> {
        Ok(Parser {
            toks: lex(s)?,
            i: 0,
            end: s.len(),
            depth: 0,
        })
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.0)
    }
    fn pos(&self) -> usize {
        self.toks.get(self.i).map(|t| t.1).unwrap_or(self.end)
    }
    fn word_is(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w))
    }

    pub fn parse(mut self) -> Result<Expr, Error> {
        if self.toks.is_empty() {
            return err(0, "the filter is empty");
        }
        let e = self.or()?;
        if self.i < self.toks.len() {
            return err(
                self.pos(),
                format!("unexpected \"{}\"", tok_text(&self.toks[self.i].0)),
            );
        }
        Ok(e)
    }

    /// A chain of terms joined by one operator, collected in a loop into one flat node.
    fn chain(
        &mut self,
        op: &str,
        word: &str,
        term: fn(&mut Parser) -> Result<Expr, Error>,
        node: fn(Vec<Expr>) -> Expr,
    ) -> Result<Expr, Error> {
        let mut terms = vec![term(self)?];
        while matches!(self.peek(), Some(Tok::Op(o)) if *o == op) || self.word_is(word) {
            self.i += 1;
            terms.push(term(self)?);
        }
        Ok(match terms.pop() {
            Some(only) if terms.is_empty() => only,
            Some(last) => {
                terms.push(last);
                node(terms)
            }
            None => return err(self.pos(), "the filter ends too early"),
        })
    }

    fn or(&mut self) -> Result<Expr, Error> {
        self.chain("||", "or", Parser::xor, Expr::Or)
    }

    fn xor(&mut self) -> Result<Expr, Error> {
        self.chain("^^", "xor", Parser::and, Expr::Xor)
    }

    fn and(&mut self) -> Result<Expr, Error> {
        self.chain("&&", "and", Parser::unary, Expr::And)
    }

    /// Enters one level of nesting, refusing past [`MAX_DEPTH`].
    fn deeper(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(
                self.pos(),
                format!("the filter nests too deeply (more than {MAX_DEPTH} levels)"),
            );
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        if matches!(self.peek(), Some(Tok::Op("!"))) || self.word_is("not") {
            self.i += 1;
            self.deeper()?;
            let e = Expr::Not(Box::new(self.unary()?));
            self.depth -= 1;
            return Ok(e);
        }
        if matches!(self.peek(), Some(Tok::LParen)) {
            // a parenthesised expression (functions are handled in operand)
            let save = self.i;
            self.i += 1;
            self.deeper()?;
            let e = self.or()?;
            self.depth -= 1;
            if matches!(self.peek(), Some(Tok::RParen)) {
                self.i += 1;
                return Ok(e);
            }
            self.i = save;
            return err(self.pos(), "a parenthesis is not closed");
        }
        self.relation()
    }

    fn relation(&mut self) -> Result<Expr, Error> {
        let l = self.operand()?;
        let op = match self.peek() {
            Some(Tok::Op(o)) if matches!(*o, "==" | "!=" | "<" | ">" | "<=" | ">=") => Some(*o),
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "eq" => Some("=="),
                "ne" => Some("!="),
                "lt" => Some("<"),
                "gt" => Some(">"),
                "le" => Some("<="),
                "ge" => Some(">="),
                "any_eq" => Some("=="),
                "all_ne" => Some("!="),
                _ => None,
            },
            _ => None,
        };
        if let Some(op) = op {
            self.i += 1;
            let r = self.operand()?;
            return Ok(Expr::Cmp(op, l, r));
        }
        if self.word_is("contains") {
            self.i += 1;
            return Ok(Expr::Contains(l, self.operand()?));
        }
        if self.word_is("matches") || matches!(self.peek(), Some(Tok::Op("~"))) {
            self.i += 1;
            return Ok(Expr::Matches(l, self.operand()?));
        }
        if self.word_is("in") {
            self.i += 1;
            if !matches!(self.peek(), Some(Tok::LBrace)) {
                return err(self.pos(), "\"in\" needs a set: {a, b, c..d}");
            }
            self.i += 1;
            let mut items = Vec::new();
            loop {
                match self.peek() {
                    Some(Tok::RBrace) => {
                        self.i += 1;
                        break;
                    }
                    Some(Tok::Comma) => {
                        self.i += 1;
                    }
                    None => return err(self.pos(), "the set is not closed with '}'"),
                    _ => {
                        let a = self.operand()?;
                        if matches!(self.peek(), Some(Tok::DotDot)) {
                            self.i += 1;
                            let b = self.operand()?;
                            items.push(SetItem::Range(a, b));
                        } else {
                            items.push(SetItem::One(a));
                        }
                    }
                }
            }
            if items.is_empty() {
                return err(self.pos(), "the set is empty");
            }
            return Ok(Expr::In(l, items));
        }
        Ok(Expr::Test(l))
    }

    fn operand(&mut self) -> Result<Operand, Error> {
        let pos = self.pos();
        let base = match self.toks.get(self.i).cloned() {
            Some((Tok::Str(s), p)) => {
                self.i += 1;
                Operand::Str(s, p)
            }
            Some((Tok::Word(w), p)) => {
                self.i += 1;
                let lw = w.to_ascii_lowercase();
                if matches!(self.peek(), Some(Tok::LParen))
                    && matches!(lw.as_str(), "len" | "lower" | "upper" | "count")
                {
                    self.i += 1;
                    self.deeper()?;
                    let arg = self.operand()?;
                    self.depth -= 1;
                    if !matches!(self.peek(), Some(Tok::RParen)) {
                        return err(self.pos(), format!("{lw}() is not closed"));
                    }
                    self.i += 1;
                    Operand::Func {
                        name: lw,
                        arg: Box::new(arg),
                        pos: p,
                    }
                } else if looks_like_field(&w) {
                    let slice = self.slice()?;
                    Operand::Field {
                        name: w,
                        pos: p,
                        slice,
                    }
                } else {
                    Operand::Literal(w, p)
                }
            }
            Some((Tok::LBracket, _)) => return err(pos, "a slice needs a field before it"),
            Some((t, _)) => {
                return err(
                    pos,
                    format!("expected a field or a value, found \"{}\"", tok_text(&t)),
                )
            }
            None => return err(pos, "the filter ends too early"),
        };
        if matches!(self.peek(), Some(Tok::Op("&"))) {
            self.i += 1;
            self.deeper()?;
            let mask = self.operand()?;
            self.depth -= 1;
            return Ok(Operand::BitAnd(Box::new(base), Box::new(mask)));
        }
        Ok(base)
    }

    fn slice(&mut self) -> Result<Option<Slice>, Error> {
        if !matches!(self.peek(), Some(Tok::LBracket)) {
            return Ok(None);
        }
        self.i += 1;
        // a number, negative when a dash comes first
        let num = |p: &mut Parser| -> Result<Option<i64>, Error> {
            let neg = matches!(p.peek(), Some(Tok::Dash))
                && matches!(p.toks.get(p.i + 1), Some((Tok::Word(_), _)));
            if neg {
                p.i += 1;
            }
            match p.peek().cloned() {
                Some(Tok::Word(w)) => {
                    let pos = p.pos();
                    p.i += 1;
                    parse_int(&w)
                        .map(|v| Some(if neg { -v } else { v }))
                        .ok_or(Error {
                            pos,
                            msg: format!("\"{w}\" is not a number"),
                        })
                }
                _ => Ok(None),
            }
        };
        let a = num(self)?;
        let s = match self.peek() {
            Some(Tok::Colon) => {
                self.i += 1;
                Slice {
                    start: a.unwrap_or(0),
                    end: num(self)?.map_or(SliceEnd::ToEnd, SliceEnd::Len),
                }
            }
            Some(Tok::Dash) => {
                self.i += 1;
                let e = num(self)?.ok_or(Error {
                    pos: self.pos(),
                    msg: "a range needs an end".into(),
                })?;
                Slice {
                    start: a.unwrap_or(0),
                    end: SliceEnd::Incl(e),
                }
            }
            _ => Slice {
                start: a.ok_or(Error {
                    pos: self.pos(),
                    msg: "empty slice".into(),
                })?,
                end: SliceEnd::Len(1),
            },
        };
        if !matches!(self.peek(), Some(Tok::RBracket)) {
            return err(self.pos(), "the slice is not closed with ']'");
        }
        self.i += 1;
        Ok(Some(s))
    }
}

/// Field names start with a letter and are not values (hex numbers, MACs are values).
fn looks_like_field(w: &str) -> bool {
    let first = w.chars().next().unwrap_or('0');
    if !first.is_ascii_alphabetic() && first != '_' {
        return false;
    }
    if w.contains(':') || w.contains('/') {
        return false;
    }
    // "True"/"False" are values
    !matches!(w.to_ascii_lowercase().as_str(), "true" | "false")
}

pub fn parse_int(w: &str) -> Option<i64> {
    let (neg, w) = match w.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, w),
    };
    let v = if let Some(h) = w.strip_prefix("0x").or_else(|| w.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(b) = w.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()?
    } else if w.len() > 1 && w.starts_with('0') && w.chars().all(|c| c.is_ascii_digit()) {
        i64::from_str_radix(&w[1..], 8).ok()?
    } else {
        w.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.clone(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Op(o) => o.to_string(),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::LBrace => "{".into(),
        Tok::RBrace => "}".into(),
        Tok::LBracket => "[".into(),
        Tok::RBracket => "]".into(),
        Tok::Comma => ",".into(),
        Tok::Colon => ":".into(),
        Tok::Dash => "-".into(),
        Tok::DotDot => "..".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Expr {
        Parser::new(s)
            .and_then(|p| p.parse())
            .unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_every_construct() {
        assert!(matches!(p("tcp"), Expr::Test(Operand::Field { .. })));
        assert!(matches!(p("tcp.port == 80"), Expr::Cmp("==", _, _)));
        assert!(matches!(p("tcp.port eq 80"), Expr::Cmp("==", _, _)));
        for (s, op) in [
            ("a.b != 1", "!="),
            ("a.b < 1", "<"),
            ("a.b gt 1", ">"),
            ("a.b le 1", "<="),
            ("a.b ge 1", ">="),
        ] {
            assert!(matches!(p(s), Expr::Cmp(o, _, _) if o == op), "{s}");
        }
        assert!(matches!(p("http.host contains \"x\""), Expr::Contains(..)));
        assert!(matches!(
            p("http.request.uri matches \"\\\\.(gif|png)$\""),
            Expr::Matches(..)
        ));
        assert!(matches!(p("http.request.uri ~ \"gif\""), Expr::Matches(..)));
        let Expr::In(_, items) = p("tcp.stream in {1,2,3}") else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        let Expr::In(_, items) = p("tcp.port in {80 443 8000..8080}") else {
            panic!()
        };
        assert!(matches!(items[2], SetItem::Range(..)));
        assert!(matches!(p("a and b or c"), Expr::Or(..)));
        assert!(matches!(p("a && (b || c)"), Expr::And(..)));
        assert!(matches!(p("!a"), Expr::Not(..)));
        assert!(matches!(p("not a"), Expr::Not(..)));
        assert!(matches!(p("a xor b"), Expr::Xor(..)));
        assert!(matches!(p("a ^^ b"), Expr::Xor(..)));
        assert!(matches!(
            p("tcp.flags & 0x12 == 0x12"),
            Expr::Cmp("==", Operand::BitAnd(..), _)
        ));
        assert!(matches!(
            p("eth.src[0:3] == 00:11:22"),
            Expr::Cmp(
                "==",
                Operand::Field {
                    slice: Some(Slice {
                        start: 0,
                        end: SliceEnd::Len(3)
                    }),
                    ..
                },
                _
            )
        ));
        assert!(matches!(
            p("frame[0-1] == 00:11"),
            Expr::Cmp(
                "==",
                Operand::Field {
                    slice: Some(Slice {
                        start: 0,
                        end: SliceEnd::Incl(1)
                    }),
                    ..
                },
                _
            )
        ));
        assert!(matches!(
            p("frame[4] == 0x45"),
            Expr::Cmp(
                "==",
                Operand::Field {
                    slice: Some(Slice {
                        start: 4,
                        end: SliceEnd::Len(1)
                    }),
                    ..
                },
                _
            )
        ));
        assert!(matches!(
            p("len(http.host) > 3"),
            Expr::Cmp(">", Operand::Func { .. }, _)
        ));
        assert!(matches!(
            p("lower(http.host) == \"a\""),
            Expr::Cmp("==", Operand::Func { .. }, _)
        ));
        assert!(matches!(
            p("count(ip.addr) == 2"),
            Expr::Cmp("==", Operand::Func { .. }, _)
        ));
        assert!(matches!(
            p("ip.addr == 10.0.0.0/8"),
            Expr::Cmp("==", _, Operand::Literal(..))
        ));
        assert!(matches!(
            p("ipv6.addr == fd77::1"),
            Expr::Cmp("==", _, Operand::Literal(..))
        ));
        assert!(matches!(
            p("eth.addr == ff:ff:ff:ff:ff:ff"),
            Expr::Cmp("==", _, Operand::Literal(..))
        ));
        assert!(
            matches!(p("frame contains r\"a\\b\""), Expr::Contains(_, Operand::Str(s, _)) if s == "a\\b")
        );
        assert!(matches!(
            p("tcp.flags.syn == True"),
            Expr::Cmp("==", _, Operand::Literal(..))
        ));
    }

    #[test]
    fn negative_slices() {
        let slice = |f: &str| match p(f) {
            Expr::Cmp(_, Operand::Field { slice: Some(s), .. }, _) => s,
            other => panic!("{f}: {other:?}"),
        };
        assert_eq!(
            slice("frame[-1:] == 00"),
            Slice {
                start: -1,
                end: SliceEnd::ToEnd
            }
        );
        assert_eq!(
            slice("frame[0:-1] == 00"),
            Slice {
                start: 0,
                end: SliceEnd::Len(-1)
            }
        );
        assert_eq!(
            slice("frame[-4-2] == 00"),
            Slice {
                start: -4,
                end: SliceEnd::Incl(2)
            }
        );
        assert_eq!(
            slice("udp[-1] == 0xdb"),
            Slice {
                start: -1,
                end: SliceEnd::Len(1)
            }
        );
    }

    #[test]
    fn deep_nesting_is_an_error_and_long_chains_are_flat() {
        // thousands of levels: a message, never a stack overflow
        for deep in [
            format!("{}tcp{}", "(".repeat(4000), ")".repeat(4000)),
            format!("{}tcp", "!".repeat(4600)),
            format!("{}tcp", "not ".repeat(4600)),
            format!("tcp.flags{} == 0", " & 1".repeat(4600)),
            format!("{}tcp.len{} > 0", "len(".repeat(500), ")".repeat(500)),
        ] {
            let e = Parser::new(&deep).and_then(|p| p.parse()).unwrap_err();
            assert!(e.msg.contains("nests too deeply"), "{}", e.msg);
        }
        // exactly the limit still parses
        let ok = format!("{}tcp{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(Parser::new(&ok).and_then(|p| p.parse()).is_ok());
        // a 4,600-term chain is one flat node
        for op in ["and", "or", "xor", "&&", "||"] {
            let chain = vec!["tcp"; 4600].join(&format!(" {op} "));
            match p(&chain) {
                Expr::And(v) | Expr::Or(v) | Expr::Xor(v) => assert_eq!(v.len(), 4600),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn integers() {
        assert_eq!(parse_int("0x1f"), Some(31));
        assert_eq!(parse_int("017"), Some(15));
        assert_eq!(parse_int("42"), Some(42));
        assert_eq!(parse_int("-3"), Some(-3));
        assert_eq!(parse_int("x"), None);
    }

    #[test]
    fn errors_have_positions() {
        let e = Parser::new("tcp.port == ")
            .and_then(|p| p.parse())
            .unwrap_err();
        assert_eq!(e.pos, 12);
        let e = Parser::new("(tcp").and_then(|p| p.parse()).unwrap_err();
        assert!(e.msg.contains("parenthesis"));
        let e = Parser::new("a == \"x").and_then(|p| p.parse()).unwrap_err();
        assert!(e.msg.contains("not closed"));
    }
}
