//! IMAP and SMTP: the line-based mail protocols the TCP reassembly cuts into commands and
//! replies (`analysis::lines`); each PDU is shown as its lines, as tshark's text dissectors
//! show them.

use super::ctx::Ctx;
use super::table::{PduAt, PduColumns, PduSegment};
use super::tree::{Build, Node, Value};
use crate::analysis::reassembly::PduKind;

inventory::submit! {
    super::table::PduProtocol { rank: 20, takes: takes_pdu, dissect: pdu, columns }
}

fn takes_pdu(k: PduKind) -> bool {
    matches!(k, PduKind::Imap | PduKind::Smtp)
}

/// The mail protocols' part of a segment's columns: the last PDU's protocol column and Info.
#[derive(Default)]
struct Shown(Option<(&'static str, String)>);

fn pdu(cx: &mut Ctx, p: &PduAt, cols: &mut PduColumns) {
    let (abbrev, field, name, col) = match p.pdu.kind {
        PduKind::Imap => (
            "imap",
            fid!("imap"),
            "Internet Message Access Protocol",
            "IMAP",
        ),
        PduKind::Smtp => (
            "smtp",
            fid!("smtp"),
            "Simple Mail Transfer Protocol",
            "SMTP",
        ),
        _ => return,
    };
    cx.proto(abbrev);
    let base = if p.ds_base.is_some() { 0 } else { p.start };
    let mut n = Node::new(field, Value::None, base, p.bytes.len()).label(name);
    for l in String::from_utf8_lossy(p.bytes)
        .split_inclusive('\n')
        .take(1000)
    {
        n.push(Node::text(super::tree::escape_crlf(l), base, 0));
    }
    if let Some(d) = p.ds_base {
        super::ctx::set_ds(&mut n, d);
    }
    cx.roots.push(n);
    let info = p.pdu.info().unwrap_or_default();
    if p.pdu.message_data {
        cx.proto("data-text-lines");
    }
    cols.part::<Shown>().0 = Some((col, info.to_string()));
}

fn columns(cx: &mut Ctx, seg: &PduSegment, cols: &mut PduColumns) -> bool {
    let Some((col, info)) = cols.get::<Shown>().and_then(|s| s.0.as_ref()) else {
        return false;
    };
    cx.cols.protocol = col.to_string();
    cx.cols.info = format!("{}{info}", seg.prefix);
    true
}
