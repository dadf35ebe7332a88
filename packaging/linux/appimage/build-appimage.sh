#!/usr/bin/env bash
# Builds Fathom-x86_64.AppImage for distributions without a .deb: an AppDir with the window,
# the capture helper, the desktop file, the icons and the MIME definition, packed by
# appimagetool (https://github.com/AppImage/appimagetool; put it on the PATH or set
# APPIMAGETOOL). Run after `cargo build --release`:
#   bash packaging/linux/appimage/build-appimage.sh
# libpcap is taken from the host system at run time (every distribution ships it).
# An AppImage is a read-only image, so its capture helper cannot carry capabilities: for
# live capture, copy it out once and grant them, then point Fathom at it:
#   cp squashfs-root/usr/bin/fathom-capture ~/.local/bin/ (after --appimage-extract)
#   sudo setcap cap_net_raw,cap_net_admin=eip ~/.local/bin/fathom-capture
#   FATHOM_CAPTURE_HELPER=~/.local/bin/fathom-capture ./Fathom-x86_64.AppImage
set -euo pipefail
cd "$(dirname "$0")/../../.."
tool=${APPIMAGETOOL:-appimagetool}
dir=target/appimage/Fathom.AppDir
rm -rf "$dir"
mkdir -p "$dir/usr/bin" "$dir/usr/share/applications" "$dir/usr/share/metainfo" \
         "$dir/usr/share/mime/packages" "$dir/usr/share/fathom"
# installed as fathom-inspector, the name the desktop file runs (Debian's own "fathom", a
# chess tablebase probe, has the plain name)
cp target/release/fathom "$dir/usr/bin/fathom-inspector"
cp target/release/fathom-capture "$dir/usr/bin/"
strip "$dir/usr/bin/fathom-inspector" "$dir/usr/bin/fathom-capture" 2>/dev/null || true
cp packaging/linux/fathom.desktop "$dir/usr/share/applications/"
cp packaging/linux/fathom.desktop "$dir/"
cp packaging/linux/io.github.fathom.Fathom.metainfo.xml \
   "$dir/usr/share/metainfo/io.github.fathom.Fathom.appdata.xml"
cp packaging/linux/fathom-mime.xml "$dir/usr/share/mime/packages/fathom.xml"
mkdir -p "$dir/usr/share/icons"
cp -r icons/hicolor "$dir/usr/share/icons/hicolor"
cp icons/hicolor/256x256/apps/fathom.png "$dir/fathom.png"
cp icons/hicolor/256x256/apps/fathom.png "$dir/.DirIcon"
cp assets/demo-http.pcap "$dir/usr/share/fathom/"
cat > "$dir/AppRun" <<'RUN'
#!/bin/sh
here="$(dirname "$(readlink -f "$0")")"
export FATHOM_DEMO="${FATHOM_DEMO:-$here/usr/share/fathom/demo-http.pcap}"
exec "$here/usr/bin/fathom-inspector" "$@"
RUN
chmod 755 "$dir/AppRun"
if ! command -v "$tool" >/dev/null 2>&1; then
  echo "AppDir ready in $dir; install appimagetool (or set APPIMAGETOOL) to pack it"
  exit 0
fi
ARCH=x86_64 "$tool" "$dir" target/appimage/Fathom-x86_64.AppImage
echo "wrote target/appimage/Fathom-x86_64.AppImage"
