#!/usr/bin/env bash
# Caches tshark's answers for the CLI tests (tests/cli.rs): every case of
# tests/cli-cache/cases.txt, `tshark -Y … -w`, `-r -` and `-T json` on the recorded captures.
# Needs tshark (4.0, as the rest of the caches). Usage: scripts/cache-cli.sh
set -euo pipefail
cd "$(dirname "$0")/.."
c=tests/cli-cache
grep -v '^#' $c/cases.txt | while IFS=$'\t' read -r name cap args; do
  # shellcheck disable=SC2086
  tshark -2 -r "tests/captures/$cap" $args > "$c/$name.out" 2>/dev/null
done
# -r -: a capture read from a pipe
tshark -r - -Y http < tests/captures/keepalive-2.pcap > $c/stdin.out 2>/dev/null
# -Y … -w: the displayed packets written (pcapng and pcap), then read back with -x -t e
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tshark -2 -r tests/captures/http-browse.pcap -Y 'http || tcp.flags.syn==1' -w "$tmp/w.pcapng" 2>/dev/null
tshark -r "$tmp/w.pcapng" -x -P -t e > $c/write-pcapng.out 2>/dev/null
tshark -2 -r tests/captures/keepalive-2.pcap -Y 'tcp.len > 0' -F pcap -w "$tmp/w.pcap" 2>/dev/null
tshark -r "$tmp/w.pcap" -x -P -t e > $c/write-pcap.out 2>/dev/null
# -T json on the recorded captures
for cap in demo-http keepalive-2 big-gzip gb2312; do
  tshark -2 -r tests/captures/$cap.pcap -T json > $c/$cap.json 2>/dev/null
done
