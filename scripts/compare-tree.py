#!/usr/bin/env python3
"""How much of `fathom print -V` equals `tshark -2 -V`, line by line, per protocol.

For every capture under the given folders (default ../shared/corpus) it splits both outputs
into frames ("Frame N: ...") and each frame into its top-level protocol sections, then, for
each protocol section tshark prints, counts the tshark lines that Fathom prints in the same
order in its section of the same protocol of the same frame (difflib's matching blocks). A
line agrees only when it is the same text at the same indentation.

tshark's answers are read from a cache folder (one gzip file per capture, made by running
tshark when it is installed and the cache has no answer yet), so the figure can be checked
where tshark is not installed.

Usage:
  compare-tree.py [--fathom BIN] [--cache DIR] [--tls] [--min PROTO=PCT ...] [--show N] [PATH ...]
Exit status: 0 when every --min holds, 1 otherwise.
"""
import argparse
import difflib
import gzip
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict

# top-level section title -> protocol key
TITLES = [
    ("Frame ", "frame"),
    ("Ethernet II", "eth"),
    ("Internet Protocol Version 4", "ip"),
    ("Internet Protocol Version 6", "ipv6"),
    ("Transmission Control Protocol", "tcp"),
    ("User Datagram Protocol", "udp"),
    ("Hypertext Transfer Protocol", "http"),
    ("Address Resolution Protocol", "arp"),
    ("Internet Control Message Protocol v6", "icmpv6"),
    ("Internet Control Message Protocol", "icmp"),
    ("Domain Name System", "dns"),
    ("Line-based text data", "data-text-lines"),
    ("Data (", "data"),
]
# measured with --tls (their answers are not in the committed cache)
TLS_TITLES = [
    ("Transport Layer Security", "tls"),
    ("HyperText Transfer Protocol 2", "http2"),
]
CAPTURE = re.compile(r"\.(pcap|pcapng|cap)(\.gz)?$")


def proto_of(title):
    for prefix, key in TITLES:
        if title.startswith(prefix):
            return key
    return None


def sections(text):
    """{(frame number, proto, occurrence): [lines]} of one -V output."""
    out = {}
    frame = 0
    cur = None
    seen = defaultdict(int)
    for line in text.splitlines():
        if not line:
            cur = None
            continue
        if not line[0].isspace():
            m = re.match(r"Frame (\d+): ", line)
            if m:
                frame = int(m.group(1))
                seen = defaultdict(int)
            key = proto_of(line)
            if key is None:
                cur = None
                continue
            k = (frame, key, seen[key])
            seen[key] += 1
            cur = out.setdefault(k, [])
        if cur is not None:
            cur.append(line)
    return out


def tshark_text(path, rel, cache):
    name = rel.replace(os.sep, "__") + ".V.txt.gz"
    cached = os.path.join(cache, name)
    if os.path.exists(cached):
        with gzip.open(cached, "rt", encoding="utf-8", errors="replace") as f:
            return f.read()
    if not shutil.which("tshark"):
        return None
    text = subprocess.run(["tshark", "-2", "-V", "-r", path], capture_output=True,
                          text=True, errors="replace").stdout
    os.makedirs(cache, exist_ok=True)
    with gzip.open(cached, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(text)
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fathom", default=os.environ.get("FATHOM", "target/release/fathom"))
    ap.add_argument("--cache", default="tests/tree-cache")
    ap.add_argument("--min", action="append", default=[])
    ap.add_argument("--show", type=int, default=0, help="differing lines to show per protocol")
    ap.add_argument("--top", type=int, default=0,
                    help="the most common shapes of tshark lines Fathom misses, per protocol")
    ap.add_argument("--tls", action="store_true",
                    help="measure TLS and HTTP/2 too (tshark's answers cached in "
                         "/tmp/fathom-tree-cache-tls unless --cache names another folder)")
    ap.add_argument("paths", nargs="*", default=["../shared/corpus"])
    a = ap.parse_args()
    if a.tls:
        TITLES.extend(TLS_TITLES)
        if a.cache == "tests/tree-cache":
            a.cache = "/tmp/fathom-tree-cache-tls"
    files = []
    for p in a.paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [(os.path.join(root, n), os.path.relpath(os.path.join(root, n), p))
                          for n in names if CAPTURE.search(n)]
        else:
            files.append((p, os.path.basename(p)))
    files.sort()
    agree = defaultdict(int)
    total = defaultdict(int)
    shown = defaultdict(int)
    shapes = defaultdict(lambda: defaultdict(int))
    missing = 0
    for path, rel in files:
        want = tshark_text(path, rel, a.cache)
        if want is None:
            missing += 1
            continue
        got = subprocess.run([a.fathom, "print", "-V", "-r", path], capture_output=True,
                             text=True, errors="replace").stdout
        w, g = sections(want), sections(got)
        for k, lines in w.items():
            proto = k[1]
            mine = g.get(k, [])
            sm = difflib.SequenceMatcher(None, lines, mine, autojunk=False)
            same = sum(b.size for b in sm.get_matching_blocks())
            agree[proto] += same
            total[proto] += len(lines)
            if a.top and same < len(lines):
                for tag, i1, i2, _, _ in sm.get_opcodes():
                    if tag != "equal":
                        for l in lines[i1:i2]:
                            shapes[proto][re.sub(r"[0-9a-f]{2}(:[0-9a-f]{2})+|\d+", "#", l)[:90]] += 1
            if a.show and same < len(lines) and shown[proto] < a.show:
                for tag, i1, i2, j1, j2 in sm.get_opcodes():
                    if tag != "equal" and shown[proto] < a.show:
                        shown[proto] += 1
                        print(f"  {rel} frame {k[0]} {proto}:")
                        for l in lines[i1:i2]:
                            print(f"    tshark: {l}")
                        for l in mine[j1:j2]:
                            print(f"    fathom: {l}")
    for proto in sorted(shapes, key=lambda p: -total[p]):
        top = sorted(shapes[proto].items(), key=lambda x: -x[1])[: a.top]
        print(f"{proto}: missed lines by shape")
        for shape, n in top:
            print(f"  {n:>7}  {shape}")
    print(f"{'protocol':<16}{'agree':>10}{'lines':>10}{'share':>9}")
    for proto in sorted(total, key=lambda p: -total[p]):
        pct = 100.0 * agree[proto] / total[proto] if total[proto] else 100.0
        print(f"{proto:<16}{agree[proto]:>10}{total[proto]:>10}{pct:>8.2f}%")
    all_a, all_t = sum(agree.values()), sum(total.values())
    print(f"files: {len(files) - missing}, without tshark's answer: {missing}")
    print(f"tree lines: {all_a}/{all_t} agree ({100.0 * all_a / max(all_t, 1):.2f}%)")
    ok = True
    for m in a.min:
        proto, pct = m.split("=")
        have = 100.0 * agree[proto] / total[proto] if total[proto] else 100.0
        if have < float(pct):
            print(f"{proto}: {have:.2f}% is below the ratchet {pct}%")
            ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
