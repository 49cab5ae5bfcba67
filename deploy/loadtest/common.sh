#!/usr/bin/env bash
# Shared by the load-test scripts but run.sh and soak.sh (sourced, after ROOT is set): processes started here are stopped at exit,
# by their own pids; readiness checks; the Release builds of the gateway and the baselines; the token service and backend.

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# start CPU LOGFILE CMD...: runs CMD pinned to CPU from the repository root; its pid is LAST_PID.
start() {
  local cpu=$1 logfile=$2
  shift 2
  (cd "$ROOT" && exec taskset -c "$cpu" "$@" >"$logfile" 2>&1) &
  PIDS+=("$!")
  LAST_PID=$!
}

# wait_ok URL: until it answers 200, at most 60 s.
wait_ok() {
  local deadline=$((SECONDS + 60))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true) == 200 ]]; do
    ((SECONDS < deadline)) || { echo "$1 did not answer 200" >&2; exit 1; }
    sleep 0.5
  done
}

build_release() {
  dotnet build "$ROOT/src/Gateway/Gateway.csproj" -c Release -nologo -v q >/dev/null
  dotnet build "$ROOT/tests/Gateway.Bench.Baselines/Gateway.Bench.Baselines.csproj" -c Release -nologo -v q >/dev/null
  BENCH_DLL=tests/Gateway.Bench.Baselines/bin/Release/net10.0/Gateway.Bench.Baselines.dll
  GATEWAY_DLL=src/Gateway/bin/Release/net10.0/Gateway.dll
}

# gateway_args PORT: the gateway's arguments on top of the committed appsettings.json: listen on 127.0.0.1:PORT,
# no local token service or demo backend, the bench issuer ($ISSUER) and backend ($BACKEND_PORT). In GATEWAY_ARGS.
gateway_args() {
  GATEWAY_ARGS=(--Urls="http://127.0.0.1:$1"
    --LocalCognito:Enabled=false --DemoBackend:Enabled=false
    --Gateway:Authorizers:cognito:UserPools:0:Issuer="$ISSUER" --Gateway:Authorizers:cognito:AllowedClientIds:0=bench-client
    --ReverseProxy:Clusters:demo:Destinations:backend:Address="http://127.0.0.1:$BACKEND_PORT/")
}

# bench_token: a client_credentials access token of bench-client from the bench issuer on $ISSUER_PORT.
bench_token() {
  curl -s --fail -X POST --user bench-client:bench-secret "http://127.0.0.1:$ISSUER_PORT/oauth2/token?grant_type=client_credentials" \
    -H 'Content-Type: application/x-www-form-urlencoded' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# start_issuer_and_backend: the bench token service ($ISSUER_PORT, a fresh key in $WORK/keys.json) and the backend
# ($BACKEND_PORT) on CPU 1, logs in $WORK; returns once the token service serves its keys.
start_issuer_and_backend() {
  start 1 "$WORK/issuer.log" dotnet "$BENCH_DLL" issuer "$ISSUER_PORT" "$WORK/keys.json"
  start 1 "$WORK/backend.log" dotnet "$BENCH_DLL" backend "$BACKEND_PORT"
  wait_ok "$ISSUER/.well-known/jwks.json"
}
