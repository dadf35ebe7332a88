//! RIP on UDP port 520: version and command (`Request`, `Response`).

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};

pub const PORT: u16 = 520;

inventory::submit! {
    super::table::UdpPort { port: PORT, dissect }
}

pub fn dissect(cx: &mut Ctx, start: usize, end: usize) {
    let (Some(&cmd), Some(&ver)) = (cx.bytes.get(start), cx.bytes.get(start + 1)) else {
        return;
    };
    cx.proto("rip");
    let name = match cmd {
        1 => "Request",
        2 => "Response",
        3 => "Traceon",
        4 => "Traceoff",
        5 => "Vendor specific (Sun)",
        _ => "Unknown command",
    };
    let col = match ver {
        1 => "RIPv1",
        2 => "RIPv2",
        _ => "RIP",
    };
    let mut n = Node::new(fid!("rip"), Value::None, start, end - start)
        .label("Routing Information Protocol");
    n.add_uint(fid!("rip.command"), cmd as u64, start, 1)
        .label_fmt(|| format!("Command: {name} ({cmd})"));
    n.add_uint(fid!("rip.version"), ver as u64, start + 1, 1)
        .label_fmt(|| format!("Version: {col} ({ver})"));
    cx.roots.push(n);
    cx.cols.protocol = col.into();
    cx.cols.info = name.into();
}
