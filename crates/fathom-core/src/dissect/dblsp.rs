//! Dropbox LAN sync discovery on UDP port 17500: a JSON object announcing a client.

use super::ctx::Ctx;
use super::tree::{Build, Node, Value};

pub const PORT: u16 = 17500;

inventory::submit! {
    super::table::UdpPort { port: PORT, dissect }
}

pub fn dissect(cx: &mut Ctx, start: usize, end: usize) {
    cx.proto("db-lsp-disc");
    let mut n = Node::new(fid!("db-lsp-disc"), Value::None, start, end - start)
        .label("Dropbox LAN sync Discovery Protocol");
    if cx.bytes.get(start) == Some(&b'{') {
        cx.proto("json");
        n.push(
            Node::new(fid!("json"), Value::None, start, end - start)
                .label("JavaScript Object Notation"),
        );
        cx.cols.protocol = "DB-LSP-DISC/JSON".into();
        cx.cols.info = "Dropbox LAN sync Discovery Protocol, JavaScript Object Notation".into();
    } else {
        cx.cols.protocol = "DB-LSP-DISC".into();
        cx.cols.info = "Dropbox LAN sync Discovery Protocol".into();
    }
    cx.roots.push(n);
}
