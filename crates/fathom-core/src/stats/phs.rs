//! Protocol Hierarchy (Statistics ▸ Protocol Hierarchy, `-z io,phs`): each frame's chain of
//! protocols, counted level by level as tshark's tap counts it. The chain is the frame's
//! top-level tree items (so a pseudo-layer like `ethertype`, the X.509 layers inside TLS or
//! the quoted headers inside an ICMP error are not levels of their own), with the reassembled
//! TCP segments item last, where tshark's tree has it when nothing is printed.

/// One level of the hierarchy: a protocol, its frames and bytes, and what it carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Level {
    pub name: String,
    pub frames: u64,
    pub bytes: u64,
    pub children: Vec<Level>,
}

/// The hierarchy's path for one frame: its top-level tree items after the frame's own, the
/// reassembled TCP segments item moved after the items of the PDU it reassembled (tshark adds
/// it once that PDU is dissected, and moves it up only in a printed tree).
pub fn path(roots: &[&'static str]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = roots.iter().copied().filter(|r| *r != "frame").collect();
    if let Some(i) = v.iter().position(|r| *r == "tcp.segments") {
        v.remove(i);
        // the PDU's items: its protocol and what follows until that protocol starts again
        let mut j = i;
        if let Some(&first) = v.get(i) {
            j += 1;
            while j < v.len() && v[j] != first {
                j += 1;
            }
        }
        v.insert(j, "tcp.segments");
    }
    v
}

/// Adds one frame of `bytes` bytes along `path`.
pub fn add(root: &mut Vec<Level>, path: &[&str], bytes: u64) {
    let mut level = root;
    for p in path {
        let i = match level.iter().position(|l| l.name == *p) {
            Some(i) => i,
            None => {
                level.push(Level {
                    name: p.to_string(),
                    ..Default::default()
                });
                level.len() - 1
            }
        };
        level[i].frames += 1;
        level[i].bytes += bytes;
        level = &mut level[i].children;
    }
}

/// `-z io,phs` as tshark prints it.
pub fn text(root: &[Level], filter: Option<&str>) -> String {
    fn walk(s: &mut String, levels: &[Level], depth: usize) {
        for l in levels {
            let name = format!("{}{}", "  ".repeat(depth), l.name);
            crate::push_fmtln!(s, "{name:<41}frames:{} bytes:{}", l.frames, l.bytes);
            walk(s, &l.children, depth + 1);
        }
    }
    let rule = "===================================================================\n";
    let mut s = String::from("\n");
    s.push_str(rule);
    s.push_str("Protocol Hierarchy Statistics\n");
    crate::push_fmtln!(s, "Filter: {}", filter.unwrap_or(""));
    s.push('\n');
    walk(&mut s, root, 0);
    s.push_str(rule);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_nest_in_first_seen_order() {
        let mut root = Vec::new();
        add(&mut root, &path(&["frame", "eth", "ip", "tcp"]), 60);
        add(
            &mut root,
            &path(&[
                "frame",
                "eth",
                "ip",
                "tcp",
                "tcp.segments",
                "http",
                "data-text-lines",
            ]),
            350,
        );
        add(&mut root, &path(&["frame", "eth", "ip", "udp", "dns"]), 90);
        assert_eq!(
            path(&["frame", "eth", "ip", "tcp", "tcp.segments", "tls", "tls"]),
            ["eth", "ip", "tcp", "tls", "tcp.segments", "tls"]
        );
        let t = text(&root, None);
        let want = [
            "",
            "===================================================================",
            "Protocol Hierarchy Statistics",
            "Filter: ",
            "",
            "eth                                      frames:3 bytes:500",
            "  ip                                     frames:3 bytes:500",
            "    tcp                                  frames:2 bytes:410",
            "      http                               frames:1 bytes:350",
            "        data-text-lines                  frames:1 bytes:350",
            "          tcp.segments                   frames:1 bytes:350",
            "    udp                                  frames:1 bytes:90",
            "      dns                                frames:1 bytes:90",
            "===================================================================",
            "",
        ]
        .join("\n");
        assert_eq!(t, want);
    }
}
