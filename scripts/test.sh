#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit/golden/UI tests, and the conformance ratchet
# against tshark's cached answers on ../shared/corpus (when it is there, as it is in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
export CARGO_TERM_COLOR=never
cargo fmt --all --check
cargo clippy --workspace --all-targets --release -- -D warnings
# UI tests draw nothing on screen, but winit-free egui_kittest runs headless anyway.
cargo test --workspace --release
cargo build --release
# the window on Xvfb: Ctrl+C reaches the system clipboard
bash scripts/test-desktop.sh
# the .deb: build, install, validate, and double-click a capture (as root; skipped otherwise)
bash packaging/linux/test-deb.sh
if [ -x ../shared/tools/compare-with-tshark ] && [ -d ../shared/corpus ]; then
  # the ratchet: agreement may rise, never fall (raise --min when it rises); one run gives
  # the cells of every field and the display filters, and every cached filter must agree
  res=$(FATHOM=target/release/fathom python3 ../shared/tools/compare-with-tshark --filters --show 0 --min 99.95 ../shared/corpus)
  echo "$res" | tail -3
  echo "$res" | grep -E '^filters: ([0-9]+)/\1 agree' >/dev/null || { echo "display filters: a cached result disagrees"; exit 1; }
  # the Info column on its own: at least 99 % of tshark's
  echo "$res" | awk '$1 == "_ws.col.Info" { if ($2 / $3 < 0.99) { print "Info column below 99 %: " $2 "/" $3; bad = 1 } } END { exit bad }'
  # the HTTP link fields agree on every file
  echo "$res" | awk '$1 ~ /^http\.(request_number|prev_request_in|next_request_in|prev_response_in|next_response_in|response_number|response_for\.uri|request\.full_uri|request_in|response_in)$/ && $2 != $3 { print "HTTP link field " $1 ": " $2 "/" $3; bad = 1 } END { exit bad }'
  # the tree: share of tshark's -V lines that fathom print -V prints alike, per protocol,
  # against tshark's answers cached in tests/tree-cache (a ratchet, as above)
  python3 scripts/compare-tree.py --min eth=99.95 --min ip=99.95 --min ipv6=99.95 \
    --min tcp=99.98 --min udp=99.7 --min http=99.6 --min frame=99.7 ../shared/corpus | tail -10
fi
