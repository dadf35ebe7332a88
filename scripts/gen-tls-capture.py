#!/usr/bin/env python3
"""Writes a large HTTPS capture for the decryption benchmark: the recorded connection of
tests/captures/tls/tls13-h1.pcap (TLS 1.3, two requests, a 22 KB page) repeated until the
file reaches SIZE bytes, each copy a TCP stream of its own (the client's address and port
changed, the times shifted). Every copy has the same client random, so the recording's key
log (tls13-h1.keys) opens all of them.

Usage: gen-tls-capture.py OUT.pcap SIZE_MB
"""
import struct, sys

src = __file__.rsplit("/", 2)[0] + "/tests/captures/tls/tls13-h1.pcap"
out, size = sys.argv[1], int(sys.argv[2]) << 20
data = open(src, "rb").read()
ghdr, recs, off = data[:24], [], 24
while off + 16 <= len(data):
    ts, tu, incl, orig = struct.unpack("<IIII", data[off:off + 16])
    recs.append((ts, tu, orig, bytearray(data[off + 16:off + 16 + incl])))
    off += 16 + incl
client = bytes([10, 99, 0, 2])
with open(out, "wb") as f:
    f.write(ghdr)
    written, k = 24, 0
    t0 = recs[0][0]
    while written < size:
        ip = bytes([10, 100 + (k >> 16) % 100, (k >> 8) & 255, k & 255])
        port = 1024 + k % 60000
        for ts, tu, orig, pkt in recs:
            p = bytearray(pkt)
            # Ethernet (14) + IPv4 (20, no options) + TCP ports
            if p[26:30] == client:
                p[26:30] = ip
                p[34:36] = struct.pack(">H", port)
            elif p[30:34] == client:
                p[30:34] = ip
                p[36:38] = struct.pack(">H", port)
            f.write(struct.pack("<IIII", t0 + k // 50, tu, len(p), orig))
            f.write(p)
            written += 16 + len(p)
        k += 1
print(f"{out}: {k} connections, {written} bytes")
