//! `-T fields` rows and tshark's `-E` options that shape them (header, separator, quote,
//! occurrence, aggregator).

use crate::dissect::{Dissection, Node};

/// Which occurrences of a field that appears several times in a frame are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Occurrence {
    #[default]
    All,
    First,
    Last,
}

/// tshark's `-E` options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldsFormat {
    /// `header=y`: a first line naming the fields.
    pub header: bool,
    /// `separator=`: between fields (`/t` tab, `/s` space, or one character).
    pub separator: String,
    /// `quote=d|s|n`: the character put around every non-empty value.
    pub quote: Option<char>,
    /// `occurrence=f|l|a`.
    pub occurrence: Occurrence,
    /// `aggregator=`: between the occurrences of one field (`,`, `/s` or one character).
    pub aggregator: String,
}

impl Default for FieldsFormat {
    fn default() -> Self {
        FieldsFormat {
            header: false,
            separator: "\t".into(),
            quote: None,
            occurrence: Occurrence::All,
            aggregator: ",".into(),
        }
    }
}

fn separator_value(v: &str, opt: &str) -> Result<String, String> {
    match v {
        "/t" => Ok("\t".into()),
        "/s" => Ok(" ".into()),
        _ => {
            let mut c = v.chars();
            match (c.next(), c.next()) {
                (Some(ch), None) => Ok(ch.to_string()),
                _ => Err(format!("-E {opt}={v}: use /t, /s or one character")),
            }
        }
    }
}

impl FieldsFormat {
    /// Whether the rows are the default ones (tab-separated, every occurrence joined by
    /// commas, no quotes), which the first-pass fast path writes directly.
    pub fn is_plain(&self) -> bool {
        self.separator == "\t"
            && self.quote.is_none()
            && self.occurrence == Occurrence::All
            && self.aggregator == ","
    }

    /// Applies one `-E key=value` option.
    pub fn set(&mut self, opt: &str) -> Result<(), String> {
        let (k, v) = opt
            .split_once('=')
            .ok_or_else(|| format!("-E {opt}: expected KEY=VALUE"))?;
        match k {
            "header" => {
                self.header = match v {
                    "y" => true,
                    "n" => false,
                    _ => return Err(format!("-E header={v}: use y or n")),
                }
            }
            "separator" => self.separator = separator_value(v, k)?,
            "aggregator" => self.aggregator = separator_value(v, k)?,
            "quote" => {
                self.quote = match v {
                    "d" => Some('"'),
                    "s" => Some('\''),
                    "n" => None,
                    _ => return Err(format!("-E quote={v}: use d, s or n")),
                }
            }
            "occurrence" => {
                self.occurrence = match v {
                    "a" => Occurrence::All,
                    "f" => Occurrence::First,
                    "l" => Occurrence::Last,
                    _ => return Err(format!("-E occurrence={v}: use f, l or a")),
                }
            }
            _ => {
                return Err(format!(
                    "-E {k}: use header, separator, occurrence, aggregator or quote"
                ))
            }
        }
        Ok(())
    }

    /// The header line (field names, separated, never quoted), without the line break.
    pub fn header_line(&self, fields: &[String]) -> String {
        fields.join(&self.separator)
    }

    /// One row from each field's occurrences.
    pub fn row(&self, values: &[Vec<String>], line: &mut String) {
        for (i, occ) in values.iter().enumerate() {
            if i > 0 {
                line.push_str(&self.separator);
            }
            let picked: &[String] = match self.occurrence {
                Occurrence::All => occ,
                Occurrence::First => occ.get(..1).unwrap_or(&[]),
                Occurrence::Last => occ.len().checked_sub(1).map_or(&[], |l| &occ[l..]),
            };
            if picked.is_empty() {
                continue;
            }
            if let Some(q) = self.quote {
                line.push(q);
            }
            for (j, v) in picked.iter().enumerate() {
                if j > 0 {
                    line.push_str(&self.aggregator);
                }
                push_escaped(v, line);
            }
            if let Some(q) = self.quote {
                line.push(q);
            }
        }
    }
}

/// A tab or line break inside a value would break the row: tshark writes `\t`, `\n`, `\r`.
fn push_escaped(v: &str, line: &mut String) {
    if !v.contains(['\t', '\n', '\r']) {
        line.push_str(v);
        return;
    }
    for ch in v.chars() {
        match ch {
            '\t' => line.push_str("\\t"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            other => line.push(other),
        }
    }
}

/// Every occurrence of each wanted field in one frame, in tree order: one walk of the tree
/// collects them all. Columns and `frame.protocols` come from the dissection.
pub fn values(d: &Dissection, frame_bytes: &[u8], fields: &[String]) -> Vec<Vec<String>> {
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); fields.len()];
    let mut special = vec![true; fields.len()];
    let mut any_tree_field = false;
    for (i, f) in fields.iter().enumerate() {
        let v = match f.as_str() {
            "_ws.col.Protocol" => &d.cols.protocol,
            "_ws.col.Info" => &d.cols.info,
            "_ws.col.Source" => &d.cols.src,
            "_ws.col.Destination" => &d.cols.dst,
            "frame.protocols" => &d.protocols,
            _ => {
                special[i] = false;
                any_tree_field = true;
                continue;
            }
        };
        cells[i].push(v.clone());
    }
    if any_tree_field {
        d.tree.walk(&mut |n: &Node| {
            if n.abbrev().is_empty() {
                return;
            }
            for (i, f) in fields.iter().enumerate() {
                if !special[i] && n.abbrev() == f {
                    let mut s = String::new();
                    n.fields_text(&d.tree, frame_bytes, &mut s);
                    cells[i].push(s);
                }
            }
        });
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&[&str]]) -> Vec<Vec<String>> {
        s.iter()
            .map(|o| o.iter().map(|x| x.to_string()).collect())
            .collect()
    }

    #[test]
    fn options_shape_rows_as_tshark() {
        let vals = v(&[&["1"], &[], &["a", "b\tc"]]);
        let mut f = FieldsFormat::default();
        let mut line = String::new();
        f.row(&vals, &mut line);
        assert_eq!(line, "1\t\ta,b\\tc");
        for o in ["separator=,", "quote=d", "occurrence=l", "aggregator=/s"] {
            f.set(o).unwrap();
        }
        line.clear();
        f.row(&vals, &mut line);
        assert_eq!(line, "\"1\",,\"b\\tc\"");
        f.set("occurrence=a").unwrap();
        f.set("quote=s").unwrap();
        line.clear();
        f.row(&vals, &mut line);
        assert_eq!(line, "'1',,'a b\\tc'");
        f.set("occurrence=f").unwrap();
        line.clear();
        f.row(&vals, &mut line);
        assert_eq!(line, "'1',,'a'");
        assert!(!f.is_plain());
        assert!(FieldsFormat::default().is_plain());
        assert_eq!(
            f.header_line(&["a".into(), "b".into()]),
            "a,b",
            "the header is never quoted"
        );
    }

    #[test]
    fn bad_options_are_refused() {
        let mut f = FieldsFormat::default();
        for bad in [
            "header",
            "header=x",
            "quote=q",
            "occurrence=2",
            "separator=ab",
            "colour=y",
        ] {
            assert!(f.set(bad).is_err(), "{bad}");
        }
        f.set("separator=/s").unwrap();
        assert_eq!(f.separator, " ");
    }
}
