#!/usr/bin/env bash
# Bounded soak (issue 5): the real gateway (Release build, committed appsettings.json, addresses overridden) in
# front of a cheap backend, DURATION seconds at CONNECTIONS concurrent connections with valid, expired,
# wrong-scope and garbage tokens in turn. Every response's status is checked, none may be missing, and the
# gateway's memory at the end must be within 10 % of its memory after warm-up. Loopback only.
#   deploy/loadtest/soak.sh                  # 60 s, 64 connections
#   DURATION=300 CONNECTIONS=128 deploy/loadtest/soak.sh
set -euo pipefail
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-64}
BASE_PORT=${BASE_PORT:-18300}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build "$ROOT/src/Gateway/Gateway.csproj" -c Release -nologo -v q >/dev/null
dotnet build "$ROOT/tests/Gateway.Bench.Baselines/Gateway.Bench.Baselines.csproj" -c Release -nologo -v q >/dev/null
GATEWAY_DLL=$ROOT/src/Gateway/bin/Release/net10.0/Gateway.dll
BENCH_DLL=$ROOT/tests/Gateway.Bench.Baselines/bin/Release/net10.0/Gateway.Bench.Baselines.dll
BACKEND_PORT=$BASE_PORT; ISSUER_PORT=$((BASE_PORT + 1)); GATEWAY_PORT=$((BASE_PORT + 2))
ISSUER=http://127.0.0.1:$ISSUER_PORT/local_bench

wait_http() { for _ in $(seq 1 180); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "$1 did not answer" >&2; exit 1; }

dotnet "$BENCH_DLL" backend "$BACKEND_PORT" >"$WORK/backend.log" 2>&1 & pids+=($!)
dotnet "$BENCH_DLL" issuer "$ISSUER_PORT" "$WORK/keys.json" >"$WORK/issuer.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$BACKEND_PORT/"
wait_http "$ISSUER/.well-known/jwks.json"
dotnet "$BENCH_DLL" mint "$WORK/keys.json" "$ISSUER" 2000 "$WORK/valid.txt" demo-api/hello bench-client >/dev/null
dotnet "$BENCH_DLL" mint "$WORK/keys.json" "$ISSUER" 200 "$WORK/expired.txt" demo-api/hello bench-client -60 >/dev/null
dotnet "$BENCH_DLL" mint "$WORK/keys.json" "$ISSUER" 200 "$WORK/wrongscope.txt" demo-api/other bench-client >/dev/null

(cd "$ROOT" && exec env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT dotnet "$GATEWAY_DLL" \
  --Urls=http://127.0.0.1:$GATEWAY_PORT --LocalCognito:Enabled=false --DemoBackend:Enabled=false \
  --Gateway:Authorizers:cognito:UserPools:0:Issuer=$ISSUER \
  --Gateway:Authorizers:cognito:AllowedClientIds:0=bench-client \
  --ReverseProxy:Clusters:demo:Destinations:backend:Address=http://127.0.0.1:$BACKEND_PORT/) >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!; pids+=($GATEWAY_PID)
wait_http "http://127.0.0.1:$GATEWAY_PORT/readyz"

echo "soak: $(nproc) CPUs, $(dotnet --version), ${DURATION}s, $CONNECTIONS connections, request log on (to a file)"
dotnet "$BENCH_DLL" soak "http://127.0.0.1:$GATEWAY_PORT/" "$DURATION" "$CONNECTIONS" "$GATEWAY_PID" \
  "$WORK/valid.txt" "$WORK/expired.txt" "$WORK/wrongscope.txt"
