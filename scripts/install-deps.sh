#!/usr/bin/env bash
# Installs the system packages Fathom needs on Debian/Ubuntu (run as root or with sudo):
# libpcap for capture, the X11/Wayland/GL runtime for the window, Wireshark's data files (the
# manuf/wka tables that name MAC vendors, read at run time), and for the tests
# Xvfb, python3 and tshark for the conformance tool.
set -euo pipefail
want=(libpcap-dev pkg-config libx11-6 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0
      libwayland-client0 libgl1 libegl1 libgl1-mesa-dri fonts-dejavu-core fonts-droid-fallback fonts-symbola python3
      libwireshark-data)
# curl, iproute2 and util-linux (setpriv) drive the live-capture tests; xclip reads the
# clipboard back in scripts/test-desktop.sh
[ "${1:-}" = "--test" ] && want+=(xvfb xauth curl iproute2 util-linux xclip)
# the conformance tool reads tshark's answers cached beside each corpus capture, and asks
# tshark (Debian's 4.0) for any the cache lacks or that were cached for another field list
[ "${1:-}" = "--test" ] && want+=(tshark)
# building and checking the .deb: desktop-file-validate, appstreamcli, xdg-mime/xdg-open,
# xdotool (the window appeared), setcap/getcap
[ "${1:-}" = "--test" ] && want+=(desktop-file-utils appstream xdg-utils xdotool libcap2-bin dpkg-dev)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
