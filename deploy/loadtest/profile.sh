#!/usr/bin/env bash
# Where does the gateway's CPU go? Starts issuer + backend (CPU 1) and the gateway (CPU 0) as run.sh does, warms
# it up with one token mix, then samples it with perf (JIT frames named through the runtime's perf map; W^X off so
# perf can attribute them, which makes the profiled process slightly unlike the measured one) while wrk
# keeps the load on, and prints the hottest functions and a call-graph excerpt. Loopback only, bounded in time.
#   deploy/loadtest/profile.sh                 # one reused token, request log as committed
#   MIX=unique deploy/loadtest/profile.sh      # every token unique (validation + cache inserts)
#   MIX=distinct deploy/loadtest/profile.sh    # 1,000 distinct tokens in rotation (cache hits, a new token per request)
#   GATEWAY_EXTRA='--Serilog:MinimumLevel:Override:Gateway.RequestLog=Warning' deploy/loadtest/profile.sh
# Needs perf (apt: linux-perf) and root or perf_event_paranoid <= 1. Writes results/profile-<mix>-<time>.txt.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/deploy/loadtest
MIX=${MIX:-reused}
WARMUP=${WARMUP:-70}
SECONDS_SAMPLED=${SECONDS_SAMPLED:-10}
CONNECTIONS=${CONNECTIONS:-32}
BASE_PORT=${BASE_PORT:-18100}
GATEWAY_EXTRA=${GATEWAY_EXTRA:-}
BACKEND_PORT=$((BASE_PORT + 50)) ISSUER_PORT=$((BASE_PORT + 29)) GATEWAY_PORT=$((BASE_PORT + 80))
ISSUER=http://127.0.0.1:$ISSUER_PORT/local_bench
WORK=$HERE/results/work-profile
OUT=$HERE/results/profile-$MIX-$(date -u +%Y%m%dT%H%M%SZ).txt
mkdir -p "$WORK"

command -v perf >/dev/null || { echo "perf is required (apt-get install linux-perf)" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# shellcheck source=deploy/loadtest/common.sh
source "$HERE/common.sh"
build_release

start_issuer_and_backend
# shellcheck disable=SC2086
gateway_args "$GATEWAY_PORT"
start 0 "$WORK/gateway.log" env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  dotnet "$GATEWAY_DLL" "${GATEWAY_ARGS[@]}" $GATEWAY_EXTRA
GATEWAY_PID=$LAST_PID
wait_ok "http://127.0.0.1:$GATEWAY_PORT/readyz"

TOKEN=$(bench_token)
load() {
  local seconds=$1
  if [[ $MIX == unique || $MIX == distinct ]]; then
    [[ -f $WORK/unique.txt ]] || dotnet "$BENCH_DLL" mint "$WORK/keys.json" "$ISSUER" 150000 "$WORK/unique.txt" >&2
    local offset=${2:-0} limit=0
    [[ $MIX == distinct ]] && offset=0 limit=1000
    TOKEN_FILE=$WORK/unique.txt TOKEN_OFFSET=$offset TOKEN_LIMIT=$limit WRK_THREADS=1 \
      taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" -s "$HERE/tokens.lua" "http://127.0.0.1:$GATEWAY_PORT/"
  else
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" -s "$HERE/report.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GATEWAY_PORT/"
  fi
}

echo "warming up for $WARMUP s" >&2
if [[ $MIX == unique ]]; then
  # Mostly on the reused token (the unique file would run out), then 15 s of cache misses to fill the cache.
  MIX=reused load $((WARMUP - 15)) | grep RESULT >&2
  load 15 0 | grep RESULT >&2
else
  load "$WARMUP" | grep RESULT >&2
fi
echo "sampling $SECONDS_SAMPLED s" >&2
load $((SECONDS_SAMPLED + 4)) 60000 >"$WORK/wrk.out" &
WRK=$!
sleep 2
perf record -F 999 -g -p "$GATEWAY_PID" -o "$WORK/perf.data" -- sleep "$SECONDS_SAMPLED" 2>"$WORK/perf.log"
wait "$WRK"
{
  echo "# gateway profile, mix $MIX, $CONNECTIONS connections, $(date -u)"
  echo "wrk: $(grep RESULT "$WORK/wrk.out") (requests duration_us p50_us p99_us non2xx ...)"
  echo
  echo "## Hottest functions (self time)"
  perf report -i "$WORK/perf.data" --no-children --sort dso,symbol -g none --stdio 2>/dev/null | grep '%' | head -70 || true
  echo
  echo "## Inclusive time of gateway, ASP.NET Core, YARP and logging frames (children included)"
  perf report -i "$WORK/perf.data" --children --sort symbol -g none --stdio 2>/dev/null | grep '%' |
    grep -E 'Gateway\.|Serilog|Yarp\.|Authentication|Authorization|RateLimit|RequestTimeout|Kestrel.*ProcessRequests|HostingApplication|IdentityModel|MemoryCache|SHA256|Logging' | head -60 || true
  echo
  echo "## By module (self time)"
  perf report -i "$WORK/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep '%' | head -15 || true
} | tee "$OUT"
echo "profile: $OUT" >&2
