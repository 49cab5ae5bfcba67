#!/usr/bin/env bash
# Latency at a fixed request rate, side by side: plain YARP (.NET defaults) and the gateway as shipped, same
# pinning as run.sh (proxy on CPU 0; load generator, backend and issuer on CPU 1), one reused token. run.sh
# measures a closed loop, where p99 follows throughput; this answers the other question: at a rate both
# sustain, how much latency does the gateway add? h2load (HTTP/1.1, CONNECTIONS clients, each capped at
# RATE/CONNECTIONS requests a second) logs every request; the script prints p50/p90/p99/p99.9 and the max.
# h2load's clients send on the same timer tick, so requests arrive in bursts of CONNECTIONS and the later ones
# of a burst queue behind the earlier: few connections (default 4) keep that queueing small. Latency is from
# each request's send time (a stall delays the next send rather than counting against it).
# Loopback only, bounded by SECONDS_PER_RATE per rate.
#   deploy/loadtest/latency.sh                       # rates 2000 5000 10000
#   RATES="1000 12000" deploy/loadtest/latency.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/deploy/loadtest
RATES=${RATES:-2000 5000 10000}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-15}
CONNECTIONS=${CONNECTIONS:-4}
WARMUP=${WARMUP:-60}
BASE_PORT=${BASE_PORT:-18200}
BACKEND_PORT=$((BASE_PORT + 50)) ISSUER_PORT=$((BASE_PORT + 29)) YARP_PORT=$((BASE_PORT + 81)) GATEWAY_PORT=$((BASE_PORT + 80))
ISSUER=http://127.0.0.1:$ISSUER_PORT/local_bench
WORK=$HERE/results/work-latency
OUT=$HERE/results/latency-$(date -u +%Y%m%dT%H%M%SZ).md
mkdir -p "$WORK"

if ! command -v h2load >/dev/null || ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nghttp2-client wrk >/dev/null
fi

# shellcheck source=deploy/loadtest/common.sh
source "$HERE/common.sh"
build_release

start_issuer_and_backend
start 0 "$WORK/yarp.log" dotnet "$BENCH_DLL" yarp "$YARP_PORT" "http://127.0.0.1:$BACKEND_PORT/"
gateway_args "$GATEWAY_PORT"
start 0 "$WORK/gateway.log" env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT \
  dotnet "$GATEWAY_DLL" "${GATEWAY_ARGS[@]}"
wait_ok "http://127.0.0.1:$YARP_PORT/"
wait_ok "http://127.0.0.1:$GATEWAY_PORT/readyz"

TOKEN=$(bench_token)
[[ -n $TOKEN ]] || { echo "no token from the issuer" >&2; exit 1; }
for port in $YARP_PORT $GATEWAY_PORT; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/")
  [[ $code == 200 ]] || { echo "port $port answered $code to the token" >&2; exit 1; }
  echo "warming up :$port for $WARMUP s" >&2
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/" >/dev/null
done

# percentiles LOGFILE -> "requests non2xx p50 p90 p99 p99.9 max" (ms); h2load's log: start us, status, duration us
percentiles() {
  awk -F'\t' '{print $3, $2}' "$1" | sort -n | awk '
    { d[NR] = $1; if ($2 < 200 || $2 > 399) bad++ }
    function p(q) { i = int(q * NR); if (i < 1) i = 1; if (i > NR) i = NR; return d[i] / 1000 }
    END { printf "%d %d %.2f %.2f %.2f %.2f %.2f\n", NR, bad, p(0.50), p(0.90), p(0.99), p(0.999), d[NR] / 1000 }'
}

{
  echo "# Latency at fixed rates ($(date -u), commit $(git rev-parse --short HEAD))"
  echo
  echo "h2load --h1, $CONNECTIONS clients, ${SECONDS_PER_RATE} s per rate, one reused token; proxy on CPU 0, h2load + backend + issuer on CPU 1."
  echo
  echo "| rate (req/s) | target | requests | non-2xx | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  for rate in $RATES; do
    per_client=$(((rate + CONNECTIONS - 1) / CONNECTIONS))
    for target in yarp gateway; do
      port=$([[ $target == yarp ]] && echo "$YARP_PORT" || echo "$GATEWAY_PORT")
      rm -f "$WORK/h2load.log"
      taskset -c 1 h2load --h1 -c "$CONNECTIONS" -D "$SECONDS_PER_RATE" --rps "$per_client" \
        -H "Authorization: Bearer $TOKEN" --log-file "$WORK/h2load.log" "http://127.0.0.1:$port/" >"$WORK/h2load.out"
      read -r n bad p50 p90 p99 p999 max < <(percentiles "$WORK/h2load.log")
      label=$([[ $target == yarp ]] && echo "plain YARP" || echo "gateway")
      echo "| $rate | $label | $n | $bad | $p50 | $p90 | $p99 | $p999 | $max |"
    done
  done
} | tee "$OUT"
echo "report: $OUT" >&2
