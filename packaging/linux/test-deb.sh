#!/usr/bin/env bash
# Builds the .deb, installs it, and opens a capture the way a file manager's double-click
# does: xdg-mime must name Fathom's desktop file for pcap and pcapng, and `xdg-open some.pcap`
# under Xvfb must bring up a window titled with that file's name. Needs root (CI has it) and
# a release build (scripts/test.sh builds it first). Leaves the package removed again.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then
  echo "test-deb: skipped (installing a package needs root)"
  exit 0
fi
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked --quiet
work=$(mktemp -d /tmp/fathom-deb-test.XXXXXX)
xvfb_pid=""
debian_fathom=""
cleanup() {
  pkill -f "^/usr/bin/fathom-inspector " 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  dpkg -r fathom-inspector >/dev/null 2>&1 || true
  [ -n "$debian_fathom" ] && dpkg -r fathom >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "test-deb: validating the desktop file and the AppStream metadata"
desktop-file-validate packaging/linux/fathom.desktop
appstreamcli validate --no-net packaging/linux/io.github.fathom.Fathom.metainfo.xml

echo "test-deb: Debian's own fathom (a chess tablebase probe) first, to install beside"
if ! dpkg-query -W -f='${Status}' fathom 2>/dev/null | grep "install ok installed" >/dev/null; then
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fathom >/dev/null 2>&1; then
    debian_fathom=1
  else
    echo "test-deb: Debian's fathom could not be installed here; checking the file list instead"
  fi
fi

echo "test-deb: building and installing the package"
deb=$(cargo deb --no-build --strip --quiet 2>/dev/null | tail -1)
[ -f "$deb" ] || deb=$(ls -t target/debian/fathom-inspector_*.deb | awk 'NR == 1')
dpkg -i "$deb" >/dev/null
# a name no Debian package has, a program name no Debian package has (Debian's fathom is
# /usr/games/fathom), no Conflicts; a short description that fits one line
[ "$(dpkg-deb -f "$deb" Package)" = "fathom-inspector" ] || { echo "test-deb: package name"; exit 1; }
[ -z "$(dpkg-deb -f "$deb" Conflicts)" ] || { echo "test-deb: the package conflicts with something"; exit 1; }
if dpkg-deb -c "$deb" | grep -E '\./usr/(bin|games)/fathom$|\./usr/share/doc/fathom/' >/dev/null; then
  echo "test-deb: the package ships a path of Debian's fathom"; exit 1
fi
if [ -n "$debian_fathom" ] || dpkg-query -W -f='${Status}' fathom 2>/dev/null | grep "install ok installed" >/dev/null; then
  dpkg-query -W -f='${Status}' fathom | grep "install ok installed" >/dev/null \
    || { echo "test-deb: installing ours removed Debian's fathom"; exit 1; }
  [ -x /usr/games/fathom ] || { echo "test-deb: /usr/games/fathom is gone"; exit 1; }
  echo "test-deb: installed beside Debian's fathom ($(dpkg-query -W -f='${Version}' fathom))"
fi
# (awk reads to the end: a reader that stops early would end the writer with SIGPIPE, which
# pipefail makes this script's exit status)
desc=$(dpkg-deb -f "$deb" Description | awk 'NR == 1')
[ "${#desc}" -le 60 ] || { echo "test-deb: the short description is ${#desc} characters"; exit 1; }
for f in /usr/bin/fathom-inspector /usr/bin/fathom-capture /usr/share/applications/fathom.desktop \
         /usr/share/metainfo/io.github.fathom.Fathom.metainfo.xml \
         /usr/share/icons/hicolor/256x256/apps/fathom.png \
         /usr/share/icons/hicolor/scalable/apps/fathom.svg \
         /usr/share/mime/packages/fathom.xml /usr/share/fathom/demo-http.pcap; do
  [ -e "$f" ] || { echo "test-deb: $f is not installed"; exit 1; }
done
desktop-file-validate /usr/share/applications/fathom.desktop
appstreamcli validate --no-net /usr/share/metainfo/io.github.fathom.Fathom.metainfo.xml
getcap /usr/bin/fathom-capture | grep "cap_net_admin,cap_net_raw=eip" >/dev/null \
  || { echo "test-deb: postinst did not give the helper its capabilities"; exit 1; }

echo "test-deb: file associations"
cp assets/demo-http.pcap "$work/some.pcap"
/usr/bin/fathom-capture -D >/dev/null
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$HOME"
for t in application/vnd.tcpdump.pcap application/x-pcapng; do
  got=$(xdg-mime query default "$t")
  [ "$got" = "fathom.desktop" ] || { echo "test-deb: xdg-mime default for $t is '$got'"; exit 1; }
done
ft=$(xdg-mime query filetype "$work/some.pcap")
[ "$ft" = "application/vnd.tcpdump.pcap" ] || { echo "test-deb: some.pcap is '$ft'"; exit 1; }

echo "test-deb: xdg-open some.pcap under Xvfb"
. scripts/xvfb.sh
start_xvfb "$work" || exit 1
xvfb_pid=$XVFB_PID
xdg-open "$work/some.pcap" >"$work/open.log" 2>&1 &
for _ in $(seq 1 240); do
  if xdotool search --name "some.pcap" >/dev/null 2>&1; then
    echo "test-deb: a window titled \"$(xdotool search --name 'some.pcap' getwindowname | awk 'NR == 1')\" opened"
    exit 0
  fi
  sleep 0.5
done
echo "test-deb: no window titled with some.pcap appeared in 120 s after xdg-open; its output:"
cat "$work/open.log"
exit 1
