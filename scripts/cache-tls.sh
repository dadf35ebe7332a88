#!/usr/bin/env bash
# Caches tshark's answers for the TLS tests (tests/tls.rs): for every capture in
# tests/captures/tls, decrypted with the key log beside it (NAME.keys), the fields of
# fields.txt (NAME.pcap.tshark.tsv) and the frames each display filter of filters.txt shows
# (NAME.pcap.filters.tsv). Needs tshark 4.0. Usage: scripts/cache-tls.sh
set -euo pipefail
cd "$(dirname "$0")/../tests/captures/tls"
args=()
while read -r f; do args+=(-e "$f"); done < fields.txt
for cap in *.pcap; do
  keys=${cap%.pcap}.keys
  tshark -2 -r "$cap" -o "tls.keylog_file:$keys" -T fields "${args[@]}" > "$cap.tshark.tsv" 2>/dev/null
  : > "$cap.filters.tsv"
  while read -r flt; do
    frames=$(tshark -2 -r "$cap" -o "tls.keylog_file:$keys" -Y "$flt" -T fields -e frame.number 2>/dev/null | paste -sd, -)
    printf '%s\t%s\n' "$flt" "$frames" >> "$cap.filters.tsv"
  done < filters.txt
done
# Follow TLS Stream and Follow HTTP Stream on the decrypted stream, as text and hex
for cap in *.pcap; do
  keys=${cap%.pcap}.keys
  for p in tls http; do
    for m in ascii hex; do
      tshark -2 -q -r "$cap" -o "tls.keylog_file:$keys" -z "follow,$p,$m,0" > "$cap.follow-$p-$m-0.txt" 2>/dev/null
    done
  done
done
# a pcapng whose Decryption Secrets Block carries the key log: read with no option
# (made by `editcap --inject-secrets tls,tls12-chacha-h1.keys tls12-chacha-h1.pcap tls12-chacha-dsb.pcapng`)
tshark -2 -r tls12-chacha-dsb.pcapng -T fields "${args[@]}" > tls12-chacha-dsb.pcapng.tshark.tsv 2>/dev/null
# Follow HTTP/2 Stream on every capture with HTTP/2 (over TLS and h2c): each HTTP/2 stream
# of TCP stream 0 that tshark sees, and one that is not there
rm -f ./*.follow-http2-*.txt
for cap in *.pcap; do
  keys=${cap%.pcap}.keys
  ids=$(tshark -2 -r "$cap" -o "tls.keylog_file:$keys" -Y http2 -T fields -e http2.streamid 2>/dev/null | tr ',' '\n' | sort -nu)
  [ -n "$ids" ] || continue
  tshark -2 -q -r "$cap" -o "tls.keylog_file:$keys" -z http2,tree > "$cap.http2-tree.txt" 2>/dev/null
  for s in $ids 99; do
    for m in ascii hex; do
      tshark -2 -q -r "$cap" -o "tls.keylog_file:$keys" -z "follow,http2,$m,0,$s" > "$cap.follow-http2-$m-0-$s.txt" 2>/dev/null
    done
  done
done
