#!/usr/bin/env bash
# The window on a real X server (Xvfb): Ctrl+C on a selected packet reaches the system
# clipboard (read back with xclip), as other programs would paste it.
set -euo pipefail
cd "$(dirname "$0")/.."
for t in Xvfb xdotool xclip; do
  command -v "$t" >/dev/null || { echo "test-desktop: $t is missing (scripts/install-deps.sh --test)"; exit 1; }
done
display=:$((70 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=$display
sleep 1
HOME=$(mktemp -d) target/release/fathom assets/demo-http.pcap >/dev/null 2>&1 &
app=$!
win=
for _ in $(seq 1 60); do
  win=$(xdotool search --name "demo-http.pcap" 2>/dev/null | awk 'NR == 1' || true)
  [ -n "$win" ] && break
  sleep 0.5
done
[ -n "$win" ] || { echo "test-desktop: the window did not open"; exit 1; }
sleep 1
xdotool windowfocus --sync "$win"
xdotool key --window "$win" Down
sleep 0.5
xdotool key --window "$win" ctrl+c
got=
for _ in $(seq 1 10); do
  got=$(timeout 5 xclip -o -selection clipboard 2>/dev/null || true)
  [ -n "$got" ] && break
  sleep 0.3
done
case "$got" in
  1$'\t'*"[SYN]"*) echo "test-desktop: Ctrl+C put the packet's summary on the clipboard" ;;
  *) echo "test-desktop: clipboard holds '$got', not frame 1's summary"; exit 1 ;;
esac
