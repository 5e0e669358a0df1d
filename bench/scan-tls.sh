#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Full TLS scan of the same local endpoints with bulwark, sslscan and
# testssl.sh --fast: medians of 5 runs (hyperfine) and connections per scan
# (counted by a TCP proxy in a separate, untimed run).
#
#   bench/scan-tls.sh [BULWARK]      (default: build/bulwark)
#
# RUNS=N (default 5) runs per tool; TOOLS="bulwark sslscan testssl" picks the
# tools (testssl.sh --fast takes minutes per run).
#
# Endpoints: openssl s_server with Debian's defaults (TLS 1.2 + 1.3, RSA 2048),
# and gnutls-serv with a legacy TLS 1.0 configuration (CBC, 3DES, RC4).
set -eu
cd "$(dirname "$0")/.."
BULWARK=$(realpath "${1:-build/bulwark}")
RUNS=${RUNS:-5}
for t in hyperfine openssl gnutls-serv python3; do
        command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 1; }
done
TOOLS=${TOOLS:-bulwark sslscan testssl}
TESTSSL=$(command -v testssl || command -v testssl.sh || true)
SSLSCAN=$(command -v sslscan || true)
case " $TOOLS " in *" testssl "*) ;; *) TESTSSL= ;; esac
case " $TOOLS " in *" sslscan "*) ;; *) SSLSCAN= ;; esac

work=$(mktemp -d)
pids=()
cleanup() {
        for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
        wait 2>/dev/null || true
        rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/k.pem" -out "$work/c.pem" -days 30 \
        -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null

p1=$(free_port)
openssl s_server -accept "127.0.0.1:$p1" -cert "$work/c.pem" -key "$work/k.pem" -www -quiet >/dev/null 2>&1 &
pids+=($!)
p2=$(free_port)
gnutls-serv -q -p "$p2" --x509certfile "$work/c.pem" --x509keyfile "$work/k.pem" \
        --priority 'NONE:+VERS-TLS1.0:+3DES-CBC:+ARCFOUR-128:+AES-128-CBC:+SHA1:+RSA:+ECDHE-RSA:+COMP-NULL:+SIGN-ALL:+GROUP-ALL' \
        >/dev/null 2>&1 &
pids+=($!)
wait_port "$p1"
wait_port "$p2"

declare -A label=([$p1]="openssl s_server, TLS 1.2+1.3 defaults" [$p2]="gnutls-serv, legacy TLS 1.0")

count_connections() { # PORT COMMAND... -> prints the connections the command opened
        local port=$1; shift
        local pp; pp=$(free_port)
        /usr/bin/python3 bench/tcp-count-proxy.py "$pp" "$port" "$work/count" &
        local proxy=$!
        wait_port "$pp"
        "${@//PORT/$pp}" >/dev/null 2>&1 || true
        sleep 0.3
        kill -TERM "$proxy"; wait "$proxy" 2>/dev/null || true
        # The readiness probe of wait_port is one connection too.
        echo $(( $(cat "$work/count") - 1 ))
}

echo "| endpoint | tool | median (s) | connections | bulwark speed-up |"
echo "|---|---|---|---|---|"
for port in "$p1" "$p2"; do
        cmds=("$BULWARK scan tls --format json 127.0.0.1:$port")
        names=("bulwark")
        [ -n "$SSLSCAN" ] && cmds+=("$SSLSCAN --no-colour 127.0.0.1:$port") && names+=("sslscan")
        [ -n "$TESTSSL" ] && cmds+=("$TESTSSL --fast --quiet --color 0 --warnings off 127.0.0.1:$port") && names+=("testssl.sh --fast")
        medians=()
        for c in "${cmds[@]}"; do
                # testssl.sh takes minutes per run: no warm-up run for it.
                warm=1
                case "$c" in *testssl*) warm=0 ;; esac
                hyperfine --runs "$RUNS" --warmup "$warm" -i --export-json "$work/hf.json" --style none "$c" >/dev/null 2>&1
                medians+=("$(/usr/bin/python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/hf.json")")
        done
        for i in "${!cmds[@]}"; do
                read -ra argv <<< "${cmds[$i]//127.0.0.1:$port/127.0.0.1:PORT}"
                conns=$(count_connections "$port" "${argv[@]}")
                ratio=$(/usr/bin/python3 -c "print('%.1fx' % (float('${medians[$i]}') / float('${medians[0]}')))")
                echo "| ${label[$port]} | ${names[$i]} | ${medians[$i]} | $conns | $ratio |"
        done
done
