//! IPv6 with extension headers (hop-by-hop, routing, fragment, destination options) and
//! fragment reassembly; also the shared "next header" dispatch.

use super::ctx::{be16, be32, Ctx};
use super::ipv6ext::OptsKind;
use super::tree::{Build, Node, Value};
use crate::wire::{Addr, Ipv6Header};

const V6_FIELDS: super::ip::AddrFields = super::ip::AddrFields {
    src: fid!("ipv6.src"),
    dst: fid!("ipv6.dst"),
    addr: fid!("ipv6.addr"),
    src_host: fid!("ipv6.src_host"),
    dst_host: fid!("ipv6.dst_host"),
    host: fid!("ipv6.host"),
};

pub fn dissect(cx: &mut Ctx, off: usize) {
    if super::ip::enter_layer(cx, "ipv6") {
        cx.dec.ip6_off = Some(off as u32);
    }
    let b = cx.bytes;
    if cx.tree {
        cx.cols.protocol = "IPv6".into();
    }
    let Some(h) = b.get(off..).and_then(Ipv6Header::new_checked) else {
        if cx.tree {
            cx.roots.push(
                Node::new(fid!("ipv6"), Value::None, off, b.len().saturating_sub(off))
                    .label("Internet Protocol Version 6"),
            );
        }
        cx.malformed("IPv6", cx.snapped());
        return;
    };
    let w0 = h.word0();
    let version = h.version();
    let tclass = ((w0 >> 20) & 0xff) as u8;
    let flow = w0 & 0xfffff;
    let plen = h.payload_len() as usize;
    let (nxt, hlim, src, dst) = (h.next_header(), h.hop_limit(), h.src(), h.dst());
    cx.dec.src = Some(Addr::V6(src));
    cx.dec.dst = Some(Addr::V6(dst));
    if cx.tree {
        // the addresses as text: the header's label, the host fields and the columns
        let srcs = Value::Ipv6(src).to_fields_string();
        let dsts = Value::Ipv6(dst).to_fields_string();
        let mut n = Node::new(fid!("ipv6"), Value::None, off, 40)
            .label_fmt(|| format!("Internet Protocol Version 6, Src: {srcs}, Dst: {dsts}"));
        n.add_uint(fid!("ipv6.version"), version as u64, off, 1)
            .label_fmt(|| format!("{:04b} .... = Version: {version}", version));
        n.add_uint(fid!("ip.version"), version as u64, off, 1).flags |= super::tree::HIDDEN;
        let word = be32(cx.bytes, off).unwrap_or(0) as u64;
        let tc = n
            .add(fid!("ipv6.tclass"), Value::Uint(tclass as u64, 2), off, 4)
            .label_fmt(|| {
                format!(
                    "{} = Traffic Class: 0x{tclass:02x} (DSCP: {}, ECN: {})",
                    super::tree::bits_str(word, 0x0ff0_0000, 32),
                    super::ip::dscp_name(tclass >> 2),
                    super::ip::ecn_name(tclass & 3)
                )
            });
        tc.add_uint(fid!("ipv6.tclass.dscp"), (tclass >> 2) as u64, off, 4)
            .label_fmt(|| super::ip::dscp_line(word, 0x0fc0_0000, 32));
        tc.add_uint(fid!("ipv6.tclass.ecn"), (tclass & 3) as u64, off, 4)
            .label_fmt(|| super::ip::ecn_line(word, 0x0030_0000, 32));
        n.add(fid!("ipv6.flow"), Value::Uint(flow as u64, 5), off + 1, 3)
            .label_fmt(|| {
                format!(
                    "{} = Flow Label: 0x{flow:05x}",
                    super::tree::bits_str(flow as u64, 0x0f_ffff, 24)
                )
            });
        n.add_uint(fid!("ipv6.plen"), plen as u64, off + 4, 2);
        n.add_uint(fid!("ipv6.nxt"), nxt as u64, off + 6, 1)
            .label_fmt(|| format!("Next Header: {} ({nxt})", super::ip::proto_long_name(nxt)));
        n.add_uint(fid!("ipv6.hlim"), hlim as u64, off + 7, 1);
        let ends = [
            (Value::Ipv6(src), srcs.clone(), off + 8),
            (Value::Ipv6(dst), dsts.clone(), off + 24),
        ];
        super::ip::address_items(&mut n, &V6_FIELDS, ends, 16);
        for (a, at, abbrev, what) in [
            (&src, off + 8, fid!("ipv6.src_slaac_mac"), "Source"),
            (&dst, off + 24, fid!("ipv6.dst_slaac_mac"), "Destination"),
        ] {
            if let Some(mac) = slaac_mac(a) {
                n.add(abbrev, Value::Ether(mac), at + 8, 8)
                    .label_fmt(|| format!("{what} SLAAC MAC: {}", crate::names::mac_label(&mac)))
                    .flags |= super::tree::GENERATED;
            }
        }
        cx.roots.push(n);
        cx.cols.src = srcs;
        cx.cols.dst = dsts;
    }
    let reported_rest = (cx.rec.reported() as usize).saturating_sub(off + 40);
    // payload length 0 with a jumbo option, or TSO: use what is there
    let plen_eff = if plen == 0 {
        reported_rest
    } else {
        plen.min(reported_rest)
    };
    let cap = plen_eff.min(b.len() - (off + 40));
    ext_chain(cx, nxt, off + 40, plen_eff, cap, true);
}

fn ext_chain(
    cx: &mut Ctx,
    mut nxt: u8,
    mut off: usize,
    mut len: usize,
    mut cap: usize,
    mut first: bool,
) {
    loop {
        match nxt {
            0 | 43 | 60 => {
                let b = cx.bytes;
                let (Some(&nh), Some(&hl)) = (b.get(off), b.get(off + 1)) else {
                    cx.malformed("IPv6", cx.snapped());
                    return;
                };
                if cap < 2 {
                    cx.malformed(super::ipv6ext::short_name(nxt), cx.snapped());
                    return;
                }
                let elen = (hl as usize + 1) * 8;
                // what the header may read: the payload's captured bytes
                let at = super::ipv6ext::At { off, elen, cap };
                let ext = match nxt {
                    0 => {
                        cx.proto("ipv6.hopopts");
                        super::ipv6ext::options(cx, OptsKind::HopByHop, at, first)
                    }
                    43 => {
                        cx.proto("ipv6.routing");
                        super::ipv6ext::routing(cx, at)
                    }
                    _ => {
                        cx.proto("ipv6.dstopts");
                        super::ipv6ext::options(cx, OptsKind::Destination, at, first)
                    }
                };
                if cx.tree {
                    push_ext(cx, ext.node);
                }
                if ext.truncated {
                    cx.malformed(super::ipv6ext::short_name(nxt), cx.snapped());
                    return;
                }
                first = false;
                nxt = nh;
                off += elen;
                len = len.saturating_sub(elen);
                cap = cap.saturating_sub(elen);
            }
            44 => {
                let b = cx.bytes;
                if cap < 8 {
                    cx.malformed("IPv6", cx.snapped());
                    return;
                }
                let nh = b[off];
                let fo = be16(b, off + 2).unwrap_or(0);
                let id = be32(b, off + 4).unwrap_or(0);
                let frag_off = (fo & 0xfff8) as u32;
                let more = fo & 1 != 0;
                cx.proto("ipv6.fraghdr");
                if cx.tree {
                    let mut n = Node::new(fid!("ipv6.fraghdr"), Value::None, off, 8)
                        .label("Fragment Header for IPv6");
                    n.add_uint(fid!("ipv6.fraghdr.nxt"), nh as u64, off, 1)
                        .label_fmt(|| {
                            format!("Next header: {} ({nh})", super::ip::proto_long_name(nh))
                        });
                    let bits = |mask: u64| super::tree::bits_str(fo as u64, mask, 16);
                    n.add(
                        fid!("ipv6.fraghdr.reserved_octet"),
                        Value::Uint(b[off + 1] as u64, 2),
                        off + 1,
                        1,
                    )
                    .label_fmt(|| format!("Reserved octet: 0x{:02x}", b[off + 1]));
                    n.add_uint(fid!("ipv6.fraghdr.offset"), frag_off as u64 / 8, off + 2, 2)
                        .label_fmt(|| {
                            format!(
                                "{} = Offset: {} ({frag_off} bytes)",
                                bits(0xfff8),
                                frag_off / 8
                            )
                        });
                    n.add_uint(
                        fid!("ipv6.fraghdr.reserved_bits"),
                        ((fo >> 1) & 3) as u64,
                        off + 2,
                        2,
                    )
                    .label_fmt(|| format!("{} = Reserved bits: {}", bits(0x6), (fo >> 1) & 3));
                    n.add(fid!("ipv6.fraghdr.more"), Value::Bool(more), off + 2, 2)
                        .label_fmt(|| {
                            format!(
                                "{} = More Fragments: {}",
                                bits(0x1),
                                if more { "Yes" } else { "No" }
                            )
                        });
                    n.add(
                        fid!("ipv6.fraghdr.ident"),
                        Value::Uint(id as u64, 8),
                        off + 4,
                        4,
                    )
                    .label_fmt(|| format!("Identification: 0x{id:08x}"));
                    push_ext(cx, n);
                }
                if frag_off == 0 && !more {
                    // atomic fragment: just go on
                    nxt = nh;
                    off += 8;
                    len = len.saturating_sub(8);
                    cap -= 8;
                    continue;
                }
                let f = super::ip::Fragment {
                    v6: true,
                    // (as Wireshark keys fragments: by the addresses a routing header
                    // may have changed)
                    src: cx.dec.src.unwrap_or(Addr::V6([0; 16])),
                    dst: cx.dec.dst.unwrap_or(Addr::V6([0; 16])),
                    id,
                    proto: nh,
                    frag_off,
                    more,
                    pay_start: off + 8,
                    pay_cap: cap - 8,
                };
                f.handle(cx);
                return;
            }
            _ => {
                super::ip::next_header(cx, nxt, off, len, cap);
                return;
            }
        }
    }
}

// IPv6 behind an Ethernet type, IPv6 in IP (41), and its extension headers, which come
// through the same IP protocol table as any next header
inventory::submit! { super::table::EtherType { etypes: &[0x86dd], dissect } }
inventory::submit! {
    super::table::IpProto { protos: &[41], dissect: |cx, off, _, _| dissect(cx, off) }
}
inventory::submit! {
    super::table::IpProto { protos: &[0], dissect: |cx, off, len, cap| extension(cx, 0, off, len, cap) }
}
inventory::submit! {
    super::table::IpProto { protos: &[43], dissect: |cx, off, len, cap| extension(cx, 43, off, len, cap) }
}
inventory::submit! {
    super::table::IpProto { protos: &[44], dissect: |cx, off, len, cap| extension(cx, 44, off, len, cap) }
}
inventory::submit! {
    super::table::IpProto { protos: &[60], dissect: |cx, off, len, cap| extension(cx, 60, off, len, cap) }
}

/// An IPv6 extension header (hop-by-hop, routing, fragment, destination options) reached
/// as a next header: it needs the addresses of the IPv6 header it follows.
fn extension(cx: &mut Ctx, proto: u8, off: usize, len: usize, cap: usize) {
    if cx.dec.src.is_some() && cx.dec.dst.is_some() {
        ext_chain(cx, proto, off, len, cap, false)
    }
}

/// An extension header goes inside the IPv6 header's node, as tshark shows it.
fn push_ext(cx: &mut Ctx, n: Node) {
    match cx.roots.iter_mut().rev().find(|r| r.field == fid!("ipv6")) {
        Some(ip) => {
            ip.push(n);
        }
        None => cx.roots.push(n),
    }
}

/// The MAC address inside a modified EUI-64 interface identifier (`…:xxff:fexx:…`), as a
/// SLAAC address carries it.
fn slaac_mac(a: &[u8; 16]) -> Option<[u8; 6]> {
    (a[11] == 0xff && a[12] == 0xfe).then(|| [a[8] ^ 0x02, a[9], a[10], a[13], a[14], a[15]])
}
