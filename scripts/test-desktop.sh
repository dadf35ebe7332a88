#!/usr/bin/env bash
# The window on a real X server (Xvfb): Ctrl+C on a selected packet reaches the system
# clipboard (read back with xclip), as other programs would paste it.
set -euo pipefail
cd "$(dirname "$0")/.."
for t in Xvfb xdotool xclip; do
  command -v "$t" >/dev/null || { echo "test-desktop: $t is missing (scripts/install-deps.sh --test)"; exit 1; }
done
work=$(mktemp -d)
xvfb= app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. scripts/xvfb.sh
start_xvfb "$work" || exit 1
xvfb=$XVFB_PID
mkdir "$work/home"
HOME="$work/home" target/release/fathom assets/demo-http.pcap >"$work/app.log" 2>&1 &
app=$!
win=
for _ in $(seq 1 240); do
  win=$(xdotool search --name "demo-http.pcap" 2>/dev/null | awk 'NR == 1' || true)
  [ -n "$win" ] && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$win" ]; then
  if kill -0 "$app" 2>/dev/null; then
    echo "test-desktop: no window named demo-http.pcap after 120 s; windows on $DISPLAY:"
    xdotool search --name . getwindowname %@ 2>/dev/null || true
  else
    echo "test-desktop: fathom exited before its window opened"
  fi
  echo "--- fathom's output:"; cat "$work/app.log"
  exit 1
fi
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
  *) echo "test-desktop: clipboard holds '$got', not frame 1's summary"; echo "--- fathom's output:"; cat "$work/app.log"; exit 1 ;;
esac
