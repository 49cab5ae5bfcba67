#!/usr/bin/env bash
# Paired A/B of two gateway builds or settings: both run at the same time, pinned together to CPU 0, each under its
# own wrk (one reused token, or MIX=distinct), and the script reports each one's CPU-us per request over the same
# seconds. This machine's speed drifts by 10-30 % over minutes, so two runs one after the other (run.sh's rounds)
# need many rounds to show a 2-3 % change; measured side by side, a drift slows both alike and the ratio B/A stays.
# An A/A run (the same build on both sides, 6 rounds) gave ratios 0.96-1.06, median 1.01: trust a median ratio
# below 0.97 or above 1.03. Sharing a CPU, each process runs at about half the rate of run.sh's and pays more
# context switches, so absolute numbers are not run.sh's; only the ratio is the result.
#   deploy/loadtest/pair.sh                                              # A/A: the current Release build twice
#   A_DLL=/tmp/old/Gateway.dll deploy/loadtest/pair.sh                   # a saved build (A) vs the current one (B)
#   B_EXTRA='--Gateway:Observability:Metrics:Enabled=false' deploy/loadtest/pair.sh   # one setting
#   MIX=distinct ROUNDS=8 deploy/loadtest/pair.sh
# Loopback only, bounded by WARMUP + ROUNDS * DURATION seconds. Writes results/pair-<time>.txt.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/deploy/loadtest
MIX=${MIX:-reused}
ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-80}
CONNECTIONS=${CONNECTIONS:-32}
BASE_PORT=${BASE_PORT:-18400}
BACKEND_PORT=$((BASE_PORT + 50)) ISSUER_PORT=$((BASE_PORT + 29)) A_PORT=$((BASE_PORT + 81)) B_PORT=$((BASE_PORT + 82))
ISSUER=http://127.0.0.1:$ISSUER_PORT/local_bench
WORK=$HERE/results/work-pair
OUT=$HERE/results/pair-$(date -u +%Y%m%dT%H%M%SZ).txt
mkdir -p "$WORK"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# shellcheck source=deploy/loadtest/common.sh
source "$HERE/common.sh"
build_release
A_DLL=${A_DLL:-$GATEWAY_DLL}
B_DLL=${B_DLL:-$GATEWAY_DLL}

start_issuer_and_backend

# gateway PORT DLL ENV EXTRA: the committed appsettings.json, pointed at the bench issuer and backend.
gateway() {
  local port=$1 dll=$2 envs=$3 extra=$4
  gateway_args "$port"
  # shellcheck disable=SC2086
  start 0 "$WORK/gateway-$port.log" env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT $envs dotnet "$dll" "${GATEWAY_ARGS[@]}" $extra
}
gateway "$A_PORT" "$A_DLL" "${A_ENV:-}" "${A_EXTRA:-}"
A_PID=$LAST_PID
gateway "$B_PORT" "$B_DLL" "${B_ENV:-}" "${B_EXTRA:-}"
B_PID=$LAST_PID
wait_ok "http://127.0.0.1:$A_PORT/readyz"
wait_ok "http://127.0.0.1:$B_PORT/readyz"

TOKEN=$(bench_token)
if [[ $MIX == distinct && ! -s $WORK/distinct.txt ]]; then
  dotnet "$BENCH_DLL" mint "$WORK/keys.json" "$ISSUER" 1000 "$WORK/distinct.txt" >&2
fi

# load PORT SECONDS: one wrk on CPU 1; prints its RESULT line.
load() {
  local port=$1 seconds=$2
  if [[ $MIX == distinct ]]; then
    TOKEN_FILE=$WORK/distinct.txt TOKEN_OFFSET=0 TOKEN_LIMIT=0 WRK_THREADS=1 \
      taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$HERE/tokens.lua" "http://127.0.0.1:$port/"
  else
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$HERE/report.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/"
  fi | grep '^RESULT'
}

for port in "$A_PORT" "$B_PORT"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/")
  [[ $code == 200 ]] || { echo "gateway on $port answered $code, not 200" >&2; exit 1; }
done

# Both warm up together, as they are measured.
echo "warming up both for $WARMUP s" >&2
load "$A_PORT" "$WARMUP" >/dev/null &
WA=$!
load "$B_PORT" "$WARMUP" >/dev/null &
WB=$!
wait "$WA" "$WB"

# ticks PID: utime+stime and utime of a process, in clock ticks.
ticks() { awk '{print $14 + $15, $14}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

{
  echo "# paired A/B, $(date -u), mix $MIX, $CONNECTIONS connections each, $DURATION s x $ROUNDS rounds, warm-up $WARMUP s"
  echo "# A: $A_DLL ${A_ENV:-} ${A_EXTRA:-}"
  echo "# B: $B_DLL ${B_ENV:-} ${B_EXTRA:-}"
  echo "round A_rps A_cpu_us A_user_us B_rps B_cpu_us B_user_us B/A_cpu B/A_user B/A_rps"
} | tee "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  read -r a_total a_user < <(ticks "$A_PID")
  read -r b_total b_user < <(ticks "$B_PID")
  load "$A_PORT" "$DURATION" >"$WORK/a.out" &
  WA=$!
  load "$B_PORT" "$DURATION" >"$WORK/b.out" &
  WB=$!
  wait "$WA" "$WB"
  read -r a_total1 a_user1 < <(ticks "$A_PID")
  read -r b_total1 b_user1 < <(ticks "$B_PID")
  awk -v r="$round" -v hz="$HZ" -v d="$DURATION" -v at=$((a_total1 - a_total)) -v au=$((a_user1 - a_user)) \
    -v bt=$((b_total1 - b_total)) -v bu=$((b_user1 - b_user)) -v ra="$(awk '{print $2}' "$WORK/a.out")" -v rb="$(awk '{print $2}' "$WORK/b.out")" \
    'BEGIN { ac = at / hz * 1e6 / ra; bc = bt / hz * 1e6 / rb; aus = au / hz * 1e6 / ra; bus = bu / hz * 1e6 / rb;
             printf "%d %.0f %.1f %.1f %.0f %.1f %.1f %.3f %.3f %.3f\n", r, ra / d, ac, aus, rb / d, bc, bus, bc / ac, bus / aus, rb / ra }' | tee -a "$OUT"
done
awk 'function median(v, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
       return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
     /^[0-9]/ { n++; c[n] = $8; u[n] = $9; q[n] = $10 }
     END { printf "median B/A over %d rounds: CPU-us per request %.3f, user %.3f, requests %.3f\n", n, median(c, n), median(u, n), median(q, n) }' "$OUT" | tee -a "$OUT"
echo "report: $OUT" >&2
