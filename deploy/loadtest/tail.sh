#!/usr/bin/env bash
# The latency tail of several targets, side by side: each is started, warmed up, then measured in many short
# alternating rounds (one reused token, 32 connections, same pinning as run.sh), and the script prints, per
# target, the median RPS, p50, p99 and p99.9 and the median over rounds of each round's ratio to the first target,
# with the p99 ratio's quartiles. Made for attributing a p99 gap: a p99 from one 8-s run moves by 20-30 % with the
# machine's phases, so a setting's effect on it only shows over many rounds measured in the same minutes.
#   deploy/loadtest/tail.sh yarp gateway                                   # plain YARP and the gateway as shipped
#   deploy/loadtest/tail.sh yarp gateway \
#     'nolog=--Serilog:MinimumLevel:Override:Gateway.RequestLog=Warning' 'nometrics=--Gateway:Observability:Metrics:Enabled=false'
#   deploy/loadtest/tail.sh 'before@/tmp/before/Gateway.dll' gateway      # a saved build against the current one
#   deploy/loadtest/tail.sh --summary results/tail-20261128T220000Z.txt   # the summary of an earlier run again
# Targets: yarp | yarpinline (plain YARP with the gateway's inline I/O) | NAME[@DLL][=ARGS] (the gateway: the current
# Release build or DLL, with ARGS, space-separated configuration arguments, added). ROUNDS (16) x DURATION (6 s)
# per target after WARMUP (60 s) each. Loopback only; writes results/tail-<time>.txt.
set -euo pipefail

summary() {
  awk '
    # Rows: ROUND NAME PCT rps=.. p50=.. p90=.. p99=.. p99.9=.. max=.. errors=..
    $3 == "PCT" {
      r = $1; t = $2
      if (!(t in known)) { known[t] = 1; order[++targets] = t }
      for (i = 4; i <= NF; i++) { split($i, kv, "="); v[r, t, kv[1]] = kv[2] + 0 }
      if (!(r in seen)) { seen[r] = 1; rounds[++nr] = r }
      errors[t] += v[r, t, "errors"]
    }
    function quantile(list, m, q,    i, j, x) {
      for (i = 2; i <= m; i++) { x = list[i]; for (j = i - 1; j >= 1 && list[j] > x; j--) list[j + 1] = list[j]; list[j + 1] = x }
      x = q * (m - 1); j = int(x)
      return j + 1 < m ? list[j + 1] + (x - j) * (list[j + 2] - list[j + 1]) : list[m]
    }
    # Median (or quartile) over rounds of target t: its own value of key k, or its ratio to the first target.
    function stat(t, k, ratio, q,    i, r, m, list) {
      m = 0
      for (i = 1; i <= nr; i++) {
        r = rounds[i]
        if (!((r, t, k) in v)) continue
        if (ratio) { if (!((r, base, k) in v) || v[r, base, k] == 0) continue; list[++m] = v[r, t, k] / v[r, base, k] }
        else list[++m] = v[r, t, k]
      }
      count = m
      return m == 0 ? 0 : quantile(list, m, q)
    }
    END {
      base = order[1]
      printf "%-12s %6s %7s %6s %6s %7s | median ratio to %s per round: %6s %6s %6s %6s | p99 ratio quartiles\n", "target", "rounds", "RPS", "p50", "p99", "p99.9", base, "RPS", "p50", "p99", "p99.9"
      pad = length("median ratio to " base " per round:")
      for (i = 1; i <= targets; i++) {
        t = order[i]
        rps = stat(t, "rps", 0, 0.5); n = count
        printf "%-12s %6d %7.0f %6.2f %6.2f %7.2f | %*s %6.3f %6.3f %6.3f %6.3f | %.2f - %.2f%s\n", t, n, rps, stat(t, "p50", 0, 0.5), stat(t, "p99", 0, 0.5), stat(t, "p99.9", 0, 0.5),
          pad, "", stat(t, "rps", 1, 0.5), stat(t, "p50", 1, 0.5), stat(t, "p99", 1, 0.5), stat(t, "p99.9", 1, 0.5),
          stat(t, "p99", 1, 0.25), stat(t, "p99", 1, 0.75), (errors[t] > 0 ? "   (" errors[t] " errors)" : "")
      }
    }' "$1"
}

if [[ ${1:-} == --summary ]]; then
  [[ -r ${2:-} ]] || { echo "usage: $0 --summary FILE" >&2; exit 1; }
  summary "$2"
  exit 0
fi

cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/deploy/loadtest
(($# > 0)) || set -- yarp gateway

ROUNDS=${ROUNDS:-16}
DURATION=${DURATION:-6}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-32}
BASE_PORT=${BASE_PORT:-18500}
BACKEND_PORT=$((BASE_PORT + 50)) ISSUER_PORT=$((BASE_PORT + 29))
ISSUER=http://127.0.0.1:$ISSUER_PORT/local_bench
WORK=$HERE/results/work-tail
OUT=$HERE/results/tail-$(date -u +%Y%m%dT%H%M%SZ).txt
mkdir -p "$WORK"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# shellcheck source=deploy/loadtest/common.sh
source "$HERE/common.sh"
build_release

start_issuer_and_backend
TOKEN=$(bench_token)
[[ -n $TOKEN ]] || { echo "no token from the issuer" >&2; exit 1; }

NAMES=() URLS=()
port=$((BASE_PORT + 80))
for target in "$@"; do
  port=$((port + 1))
  url="http://127.0.0.1:$port/"
  case $target in
    yarp) start 0 "$WORK/yarp.log" dotnet "$BENCH_DLL" yarp "$port" "http://127.0.0.1:$BACKEND_PORT/"; name=yarp; ready=$url ;;
    yarpinline) start 0 "$WORK/yarpinline.log" env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$BENCH_DLL" yarp "$port" "http://127.0.0.1:$BACKEND_PORT/" inline
      name=yarpinline; ready=$url ;;
    *)
      spec=${target%%=*} extra=
      [[ $target == *=* ]] && extra=${target#*=}
      name=${spec%%@*} dll=$GATEWAY_DLL
      [[ $spec == *@* ]] && dll=${spec#*@}
      [[ -f $dll ]] || { echo "target $name: no such build: $dll" >&2; exit 1; }
      gateway_args "$port"
      # shellcheck disable=SC2086 # ARGS are space-separated arguments
      start 0 "$WORK/$name.log" env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT dotnet "$dll" "${GATEWAY_ARGS[@]}" $extra
      ready=${url}readyz ;;
  esac
  [[ " ${NAMES[*]} " != *" $name "* ]] || { echo "two targets named $name" >&2; exit 1; }
  NAMES+=("$name") URLS+=("$url")
  wait_ok "$ready"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")
  [[ $code == 200 ]] || { echo "$name answered $code, not 200" >&2; exit 1; }
done

for i in "${!NAMES[@]}"; do
  echo "warming up ${NAMES[$i]} for $WARMUP s" >&2
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "${URLS[$i]}" >/dev/null
done

{
  echo "# tail.sh, $(date -u), $(nproc) CPUs, one reused token, $CONNECTIONS connections, $ROUNDS rounds x $DURATION s, warm-up $WARMUP s"
  for i in "${!NAMES[@]}"; do echo "# target ${NAMES[$i]}: ${*:i+1:1}"; done
} | tee "$OUT" >&2
for round in $(seq 1 "$ROUNDS"); do
  order=("${!NAMES[@]}")
  ((round % 2 == 0)) && mapfile -t order < <(printf '%s\n' "${order[@]}" | tac)
  for i in "${order[@]}"; do
    line=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$HERE/percentiles.lua" -H "Authorization: Bearer $TOKEN" "${URLS[$i]}" | grep '^PCT')
    echo "$round ${NAMES[$i]} $line" | tee -a "$OUT" >&2
  done
done

summary "$OUT" | tee -a "$OUT"
echo "report: $OUT" >&2
