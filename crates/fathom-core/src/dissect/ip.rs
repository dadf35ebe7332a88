//! IPv4, with fragment reassembly as Wireshark does it (defragment on, by id/src/dst/proto).

use super::ctx::{set_ds, Ctx};
use super::tree::{Build, Node, Value};
use crate::dissect::fields::FieldId;
use crate::wire::{Addr, Ipv4Header, Ipv6Header, UdpHeader};

use crate::analysis::ipfrag::flag;
pub use crate::analysis::ipfrag::{FragTable, Reassembled};

/// The address fields of an IP header: each side's own, and the hidden ones either side
/// answers (`ip.addr`, `ip.host`).
pub struct AddrFields {
    pub src: FieldId,
    pub dst: FieldId,
    pub addr: FieldId,
    pub src_host: FieldId,
    pub dst_host: FieldId,
    pub host: FieldId,
}

const V4_FIELDS: AddrFields = AddrFields {
    src: fid!("ip.src"),
    dst: fid!("ip.dst"),
    addr: fid!("ip.addr"),
    src_host: fid!("ip.src_host"),
    dst_host: fid!("ip.dst_host"),
    host: fid!("ip.host"),
};

/// A header's source and destination (value, host name, offset), each followed by its
/// hidden twins, as tshark's tree has them.
pub fn address_items(n: &mut Node, f: &AddrFields, ends: [(Value, String, usize); 2], len: usize) {
    for ((v, host, at), (own, own_host)) in ends
        .into_iter()
        .zip([(f.src, f.src_host), (f.dst, f.dst_host)])
    {
        n.add(own, v.clone(), at, len);
        n.add(f.addr, v, at, len).flags |= super::tree::HIDDEN;
        n.add(own_host, Value::Str(host.clone()), at, len).flags |= super::tree::HIDDEN;
        n.add(f.host, Value::Str(host), at, len).flags |= super::tree::HIDDEN;
    }
}

/// The protocol's name in a tree's Protocol / Next Header line (longer than the Info's).
pub fn proto_long_name(p: u8) -> &'static str {
    match p {
        0 => "IPv6 Hop-by-Hop Option",
        43 => "Routing Header for IPv6",
        44 => "Fragment Header for IPv6",
        46 => "Reservation Protocol",
        47 => "Generic Routing Encapsulation",
        50 => "Encap Security Payload",
        51 => "Authentication Header",
        58 => "ICMPv6",
        59 => "No Next Header for IPv6",
        60 => "Destination Options for IPv6",
        88 => "EIGRP",
        89 => "OSPF IGP",
        103 => "PIM",
        112 => "VRRP",
        _ => proto_name(p),
    }
}

pub fn proto_name(p: u8) -> &'static str {
    match p {
        1 => "ICMP",
        2 => "IGMP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        58 => "IPv6-ICMP",
        59 => "IPv6-NoNxt",
        60 => "IPv6-Opts",
        0 => "IPv6 Hop-by-Hop Option",
        43 => "IPv6-Route",
        44 => "IPv6-Frag",
        132 => "SCTP",
        _ => "Unknown",
    }
}

/// An IPv4 header at least 20 bytes long, as read, with the total length as used (the
/// reported length for a TSO frame's 0).
struct V4 {
    off: usize,
    vhl: u8,
    hlen: usize,
    tos: u8,
    tot: usize,
    id: u16,
    fl: u16,
    ttl: u8,
    proto: u8,
    csum: u16,
    src: [u8; 4],
    dst: [u8; 4],
}

/// What Wireshark notes on a TTL: a packet to the Local Network Control Block
/// (224.0.0.0/24) is sent with TTL 1 (RFC 3171), or 255 to the groups whose protocols ask for
/// it (VRRP, GLBP, mDNS; LLMNR takes either); a unicast or broadcast packet with a TTL under
/// 5 (not PIM or OSPF, which use 1) is noted too.
pub fn ttl_note(dst: [u8; 4], ttl: u8, proto: u8) -> Option<(FieldId, String)> {
    const PIM: u8 = 103;
    const OSPF: u8 = 89;
    if dst[..3] == [224, 0, 0] {
        let want = match dst[3] {
            18 | 102 | 251 => 255,
            252 => return None,
            _ => 1,
        };
        return (ttl != want).then(|| {
            (
                fid!("ip.ttl.lncb"),
                format!(
                    "\"Time To Live\" != {want} for a packet sent to the Local Network Control Block (see RFC 3171)"
                ),
            )
        });
    }
    let multicast = dst[0] & 0xf0 == 0xe0;
    (!multicast && ttl < 5 && proto != PIM && proto != OSPF).then(|| {
        (
            fid!("ip.ttl.too_small"),
            format!("\"Time To Live\" only {ttl}"),
        )
    })
}

/// The IPv4 header's tree and the address columns.
fn header_tree(cx: &mut Ctx, h: &V4) {
    let b = cx.bytes;
    let (off, hlen, tos, tot) = (h.off, h.hlen, h.tos, h.tot);
    let (vhl, id, fl, ttl, proto, csum) = (h.vhl, h.id, h.fl, h.ttl, h.proto, h.csum);
    let (src, dst) = (h.src, h.dst);
    // the addresses as text: the header's label, the host fields and the columns
    let srcs = Value::Ipv4(src).to_fields_string();
    let dsts = Value::Ipv4(dst).to_fields_string();
    let mut n = Node::new(
        fid!("ip"),
        Value::None,
        off,
        hlen.max(tot.min(b.len() - off)),
    )
    .label(format!(
        "Internet Protocol Version 4, Src: {srcs}, Dst: {dsts}"
    ));
    n.len = hlen as u32;
    n.add_uint(fid!("ip.version"), 4, off, 1)
        .label("0100 .... = Version: 4");
    hdr_len_item(&mut n, vhl, off);
    let ds = n
        .add(fid!("ip.dsfield"), Value::Uint(tos as u64, 2), off + 1, 1)
        .label_fmt(|| {
            format!(
                "Differentiated Services Field: 0x{tos:02x} (DSCP: {}, ECN: {})",
                dscp_name(tos >> 2),
                ecn_name(tos & 3)
            )
        });
    ds.add_uint(fid!("ip.dsfield.dscp"), (tos >> 2) as u64, off + 1, 1)
        .label_fmt(|| dscp_line(tos as u64, 0xfc, 8));
    ds.add_uint(fid!("ip.dsfield.ecn"), (tos & 3) as u64, off + 1, 1)
        .label_fmt(|| ecn_line(tos as u64, 0x03, 8));
    let tl = n.add_uint(fid!("ip.len"), tot as u64, off + 2, 2);
    if tot < hlen {
        tl.label = Some(format!("Total Length: {tot} (bogus, must be at least 20)"));
        tl.expert = Some(Box::new((
            super::tree::Severity::Error,
            "Bogus IP length".into(),
        )));
    }
    n.add(fid!("ip.id"), Value::Uint(id as u64, 4), off + 4, 2);
    flag_items(&mut n, fl, off + 6);
    let t = n.add_uint(fid!("ip.ttl"), ttl as u64, off + 8, 1);
    if let Some((abbrev, msg)) = ttl_note(dst, ttl, proto) {
        t.push(super::tree::expert_info(
            abbrev,
            super::tree::Severity::Note,
            super::tree::Group::Sequence,
            &msg,
            off + 8,
        ));
    }
    n.add_uint(fid!("ip.proto"), proto as u64, off + 9, 1)
        .label_fmt(|| format!("Protocol: {} ({proto})", proto_long_name(proto)));
    n.add(
        fid!("ip.checksum"),
        Value::Uint(csum as u64, 4),
        off + 10,
        2,
    )
    .label_fmt(|| format!("Header Checksum: 0x{csum:04x} [validation disabled]"));
    n.add_uint(fid!("ip.checksum.status"), 2, off + 10, 0)
        .label("[Header checksum status: Unverified]");
    let ends = [
        (Value::Ipv4(src), srcs.clone(), off + 12),
        (Value::Ipv4(dst), dsts.clone(), off + 16),
    ];
    address_items(&mut n, &V4_FIELDS, ends, 4);
    if hlen > 20 {
        let o = n.push(Node::text("Options", off + 20, hlen - 20));
        let names = super::ipopt::options(o, &b[off + 20..off + hlen], off + 20);
        o.label = Some(format!("Options: ({} bytes)", hlen - 20));
        for name in names {
            o.label
                .get_or_insert_default()
                .push_str(&format!(", {name}"));
        }
    }
    cx.roots.push(n);
    cx.cols.src = srcs;
    cx.cols.dst = dsts;
}

/// `ip.hdr_len` of the version/length byte `vhl` at `off`.
fn hdr_len_item(n: &mut Node, vhl: u8, off: usize) {
    let hlen = ((vhl & 0x0f) as usize) * 4;
    n.add_uint(fid!("ip.hdr_len"), hlen as u64, off, 1)
        .label_fmt(|| {
            format!(
                ".... {:04b} = Header Length: {hlen} bytes ({})",
                vhl & 0xf,
                hlen / 4
            )
        });
}

/// The flags and fragment offset items of the 16 bits `fl` at `at`.
fn flag_items(n: &mut Node, fl: u16, at: usize) {
    let df = fl & 0x4000 != 0;
    let mf = fl & 0x2000 != 0;
    let frag_off = ((fl & 0x1fff) as u32) * 8;
    let flags_v = (fl >> 13) as u64;
    let flags_txt = if df {
        ", Don't fragment"
    } else if mf {
        ", More fragments"
    } else {
        ""
    };
    let f = n
        .add(fid!("ip.flags"), Value::Uint(flags_v, 2), at, 1)
        .label_fmt(|| {
            format!(
                "{} = Flags: 0x{flags_v:x}{flags_txt}",
                super::tree::bits_str(flags_v << 5, 0xe0, 8)
            )
        });
    let set = |on: bool| if on { "Set" } else { "Not set" };
    f.add(fid!("ip.flags.rb"), Value::Bool(fl & 0x8000 != 0), at, 1)
        .label_fmt(|| {
            format!(
                "{}... .... = Reserved bit: {}",
                (fl >> 15) & 1,
                set(fl & 0x8000 != 0)
            )
        });
    f.add(fid!("ip.flags.df"), Value::Bool(df), at, 1)
        .label_fmt(|| format!(".{}.. .... = Don't fragment: {}", df as u8, set(df)));
    f.add(fid!("ip.flags.mf"), Value::Bool(mf), at, 1)
        .label_fmt(|| format!("..{}. .... = More fragments: {}", mf as u8, set(mf)));
    // (the field holds the header's value, in units of 8 bytes; the label gives bytes)
    n.add_uint(fid!("ip.frag_offset"), (fl & 0x1fff) as u64, at, 2)
        .label_fmt(|| {
            format!(
                "{} = Fragment Offset: {frag_off}",
                super::tree::bits_str((fl & 0x1fff) as u64, 0x1fff, 16)
            )
        });
}

/// Enters an IP layer (`proto` "ip" or "ipv6"): the link layer's Info text gives way
/// (tshark's IP dissectors clear the column), and a layer inside another marks the frame
/// nested. True for the outermost IP layer.
pub fn enter_layer(cx: &mut Ctx, proto: &'static str) -> bool {
    cx.proto(proto);
    cx.cols.info.clear();
    cx.dec.ip_layers += 1;
    if cx.dec.ip_layers > 1 {
        cx.dec.nested = true;
    }
    cx.dec.ip_layers == 1
}

/// Dispatch on an IP protocol number (IPv4's Protocol, IPv6's Next Header) through the IP
/// protocol table. `len` is the reported payload length, `cap` how much of it was captured.
pub fn next_header(cx: &mut Ctx, proto: u8, off: usize, len: usize, cap: usize) {
    if let Some(d) = super::table::ip_proto(proto) {
        return d(cx, off, len, cap);
    }
    if cx.tree {
        let end = (off + cap).min(cx.bytes.len());
        let n = end.saturating_sub(off);
        if n > 0 {
            cx.proto("data");
            let mut d = Node::new(fid!("data"), Value::None, off, n)
                .label_fmt(|| super::ctx::data_title(n));
            d.add(
                fid!("data.data"),
                Value::Bytes(cx.bytes[off..end].to_vec()),
                off,
                n,
            );
            cx.roots.push(d);
        }
        if cx.cols.info.is_empty() {
            cx.cols.info = format!("{} ({proto})", proto_name(proto));
        }
    }
}

// IPv4 behind an Ethernet type, and IP in IP (4)
inventory::submit! { super::table::EtherType { etypes: &[0x0800], dissect } }
inventory::submit! {
    super::table::IpProto { protos: &[4], dissect: |cx, off, _, _| dissect(cx, off) }
}

pub fn dissect(cx: &mut Ctx, off: usize) {
    if enter_layer(cx, "ip") {
        cx.dec.ip4_off = Some(off as u32);
    }
    let b = cx.bytes;
    let Some(&vhl) = b.get(off) else {
        cx.malformed("IPv4", cx.snapped());
        return;
    };
    let version = vhl >> 4;
    let hlen = ((vhl & 0x0f) as usize) * 4;
    if cx.tree {
        cx.cols.protocol = "IPv4".into();
    }
    if version != 4 {
        if cx.tree {
            let mut n = Node::new(fid!("ip"), Value::None, off, 1)
                .label("Internet Protocol, bogus version");
            n.add_uint(fid!("ip.version"), version as u64, off, 1)
                .label_fmt(|| format!("{:04b} .... = Version: {version}", version))
                .expert = Some(Box::new((
                super::tree::Severity::Error,
                format!("Bogus IP version ({version}, must be 4)"),
            )));
            cx.roots.push(n);
            cx.cols.info = format!("Bogus IPv4 version ({version}, must be 4)");
        }
        return;
    }
    if hlen < 20 {
        if cx.tree {
            let mut n =
                Node::new(fid!("ip"), Value::None, off, 1).label("Internet Protocol Version 4");
            n.add_uint(fid!("ip.version"), 4, off, 1);
            hdr_len_item(&mut n, vhl, off);
            cx.roots.push(n);
            cx.cols.info = format!("Bogus IP header length ({hlen}, must be at least 20)");
        }
        return;
    }
    // the whole header, options too (hlen is at least 20: the fixed part is there)
    let Some(ih) = b.get(off..off + hlen).and_then(Ipv4Header::new_checked) else {
        if cx.tree {
            cx.roots.push(
                Node::new(fid!("ip"), Value::None, off, b.len().saturating_sub(off))
                    .label("Internet Protocol Version 4"),
            );
        }
        cx.malformed("IPv4", cx.snapped());
        return;
    };
    let (tos, id, fl, ttl, proto) = (
        ih.tos(),
        ih.ident(),
        ih.flags_frag(),
        ih.ttl(),
        ih.protocol(),
    );
    let mut tot = ih.total_len() as usize;
    let (csum, src, dst) = (ih.checksum(), ih.src(), ih.dst());
    let reported_rest = (cx.rec.reported() as usize).saturating_sub(off);
    let tso = tot == 0;
    if tso {
        tot = reported_rest;
    }
    cx.dec.src = Some(Addr::V4(src));
    cx.dec.dst = Some(Addr::V4(dst));
    let mf = ih.more_fragments();
    let frag_off = ih.frag_offset();
    let bogus_len = tot < hlen;
    if cx.tree {
        let h = V4 {
            off,
            vhl,
            hlen,
            tos,
            tot,
            id,
            fl,
            ttl,
            proto,
            csum,
            src,
            dst,
        };
        header_tree(cx, &h);
    }
    if bogus_len {
        if cx.tree {
            cx.cols.info = format!("Bogus IP length ({tot}, less than header length {hlen})");
        }
        return;
    }
    // The datagram ends at the total length, or at what was captured.
    let pay_start = off + hlen;
    let reported_end = off + tot;
    // (a datagram an ICMP error quotes is cut short by design: no note, as in Wireshark)
    if tot > reported_rest && cx.tree && !cx.in_error {
        if let Some(ipn) = cx.roots.last_mut() {
            if let Some(l) = ipn.children.iter_mut().find(|c| c.field == fid!("ip.len")) {
                l.label = Some(format!(
                    "Total Length: {tot} [bytes on wire ({}) < IPv4 total length]",
                    reported_rest
                ));
                l.expert = Some(Box::new((
                    super::tree::Severity::Error,
                    "IPv4 total length exceeds packet length".into(),
                )));
            }
        }
    }
    let cap_end = reported_end.min(b.len());
    let pay_cap = cap_end.saturating_sub(pay_start);
    let pay_len = tot
        .saturating_sub(hlen)
        .min(reported_rest.saturating_sub(hlen));

    if mf || frag_off > 0 {
        let f = Fragment {
            v6: false,
            src: Addr::V4(src),
            dst: Addr::V4(dst),
            id: id as u32,
            proto,
            frag_off,
            more: mf,
            pay_start,
            pay_cap,
        };
        f.handle(cx);
        return;
    }
    next_header(cx, proto, pay_start, pay_len, pay_cap);
}

/// A fragment of an IPv4 or IPv6 datagram: what identifies its datagram and where its
/// payload is in the frame.
pub struct Fragment {
    pub v6: bool,
    pub src: Addr,
    pub dst: Addr,
    pub id: u32,
    pub proto: u8,
    pub frag_off: u32,
    pub more: bool,
    pub pay_start: usize,
    pub pay_cap: usize,
}

/// The fields of a reassembled datagram's fragment list, IPv4's or IPv6's.
struct FragFields {
    fragments: FieldId,
    fragment: FieldId,
    overlap: FieldId,
    conflict: FieldId,
    tails: FieldId,
    too_long: FieldId,
    count: FieldId,
    length: FieldId,
    data: FieldId,
}

const V4_FRAGS: FragFields = FragFields {
    fragments: fid!("ip.fragments"),
    fragment: fid!("ip.fragment"),
    overlap: fid!("ip.fragment.overlap"),
    conflict: fid!("ip.fragment.overlap.conflict"),
    tails: fid!("ip.fragment.multipletails"),
    too_long: fid!("ip.fragment.toolongfragment"),
    count: fid!("ip.fragment.count"),
    length: fid!("ip.reassembled.length"),
    data: fid!("ip.reassembled.data"),
};

const V6_FRAGS: FragFields = FragFields {
    fragments: fid!("ipv6.fragments"),
    fragment: fid!("ipv6.fragment"),
    overlap: fid!("ipv6.fragment.overlap"),
    conflict: fid!("ipv6.fragment.overlap.conflict"),
    tails: fid!("ipv6.fragment.multipletails"),
    too_long: fid!("ipv6.fragment.toolongfragment"),
    count: fid!("ipv6.fragment.count"),
    length: fid!("ipv6.reassembled.length"),
    data: fid!("ipv6.reassembled.data"),
};

impl Fragment {
    /// In the first pass, into the fragment table (a completed datagram's transport layer is
    /// decoded for the analysis); when dissecting, the reassembled datagram in the frame that
    /// completes it, else the fragment as data.
    pub fn handle(&self, cx: &mut Ctx) {
        if let Some(ft) = cx.frag.as_deref_mut() {
            let data = cx
                .bytes
                .get(self.pay_start..self.pay_start + self.pay_cap)
                .unwrap_or(&[]);
            let (src, dst, id, proto) = (self.src, self.dst, self.id, self.proto);
            match ft.add(
                src,
                dst,
                id,
                proto,
                self.frag_off,
                self.more,
                data,
                cx.frame,
            ) {
                Some(r) => self.decode_whole(cx, r.data.clone()),
                None => cx.dec.ip_fragment = true,
            }
            return;
        }
        let Some(an) = cx.an else { return };
        match an.ip.done.get(&cx.frame) {
            Some(r) => self.reassembled(cx, r),
            None => self.lone(cx, an),
        }
    }

    fn name(&self) -> &'static str {
        if self.v6 {
            "IPv6"
        } else {
            "IPv4"
        }
    }

    /// Decodes the whole datagram's transport layer for the analysis.
    fn decode_whole(&self, cx: &mut Ctx, buf: std::sync::Arc<Vec<u8>>) {
        let rec = *cx.rec;
        let mut inner = Ctx::new(&buf[..], &rec, cx.frame, false);
        inner.dec = cx.dec.clone();
        let n = buf.len();
        next_header(&mut inner, self.proto, 0, n, n);
        cx.dec = inner.dec;
        cx.dec.reassembled_ip = Some(buf);
    }

    /// The fragments' node (at the end of the IP layer's tree, as Wireshark puts it) and the
    /// datagram's layers over its reassembled bytes.
    fn reassembled<'a>(&self, cx: &mut Ctx<'a>, r: &'a Reassembled) {
        let data: &[u8] = &r.data;
        let fr = self.fragments_node(r);
        match cx
            .roots
            .iter_mut()
            .rev()
            .find(|n| n.abbrev() == if self.v6 { "ipv6" } else { "ip" })
        {
            Some(ip) => {
                ip.push(fr);
            }
            None => cx.roots.push(fr),
        }
        let name = self.name();
        let ds = cx.sources.len() as u8 + 1;
        cx.sources
            .push((format!("Reassembled {name}"), data.to_vec()));
        let outer = cx.bytes;
        let first_root = cx.roots.len();
        cx.bytes = data;
        let n = data.len();
        next_header(cx, self.proto, 0, n, n);
        cx.bytes = outer;
        for r in &mut cx.roots[first_root..] {
            set_ds(r, ds);
        }
    }

    /// "[3 IPv4 Fragments (164 bytes): #1(18), #3(304), #2(116)]": each fragment with its
    /// place in the datagram and what reassembly noted of it, the count, the length and the
    /// reassembled bytes.
    fn fragments_node(&self, r: &Reassembled) -> Node {
        let name = self.name();
        let f = if self.v6 { &V6_FRAGS } else { &V4_FRAGS };
        let data: &[u8] = &r.data;
        let mut fr = Node::new(f.fragments, Value::None, 0, data.len()).label_fmt(|| {
            let list: Vec<String> = r
                .frags
                .iter()
                .map(|g| format!("#{}({})", g.frame, g.len))
                .collect();
            format!(
                "[{} {name} Fragments ({} bytes): {}]",
                r.frags.len(),
                data.len(),
                list.join(", ")
            )
        });
        fr.flags |= super::tree::GENERATED;
        for g in &r.frags {
            let (start, len) = (g.offset as usize, g.len as usize);
            let shown = len.min(data.len().saturating_sub(start));
            let it = fr
                .add(f.fragment, Value::Frame(g.frame), start, shown)
                .label_fmt(|| {
                    format!(
                        "[Frame: {}, payload: {start}-{} ({len} bytes)]",
                        g.frame,
                        (start + len).saturating_sub(1)
                    )
                })
                .generated();
            for (bit, what) in [
                (flag::OVERLAP, f.overlap),
                (flag::CONFLICT, f.conflict),
                (flag::MULTIPLE_TAILS, f.tails),
                (flag::TOO_LONG, f.too_long),
            ] {
                if g.flags & bit != 0 {
                    it.add(what, Value::Bool(true), start, shown).generated();
                }
            }
        }
        fr.add_uint(f.count, r.frags.len() as u64, 0, 0).generated();
        fr.add_uint(f.length, data.len() as u64, 0, 0).generated();
        fr.add(f.data, Value::Bytes(data.to_vec()), 0, data.len())
            .generated();
        fr
    }

    /// A fragment of a datagram completed elsewhere (or never): where it was reassembled,
    /// the Info text, and its bytes as data.
    fn lone(&self, cx: &mut Ctx, an: &crate::analysis::Analysis) {
        let frame = cx.frame;
        let (id, proto, frag_off) = (self.id, self.proto, self.frag_off);
        let rin = an.ip.reassembled_in.get(&frame).copied();
        if let Some(rin) = rin {
            let abbr = if self.v6 {
                fid!("ipv6.reassembled.in")
            } else {
                fid!("ip.reassembled_in")
            };
            if let Some(last) = cx.roots.iter_mut().rev().find(|n| {
                n.field == fid!("ip") || n.field == fid!("ipv6") || n.field == fid!("ipv6.fraghdr")
            }) {
                last.add(abbr, Value::Frame(rin), 0, 0)
                    .label_fmt(|| format!("Reassembled {} in frame: {rin}", self.name()))
                    .flags |= super::tree::GENERATED;
            }
        }
        cx.cols.protocol = self.name().into();
        // (tshark 4.0 names the reassembling frame in an IPv4 fragment's Info, not IPv6's)
        cx.cols.info = if self.v6 {
            format!(
                "IPv6 fragment (off={frag_off} more={} ident=0x{id:08x} nxt={proto})",
                if self.more { 'y' } else { 'n' }
            )
        } else {
            let name = proto_name(proto);
            let rin = rin
                .map(|f| format!(" [Reassembled in #{f}]"))
                .unwrap_or_default();
            format!(
                "Fragmented IP protocol (proto={name} {proto}, off={frag_off}, ID={id:04x}){rin}"
            )
        };
        let (pay_start, pay_cap) = (self.pay_start, self.pay_cap);
        if pay_cap > 0 {
            cx.proto("data");
            let mut d = Node::new(fid!("data"), Value::None, pay_start, pay_cap)
                .label_fmt(|| super::ctx::data_title(pay_cap));
            let bytes = cx
                .bytes
                .get(pay_start..pay_start + pay_cap)
                .unwrap_or_default();
            d.add(
                fid!("data.data"),
                Value::Bytes(bytes.to_vec()),
                pay_start,
                pay_cap,
            );
            d.add_uint(fid!("data.len"), pay_cap as u64, pay_start, 0)
                .generated();
            cx.roots.push(d);
        }
    }
}

/// The short name of a DSCP value, as in the DS field's summary.
pub fn dscp_name(d: u8) -> &'static str {
    match d {
        0 => "CS0",
        8 => "CS1",
        16 => "CS2",
        24 => "CS3",
        32 => "CS4",
        40 => "CS5",
        48 => "CS6",
        56 => "CS7",
        10 => "AF11",
        12 => "AF12",
        14 => "AF13",
        18 => "AF21",
        20 => "AF22",
        22 => "AF23",
        26 => "AF31",
        28 => "AF32",
        30 => "AF33",
        34 => "AF41",
        36 => "AF42",
        38 => "AF43",
        44 => "VOICE-ADMIT",
        46 => "EF PHB",
        1 => "LE",
        _ => "Unknown",
    }
}

/// The long name of a DSCP value, as on its bit line.
fn dscp_long(d: u8) -> String {
    match d {
        0 => "Default".into(),
        8 | 16 | 24 | 32 | 40 | 48 | 56 => format!("Class Selector {}", d / 8),
        10 | 12 | 14 | 18 | 20 | 22 | 26 | 28 | 30 | 34 | 36 | 38 => {
            format!("Assured Forwarding {}{}", d / 8, (d % 8) / 2)
        }
        44 => "Voice Admit".into(),
        46 => "Expedited Forwarding".into(),
        1 => "Lower Effort".into(),
        _ => "Unknown".into(),
    }
}

/// `0000 00.. = Differentiated Services Codepoint: Default (0)` for a DS byte (IPv4) or the
/// traffic class bits of IPv6's first word (`width` 32).
pub fn dscp_line(v: u64, mask: u64, width: u32) -> String {
    let d = ((v & mask) >> mask.trailing_zeros()) as u8;
    format!(
        "{} = Differentiated Services Codepoint: {} ({d})",
        super::tree::bits_str(v, mask, width),
        dscp_long(d)
    )
}

/// `.... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)`.
pub fn ecn_line(v: u64, mask: u64, width: u32) -> String {
    let e = ((v & mask) >> mask.trailing_zeros()) as u8;
    let name = match e {
        0 => "Not ECN-Capable Transport",
        1 => "ECN-Capable Transport codepoint '01'",
        2 => "ECN-Capable Transport codepoint '10'",
        _ => "Congestion Experienced",
    };
    format!(
        "{} = Explicit Congestion Notification: {name} ({e})",
        super::tree::bits_str(v, mask, width)
    )
}

pub fn ecn_name(e: u8) -> &'static str {
    match e {
        0 => "Not-ECT",
        1 => "ECT(1)",
        2 => "ECT(0)",
        _ => "CE",
    }
}

/// The transport header of an IPv4 or IPv6 packet starting at `b[ip..]` (a datagram quoted
/// by an ICMP error, a sampled header): addresses, protocol number, the transport header's
/// offset and where the IP payload ends by the IP length field. None for a fragment after
/// the first, or bytes too short to say.
pub fn l4_of(b: &[u8], ip: usize) -> Option<(Addr, Addr, u8, usize, usize)> {
    let at = b.get(ip..)?;
    match *at.first()? >> 4 {
        4 => {
            let h = Ipv4Header::new_checked(at)?;
            if h.header_len() < 20 || h.frag_offset() != 0 {
                return None;
            }
            let end = ip + h.total_len() as usize;
            let (src, dst) = (Addr::V4(h.src()), Addr::V4(h.dst()));
            Some((src, dst, h.protocol(), ip + h.header_len(), end))
        }
        6 => {
            let h = Ipv6Header::new_checked(at)?;
            let end = ip + 40 + h.payload_len() as usize;
            let (src, dst) = (Addr::V6(h.src()), Addr::V6(h.dst()));
            Some((src, dst, h.next_header(), ip + 40, end))
        }
        _ => None,
    }
}

/// The addresses and ports of a UDP header inside an IP packet at `b[ip..]`.
pub fn udp_of(b: &[u8], ip: usize) -> Option<(Addr, Addr, u16, u16)> {
    match l4_of(b, ip)? {
        (src, dst, 17, l4, _) => {
            let h = UdpHeader::new_checked(b.get(l4..)?)?;
            Some((src, dst, h.src_port(), h.dst_port()))
        }
        _ => None,
    }
}

/// The addresses and ports of a TCP header inside an IP packet at `b[ip..]` (an ICMP error
/// may quote no more of it than its first 8 bytes: the ports are all that is read).
pub fn tcp_of(b: &[u8], ip: usize) -> Option<(Addr, Addr, u16, u16)> {
    match l4_of(b, ip)? {
        (src, dst, 6, l4, _) => {
            let p = b.get(l4..l4 + 4)?;
            Some((
                src,
                dst,
                u16::from_be_bytes([p[0], p[1]]),
                u16::from_be_bytes([p[2], p[3]]),
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_udp_header_a_quoted_datagram_carries() {
        // IPv4, 20-byte header, UDP 32623 -> 53
        let mut v4 = vec![
            0x45, 0, 0, 36, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        v4.extend_from_slice(&[0x7f, 0x6f, 0, 53, 0, 16, 0, 0]);
        assert_eq!(
            udp_of(&v4, 0),
            Some((Addr::V4([10, 0, 0, 1]), Addr::V4([10, 0, 0, 2]), 32623, 53))
        );
        // a later fragment says nothing of ports
        let mut frag = v4.clone();
        frag[7] = 1;
        assert_eq!(udp_of(&frag, 0), None);
        // TCP is not UDP; too short is nothing; garbage versions are nothing
        let mut tcp = v4.clone();
        tcp[9] = 6;
        assert_eq!(udp_of(&tcp, 0), None);
        assert_eq!(udp_of(&v4[..21], 0), None);
        assert_eq!(udp_of(&[0x55; 40], 0), None);
        // IPv6
        let mut v6 = vec![0x60, 0, 0, 0, 0, 8, 17, 64];
        v6.extend_from_slice(&[0xfe; 16]);
        v6.extend_from_slice(&[0xfd; 16]);
        v6.extend_from_slice(&[0, 1, 0, 2, 0, 8, 0, 0]);
        assert_eq!(
            udp_of(&v6, 0),
            Some((Addr::V6([0xfe; 16]), Addr::V6([0xfd; 16]), 1, 2))
        );
    }
}
