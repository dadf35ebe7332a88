#!/usr/bin/env bash
# Records real HTTP/TCP traffic for Fathom's demo and golden tests.
#
# Two network namespaces (client fathom-c 10.99.0.2, server fathom-s 10.99.0.1) joined by a
# veth pair; nginx serves a few pages, curl fetches them, tcpdump records on the client side.
# Needs root, nginx, curl and tcpdump. Traffic never leaves the two namespaces.
#
# With --tls it records HTTPS instead (nginx with a self-signed certificate, TLS 1.2 and 1.3,
# HTTP/1.1 and HTTP/2 by ALPN): each NAME.pcap has the key log curl wrote beside it as
# NAME.keys (SSLKEYLOGFILE, NSS's format), which Fathom and tshark read with
# `-o tls.keylog_file:NAME.keys`.
#
# Usage: scripts/record-captures.sh [--tls] OUTDIR
set -euo pipefail
tls=0; [ "${1:-}" = "--tls" ] && { tls=1; shift; }
out=${1:?usage: record-captures.sh [--tls] OUTDIR}
mkdir -p "$out"; out=$(cd "$out" && pwd)
work=$(mktemp -d)
C=fathom-c; S=fathom-s

teardown() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  ip netns del $C 2>/dev/null || true
  ip netns del $S 2>/dev/null || true
  rm -rf "$work"
}
trap teardown EXIT
teardown_ns() { ip netns del $C 2>/dev/null || true; ip netns del $S 2>/dev/null || true; }
teardown_ns

ip netns add $C; ip netns add $S
ip link add fth-c type veth peer name fth-s
ip link set fth-c netns $C; ip link set fth-s netns $S
ip -n $C addr add 10.99.0.2/24 dev fth-c; ip -n $S addr add 10.99.0.1/24 dev fth-s
for ns in $C $S; do ip -n $ns link set lo up; done
ip -n $C link set fth-c up; ip -n $S link set fth-s up
# wire-sized segments: no offloads
ip netns exec $C ethtool -K fth-c tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $S ethtool -K fth-s tso off gso off gro off >/dev/null 2>&1 || true

mkdir -p "$work/www"
printf '<html><body><h1>Hello from Fathom</h1></body></html>\n' > "$work/www/index.html"
python3 - "$work/www" <<'PY'
import sys, os
d = sys.argv[1]
with open(os.path.join(d, "big.html"), "w") as f:
    f.write("<html><body>\n" + "".join("<p>line %d of a page long enough to span segments</p>\n" % i for i in range(400)) + "</body></html>\n")
with open(os.path.join(d, "zh.html"), "wb") as f:
    f.write("<html><head><meta charset=gb2312><title>测试</title></head><body>你好，世界！三次握手</body></html>\n".encode("gb2312"))
PY
cat > "$work/nginx.conf" <<CONF
daemon on; user root; pid $work/nginx.pid; worker_processes 1; error_log $work/error.log;
events { worker_connections 32; }
http {
  include /etc/nginx/mime.types; access_log off; keepalive_timeout 5;
  client_body_temp_path $work/b; proxy_temp_path $work/p; fastcgi_temp_path $work/f;
  uwsgi_temp_path $work/u; scgi_temp_path $work/s;
  server {
    listen 10.99.0.1:80; root $work/www;
    location /gz/ { alias $work/www/; gzip on; gzip_types text/plain; gzip_min_length 1; }
    location /zh { alias $work/www/zh.html; charset gb2312; default_type text/html; }
  }
  server {
    listen 10.99.0.1:443 ssl http2; root $work/www;
    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA;
    ssl_session_tickets off;
    location /gz/ { alias $work/www/; gzip on; gzip_types text/plain; gzip_min_length 1; }
  }
  server {
    # HTTP/2 in the clear by prior knowledge (no upgrade): on HTTP's port 8080, and on a
    # port no dissector owns
    listen 10.99.0.1:8080 http2; listen 10.99.0.1:8999 http2; root $work/www;
  }
}
CONF
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=fathom.test \
  -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
ip netns exec $S nginx -c "$work/nginx.conf"
sleep 0.5

record() { # NAME, then the client command
  local name=$1; shift
  ip netns exec $C tcpdump -i fth-c -U -s 0 -w "$out/$name.pcap" tcp >/dev/null 2>&1 &
  local pid=$!
  sleep 0.8
  ip netns exec $C "$@" >/dev/null 2>&1 || true
  sleep 0.8
  kill -INT $pid; wait $pid 2>/dev/null || true
}
if [ $tls = 1 ]; then
  tls_record() { # NAME, then curl's options
    local name=$1; shift
    rm -f "$out/$name.keys"
    record "$name" env SSLKEYLOGFILE="$out/$name.keys" curl -s -k "$@"
  }
  u=https://10.99.0.1
  tls_record tls13-h1        --http1.1 --tlsv1.3 $u/index.html $u/big.html
  tls_record tls13-h1-chacha --http1.1 --tlsv1.3 --tls13-ciphers TLS_CHACHA20_POLY1305_SHA256 $u/index.html
  tls_record tls13-h1-aes256 --http1.1 --tlsv1.3 --tls13-ciphers TLS_AES_256_GCM_SHA384 --compressed $u/gz/big.html
  tls_record tls12-gcm-h1    --http1.1 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256 $u/index.html $u/big.html
  tls_record tls12-gcm256-h1 --http1.1 --tls-max 1.2 --ciphers ECDHE-RSA-AES256-GCM-SHA384 $u/index.html
  tls_record tls12-chacha-h1 --http1.1 --tls-max 1.2 --ciphers ECDHE-RSA-CHACHA20-POLY1305 $u/big.html
  tls_record tls12-cbc-h1    --http1.1 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-SHA $u/index.html $u/missing
  tls_record tls12-cbc256-h1 --http1.1 --tls-max 1.2 --ciphers ECDHE-RSA-AES256-SHA $u/big.html
  tls_record tls13-h2        --http2 --tlsv1.3 $u/index.html $u/big.html
  tls_record tls12-h2        --http2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256 $u/index.html
  # three streams at once on one connection (their DATA interleaved), one gzip body
  tls_record tls13-h2-multi  --http2 --tlsv1.3 --compressed -Z $u/gz/big.html $u/big.html $u/index.html
  # a request with a body (nginx answers 405)
  tls_record tls13-h2-post   --http2 --tlsv1.3 -d 'name=fathom&lang=rust' $u/index.html
  # h2c by prior knowledge: no key log needed (an empty one keeps the tests' layout)
  : > "$out/h2c-prior.keys"
  record h2c-prior curl -s --http2-prior-knowledge http://10.99.0.1:8080/index.html http://10.99.0.1:8080/big.html
  : > "$out/h2c-heur.keys"
  record h2c-heur curl -s --http2-prior-knowledge http://10.99.0.1:8999/index.html
  ls -l "$out"
  exit 0
fi
record demo-http       curl -s -H 'Connection: close' http://10.99.0.1/index.html
record keepalive-2     curl -s http://10.99.0.1/index.html http://10.99.0.1/missing
record big-gzip        curl -s --compressed http://10.99.0.1/gz/big.html
record big-plain       curl -s http://10.99.0.1/big.html
record gb2312          curl -s http://10.99.0.1/zh
ls -l "$out"
