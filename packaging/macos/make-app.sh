#!/usr/bin/env bash
# Assembles Fathom.app from a release build on macOS: the window, the capture helper, the
# icon and Info.plist. Run on a Mac after `cargo build --release`:
#   bash packaging/macos/make-app.sh && open target/Fathom.app
# Capturing on macOS needs read access to /dev/bpf* (Wireshark's ChmodBPF does the same:
# a launch daemon that gives the access_bpf group rw on the BPF devices).
set -euo pipefail
cd "$(dirname "$0")/../.."
app=target/Fathom.app
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp packaging/macos/Info.plist "$app/Contents/"
cp target/release/fathom target/release/fathom-capture "$app/Contents/MacOS/"
cp icons/fathom.icns "$app/Contents/Resources/"
cp assets/demo-http.pcap "$app/Contents/Resources/"
echo "wrote $app"
