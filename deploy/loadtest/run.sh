#!/usr/bin/env bash
# Side-by-side load test (issue 4): direct backend, plain YARP, YARP + stock JwtBearer, and the Gateway, in one
# run, same pinning, same connection count, alternating rounds, several token mixes. Prints a Markdown report
# and writes it (plus the raw rows) to deploy/loadtest/results/. Loopback only; every load run is bounded by
# DURATION. See deploy/loadtest/README.md.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/deploy/loadtest

DURATION=${DURATION:-10}            # seconds per measurement
ROUNDS=${ROUNDS:-2}                 # alternating rounds (target order reversed on even rounds)
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-1}       # one thread: wrk shares its CPU with the backend
WARMUP=${WARMUP:-60}                # minimum warm-up seconds per proxy process (tiered JIT + PGO)
WARMUP_MAX=${WARMUP_MAX:-120}       # warm-up ends when three 5-s runs agree within 3%, or after this
UNIQUE_TOKENS=${UNIQUE_TOKENS:-$((100000 * ROUNDS))} # enough that no round runs out (about 10k RPS x DURATION per round)
DISTINCT_TOKENS=${DISTINCT_TOKENS:-1000}
PROXY_CPU=${PROXY_CPU:-0}           # the proxy under test
LOAD_CPU=${LOAD_CPU:-1}             # wrk, backend and issuer
BASE_PORT=${BASE_PORT:-18000}
CONFIGURATION=${CONFIGURATION:-Release}
QUIET_WAIT=${QUIET_WAIT:-30}        # seconds to wait, before each measurement, for other work on the machine to stop
ONLY=${ONLY:-direct yarp yarpinline stock gateway nolog} # a quicker comparison: a subset of the targets (the report's ratios need yarp and stock)
MIXES=${MIXES:-reused distinct unique badsig wrongscope} # and of the token mixes
GATEWAY_EXTRA=${GATEWAY_EXTRA:-}    # extra configuration arguments for both gateway targets
VARIANT_EXTRA=${VARIANT_EXTRA:-}    # an A/B in one run: target "variant" is the gateway with these arguments added
VARIANT_ENV=${VARIANT_ENV:-}        # and these NAME=value environment variables (runtime settings)

BACKEND_PORT=$((BASE_PORT + 50))
ISSUER_PORT=$((BASE_PORT + 29))
YARP_PORT=$((BASE_PORT + 81))
STOCK_PORT=$((BASE_PORT + 82))
GATEWAY_PORT=$((BASE_PORT + 80))
NOLOG_PORT=$((BASE_PORT + 83))
VARIANT_PORT=$((BASE_PORT + 84))
YARPINLINE_PORT=$((BASE_PORT + 85))
ISSUER=http://127.0.0.1:$ISSUER_PORT/local_bench

RESULTS=$HERE/results
WORK=$RESULTS/work
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/$STAMP.tsv
REPORT=$RESULTS/$STAMP.md
mkdir -p "$WORK"

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- processes: every one started here is stopped here, by its own pid --------------------------------------
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
TIMEFORMAT='%3U %3S' # bash's time keyword: wrk's user and system seconds
trap 'exit 130' INT TERM

# start NAME CPU LOGFILE CMD...: the pid is the process itself (exec), so /proc/PID is the .NET process.
start() {
  local name=$1 cpu=$2 logfile=$3
  shift 3
  (cd "$ROOT" && exec taskset -c "$cpu" "$@" >"$logfile" 2>&1) &
  PIDS+=("$!")
  eval "PID_$name=$!"
}

wait_http() {
  local url=$1 want=${2:-} deadline=$((SECONDS + 90)) code pid
  while ((SECONDS < deadline)); do
    for pid in "${PIDS[@]}"; do
      [[ -d /proc/$pid ]] || die "process $pid exited while starting; logs: $WORK/*.log"
    done
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    if [[ $code != 000 && (-z $want || $code == "$want") ]]; then
      return 0
    fi
    sleep 0.5
  done
  die "$url did not answer ${want:-at all} within 90 s"
}

port_free() { ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; }

# --- tools and build -----------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk (apt)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
command -v taskset >/dev/null || die "taskset (util-linux) is required"
# A CPU list ("0,1": everything unpinned, as for comparing GC modes, where one CPU would hide Server GC) is taken as given.
if [[ $PROXY_CPU =~ ^[0-9]+$ && $LOAD_CPU =~ ^[0-9]+$ ]]; then
  (($(nproc) > LOAD_CPU && $(nproc) > PROXY_CPU)) || die "needs CPUs $PROXY_CPU and $LOAD_CPU (nproc = $(nproc))"
fi

log "building ($CONFIGURATION)"
dotnet build "$ROOT/src/Gateway/Gateway.csproj" -c "$CONFIGURATION" -nologo -v q >/dev/null || die "gateway build failed"
dotnet build "$ROOT/tests/Gateway.Bench.Baselines/Gateway.Bench.Baselines.csproj" -c "$CONFIGURATION" -nologo -v q >/dev/null || die "baselines build failed"
GATEWAY_DLL=$ROOT/src/Gateway/bin/$CONFIGURATION/net10.0/Gateway.dll
BENCH_DLL=$ROOT/tests/Gateway.Bench.Baselines/bin/$CONFIGURATION/net10.0/Gateway.Bench.Baselines.dll

for port in $BACKEND_PORT $ISSUER_PORT $YARP_PORT $YARPINLINE_PORT $STOCK_PORT $GATEWAY_PORT $NOLOG_PORT $VARIANT_PORT; do
  port_free "$port" || die "port $port is in use (set BASE_PORT)"
done

# --- machine and settings ------------------------------------------------------------------------------------
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain -- src tests/Gateway.Bench.Baselines 2>/dev/null) ]]; then COMMIT="$COMMIT (+ uncommitted changes in src/ or the baselines)"; fi
GC_SERVER=$(grep -o '"System.GC.Server": *[a-z]*' "${GATEWAY_DLL%.dll}.runtimeconfig.json" | awk '{print $2}')
MACHINE=$(cat <<EOF
- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r)
- .NET SDK $(dotnet --version), $CONFIGURATION build, commit $COMMIT; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')
- pinning: proxy under test on CPU $PROXY_CPU; wrk ($WRK_THREADS thread), backend and issuer on CPU $LOAD_CPU (direct-to-backend therefore runs wrk and backend on one CPU)
- load: wrk, closed loop, $CONNECTIONS connections, HTTP/1.1 keep-alive, ${DURATION} s per measurement, $ROUNDS rounds alternating (order reversed on even rounds)
- warm-up: at least ${WARMUP} s per proxy process (every token mix, then the reused token until three 5-s runs agree within 3%, at most ${WARMUP_MAX} s); the backend, already warm from serving them, gets 10 s alone
- GC: the gateway's runtimeconfig System.GC.Server=$GC_SERVER (its project chooses workstation GC), the baselines the Web SDK default (Server GC); pinned to one CPU the runtime sees one processor and every process uses workstation GC
- logging: the baselines log nothing per request (Warning minimum); "gateway" is the committed appsettings.json (one Serilog request event per request through its BufferedConsole sink, stdout to a file); "gateway (no request log)" is the same with the request event turned off
- I/O: the committed configuration sets Gateway:Limits:InlineIoCompletions (Kestrel and socket completions on the socket threads); "plain YARP, inline I/O" is plain YARP with the same setting, the other baselines use .NET's defaults
- other work on the machine: before each measurement the script waits up to ${QUIET_WAIT} s for it to stop, and reports it per run
- tokens: RS256, 2048-bit, from the local token service (pool local_bench); reused = one client_credentials token; ${DISTINCT_TOKENS} distinct and ${UNIQUE_TOKENS} unique tokens minted with the same key and kid
EOF
)
log "machine and settings:"
printf '%s\n' "$MACHINE" >&2

# --- processes -----------------------------------------------------------------------------------------------
KEY_FILE=$WORK/local-bench-keys.json
start issuer "$LOAD_CPU" "$WORK/issuer.log" dotnet "$BENCH_DLL" issuer "$ISSUER_PORT" "$KEY_FILE"
start backend "$LOAD_CPU" "$WORK/backend.log" dotnet "$BENCH_DLL" backend "$BACKEND_PORT"
wait_http "$ISSUER/.well-known/jwks.json" 200
wait_http "http://127.0.0.1:$BACKEND_PORT/" 200

start yarp "$PROXY_CPU" "$WORK/yarp.log" dotnet "$BENCH_DLL" yarp "$YARP_PORT" "http://127.0.0.1:$BACKEND_PORT/"
# The gateway's committed configuration runs I/O completions inline (Gateway:Limits:InlineIoCompletions); plain
# YARP with the same setting shows how much of the gap that setting alone closes (like for like).
start yarpinline "$PROXY_CPU" "$WORK/yarp-inline.log" env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
  dotnet "$BENCH_DLL" yarp "$YARPINLINE_PORT" "http://127.0.0.1:$BACKEND_PORT/" inline
start stock "$PROXY_CPU" "$WORK/stock.log" dotnet "$BENCH_DLL" stock "$STOCK_PORT" "http://127.0.0.1:$BACKEND_PORT/" "$ISSUER"

# The gateway as shipped: its built dll from the repository root (committed appsettings.json), with only the
# addresses overridden, as tests/Gateway.Tests/EndToEnd/GatewayProcess.cs does.
GATEWAY_ARGS=(
  --Urls=http://127.0.0.1:PORT
  --LocalCognito:Enabled=false
  --DemoBackend:Enabled=false
  --Gateway:Authorizers:cognito:UserPools:0:Issuer=$ISSUER
  --Gateway:Authorizers:cognito:AllowedClientIds:0=bench-client
  --Gateway:Authorizers:cognito:AllowedClientIds:1=bench-other
  --ReverseProxy:Clusters:demo:Destinations:backend:Address=http://127.0.0.1:$BACKEND_PORT/
)
# shellcheck disable=SC2086
start gateway "$PROXY_CPU" "$WORK/gateway.log" env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT \
  dotnet "$GATEWAY_DLL" "${GATEWAY_ARGS[@]/PORT/$GATEWAY_PORT}" $GATEWAY_EXTRA
start nolog "$PROXY_CPU" "$WORK/gateway-nolog.log" env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT \
  dotnet "$GATEWAY_DLL" "${GATEWAY_ARGS[@]/PORT/$NOLOG_PORT}" $GATEWAY_EXTRA \
  --Serilog:MinimumLevel:Override:Gateway.RequestLog=Warning

wait_http "http://127.0.0.1:$YARP_PORT/" 200
wait_http "http://127.0.0.1:$YARPINLINE_PORT/" 200
wait_http "http://127.0.0.1:$STOCK_PORT/" 401
wait_http "http://127.0.0.1:$GATEWAY_PORT/readyz" 200
wait_http "http://127.0.0.1:$NOLOG_PORT/readyz" 200
if [[ -n $VARIANT_EXTRA$VARIANT_ENV ]]; then
  # shellcheck disable=SC2086
  start variant "$PROXY_CPU" "$WORK/gateway-variant.log" env -u ASPNETCORE_URLS -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT $VARIANT_ENV \
    dotnet "$GATEWAY_DLL" "${GATEWAY_ARGS[@]/PORT/$VARIANT_PORT}" $GATEWAY_EXTRA $VARIANT_EXTRA
  wait_http "http://127.0.0.1:$VARIANT_PORT/readyz" 200
fi

# --- tokens --------------------------------------------------------------------------------------------------
client_token() {
  curl -s --fail --max-time 5 -X POST --user "$1" "http://127.0.0.1:$ISSUER_PORT/oauth2/token?grant_type=client_credentials" \
    -H 'Content-Type: application/x-www-form-urlencoded' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
TOKEN=$(client_token bench-client:bench-secret)
WRONG_SCOPE_TOKEN=$(client_token bench-other:bench-other-secret)
[[ -n $TOKEN && -n $WRONG_SCOPE_TOKEN ]] || die "the token endpoint gave no token (see $WORK/issuer.log)"

# Same header, payload and length, one signature character changed in the middle: the RSA check fails.
signature=${TOKEN##*.}
middle=$((${#signature} / 2))
flip=A; [[ ${signature:middle:1} == A ]] && flip=B
BAD_SIGNATURE_TOKEN=${TOKEN%.*}.${signature:0:middle}$flip${signature:middle+1}

# Minted files are reused while the key file, the issuer and the count are the same and they are fresh
# (tokens live 12 h; files older than 6 h are minted again), so a second run skips most of the minting.
mint() {
  local file=$1 count=$2 stamp=$1.meta meta
  meta="$ISSUER $count $(sha256sum "$KEY_FILE" | cut -c1-16)"
  if [[ -f $file && -f $stamp && $(cat "$stamp") == "$meta" && -n $(find "$file" -mmin -360) ]]; then
    return 0
  fi
  log "minting $count tokens into $file"
  dotnet "$BENCH_DLL" mint "$KEY_FILE" "$ISSUER" "$count" "$file" >&2
  echo "$meta" >"$stamp"
}
DISTINCT_FILE=$WORK/tokens-distinct.txt
UNIQUE_FILE=$WORK/tokens-unique.txt
mint "$DISTINCT_FILE" "$DISTINCT_TOKENS"
mint "$UNIQUE_FILE" "$UNIQUE_TOKENS"

# --- what is measured ----------------------------------------------------------------------------------------
url_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$BACKEND_PORT/" ;;
    yarp) echo "http://127.0.0.1:$YARP_PORT/" ;;
    yarpinline) echo "http://127.0.0.1:$YARPINLINE_PORT/" ;;
    stock) echo "http://127.0.0.1:$STOCK_PORT/" ;;
    gateway) echo "http://127.0.0.1:$GATEWAY_PORT/" ;;
    nolog) echo "http://127.0.0.1:$NOLOG_PORT/" ;;
    variant) echo "http://127.0.0.1:$VARIANT_PORT/" ;;
  esac
}
pid_of() {
  case $1 in
    direct) echo "$PID_backend" ;;
    *) eval "echo \$PID_$1" ;;
  esac
}
label_of() {
  case $1 in
    direct) echo "direct backend" ;;
    yarp) echo "plain YARP" ;;
    yarpinline) echo "plain YARP, inline I/O" ;;
    stock) echo "YARP + stock JwtBearer" ;;
    gateway) echo "gateway" ;;
    nolog) echo "gateway (no request log)" ;;
    variant) echo "gateway + $VARIANT_ENV $VARIANT_EXTRA" ;;
  esac
}
# Plain YARP and the backend ignore the token, so the reused-token row (same request size) is their baseline; plain
# YARP also gets the distinct mix, because wrk's Lua token rotation costs the load side CPU and the gateway's
# distinct-token ratio must compare the same request stream.
mixes_of() {
  local all mix
  case $1 in
    direct | yarpinline) all="reused" ;;
    yarp) all="reused distinct" ;; # the same request stream as the gateway's distinct mix (wrk's Lua work included)
    nolog) all="reused" ;;
    *) all="reused distinct unique badsig wrongscope" ;;
  esac
  for mix in $all; do [[ " $MIXES " == *" $mix "* ]] && printf '%s ' "$mix"; done
  echo
}
expected_status() {
  case $2 in
    badsig) echo 401 ;;
    wrongscope) [[ $1 == stock ]] && echo 403 || echo 401 ;; # API Gateway REST answers 401 to a missing scope
    *) echo 200 ;;
  esac
}

declare -A UNIQUE_OFFSET=()

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks of every process this script started; with wrk's own time, the rest of the machine's busy time is
# someone else's work (a build, other tests) and is reported, because on 2 CPUs it skews the numbers.
mine_ticks() {
  local pid sum=0
  for pid in "${PIDS[@]}"; do sum=$((sum + $(cpu_ticks "$pid"))); done
  echo "$sum"
}
all_cpu_busy() { awk '$1 == "cpu" {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
load_cpu_busy() { awk -v cpu="cpu$LOAD_CPU" '$1 == cpu {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
status_kb() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }

# On a shared 2-CPU machine a build or a test run elsewhere takes CPU from the proxy under test: wait (bounded)
# until the rest of the machine is idle, and report what was still running during each measurement.
wait_quiet() {
  local deadline=$((SECONDS + QUIET_WAIT)) a0 m0 pct hz ncpu
  hz=$(getconf CLK_TCK) ncpu=$(nproc)
  while :; do
    a0=$(all_cpu_busy) m0=$(mine_ticks)
    sleep 1
    pct=$((($(all_cpu_busy) - a0 - ($(mine_ticks) - m0)) * 100 / (hz * ncpu)))
    ((pct <= 5)) && return 0
    if ((SECONDS >= deadline)); then
      log "other work keeps ${pct}% of the machine busy; measuring anyway (see the other load column)"
      return 0
    fi
  done
}

# run_wrk TARGET MIX SECONDS [UNIQUE_OFFSET] -> prints the RESULT line
run_wrk() {
  local target=$1 mix=$2 seconds=$3 url
  url=$(url_of "$target")
  local common=(-t "$WRK_THREADS" -c "$CONNECTIONS" -d "${seconds}s" --timeout 5s)
  case $mix in
    reused) taskset -c "$LOAD_CPU" wrk "${common[@]}" -s "$HERE/report.lua" -H "Authorization: Bearer $TOKEN" "$url" ;;
    badsig) taskset -c "$LOAD_CPU" wrk "${common[@]}" -s "$HERE/report.lua" -H "Authorization: Bearer $BAD_SIGNATURE_TOKEN" "$url" ;;
    wrongscope) taskset -c "$LOAD_CPU" wrk "${common[@]}" -s "$HERE/report.lua" -H "Authorization: Bearer $WRONG_SCOPE_TOKEN" "$url" ;;
    distinct) TOKEN_FILE=$DISTINCT_FILE TOKEN_OFFSET=0 TOKEN_LIMIT=0 WRK_THREADS=$WRK_THREADS \
      taskset -c "$LOAD_CPU" wrk "${common[@]}" -s "$HERE/tokens.lua" "$url" ;;
    unique) TOKEN_FILE=$UNIQUE_FILE TOKEN_OFFSET=$4 TOKEN_LIMIT=$((UNIQUE_TOKENS - $4)) WRK_THREADS=$WRK_THREADS \
      taskset -c "$LOAD_CPU" wrk "${common[@]}" -s "$HERE/tokens.lua" "$url" ;;
  esac | grep '^RESULT '
}

# A request of each mix must get its expected status before anything is timed: a misconfigured target would
# otherwise be measured answering errors fast.
check_target() {
  local target=$1 mix token code want
  for mix in $(mixes_of "$target"); do
    case $mix in
      reused) token=$TOKEN ;; badsig) token=$BAD_SIGNATURE_TOKEN ;; wrongscope) token=$WRONG_SCOPE_TOKEN ;;
      distinct) token=$(head -1 "$DISTINCT_FILE") ;; unique) token=$(tail -1 "$UNIQUE_FILE") ;;
    esac
    want=$(expected_status "$target" "$mix")
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $token" "$(url_of "$target")")
    [[ $code == "$want" ]] || die "$(label_of "$target"), $mix token: HTTP $code, expected $want"
  done
}

warm_up() {
  local target=$1 minimum=$2 start=$SECONDS mix current result trail="" recent=""
  for mix in $(mixes_of "$target"); do
    [[ $mix == reused || $mix == unique ]] && continue # unique tokens are kept for the measurements
    run_wrk "$target" "$mix" 3 >/dev/null
  done
  # Tiered JIT and dynamic PGO move throughput in steps (plain YARP: a plateau near 8k RPS, then 22k after about
  # 45 s on one CPU), so one stable pair of runs is not enough: three in a row must agree.
  while :; do
    result=$(run_wrk "$target" reused 5)
    current=$(awk '{printf "%.0f", $2 / ($3 / 1e6)}' <<<"$result")
    trail="$trail $current"
    recent=$(echo "$recent $current" | awk '{for (i = (NF > 3 ? NF - 2 : 1); i <= NF; i++) printf "%s ", $i}')
    if ((SECONDS - start >= minimum)) &&
      awk -v r="$recent" 'BEGIN { n = split(r, v, " "); if (n < 3) exit 1; lo = hi = v[1]
        for (i = 2; i <= n; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i] }
        exit !(lo > 0 && (hi - lo) / lo < 0.03) }'; then
      break
    fi
    ((SECONDS - start >= WARMUP_MAX)) && break
  done
  log "warm-up $(label_of "$target"): $((SECONDS - start)) s, RPS per 5 s:$trail"
}

printf 'round\ttarget\tmix\trps\tp50_ms\tp99_ms\tnon2xx\tsocket_errors\tcpu_us_per_req\tproxy_cpu_pct\tload_cpu_pct\trss_mb\thwm_mb\twrapped\texpected\tother_cpu_pct\n' >"$RAW"

measure() {
  local round=$1 target=$2 mix=$3 pid t0 t1 l0 l1 result a0 a1 m0 m1
  pid=$(pid_of "$target")
  [[ -d /proc/$pid ]] || die "$(label_of "$target") (pid $pid) has exited; see its log in $WORK"
  wait_quiet
  t0=$(cpu_ticks "$pid")
  l0=$(load_cpu_busy)
  a0=$(all_cpu_busy)
  m0=$(mine_ticks)
  # Each process has its own cache: every run of the unique mix against it starts where its last one stopped.
  # Once a process has used the whole file it starts over, and its rows count a wrap (cached tokens again).
  local offset=${UNIQUE_OFFSET[$target]:-0} restarted=0
  if [[ $mix == unique ]] && ((offset >= UNIQUE_TOKENS)); then offset=0 restarted=1; fi
  result=$({ time run_wrk "$target" "$mix" "$DURATION" "$offset"; } 2>"$WORK/wrk.time")
  t1=$(cpu_ticks "$pid")
  l1=$(load_cpu_busy)
  a1=$(all_cpu_busy)
  m1=$(mine_ticks)
  local rss hwm
  rss=$(status_kb "$pid" VmRSS)
  hwm=$(status_kb "$pid" VmHWM)
  # shellcheck disable=SC2086
  set -- $result
  local requests=$2 duration_us=$3
  if [[ $mix == unique ]]; then
    UNIQUE_OFFSET[$target]=$((offset + requests))
  fi
  awk -v round="$round" -v target="$target" -v mix="$mix" -v r="$requests" -v d="$duration_us" -v p50="$4" -v p99="$5" \
    -v non2xx="$6" -v sock="$(($7 + $8 + $9 + ${10}))" -v wrapped="$((${11} + restarted))" -v ticks="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" \
    -v l0="$l0" -v l1="$l1" -v rss="$rss" -v hwm="$hwm" -v want="$(expected_status "$target" "$mix")" \
    -v other="$((a1 - a0 - (m1 - m0)))" -v wrk_time="$(cat "$WORK/wrk.time")" -v ncpu="$(nproc)" 'BEGIN {
      split(l0, a, " "); split(l1, b, " ")
      secs = d / 1e6
      split(wrk_time, w, " ")
      other_pct = (other / hz - w[1] - w[2]) / (secs * ncpu) * 100
      if (other_pct < 0) other_pct = 0
      printf "%d\t%s\t%s\t%.0f\t%.2f\t%.2f\t%d\t%d\t%.1f\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%s\t%.1f\n", round, target, mix, r / secs,
        p50 / 1000, p99 / 1000, non2xx, sock, (r > 0 ? ticks / hz * 1e6 / r : 0), ticks / hz / secs * 100,
        (b[2] > a[2] ? (b[1] - a[1]) / (b[2] - a[2]) * 100 : 0), rss / 1024, hwm / 1024, wrapped, want, other_pct
    }' >>"$RAW"
  log "round $round $(label_of "$target") $mix: $(tail -1 "$RAW" | awk -F'\t' '{print $4 " rps, p50 " $5 " ms, p99 " $6 " ms, non-2xx " $7 ", " $9 " cpu-us/req, proxy cpu " $10 "%, other load " $16 "%"}')"
}

TARGETS=()
for target in direct yarp yarpinline stock gateway nolog variant; do [[ " $ONLY " == *" $target "* ]] && TARGETS+=("$target"); done
[[ " ${TARGETS[*]} " != *" variant "* || -n $VARIANT_EXTRA$VARIANT_ENV ]] || die "target variant needs VARIANT_EXTRA or VARIANT_ENV"
((${#TARGETS[@]} > 0)) || die "ONLY names no known target (direct yarp yarpinline stock gateway nolog variant)"
for target in "${TARGETS[@]}"; do check_target "$target"; done
log "all targets answer as expected; warming up"
for target in "${TARGETS[@]}"; do [[ $target == direct ]] || warm_up "$target" "$WARMUP"; done
[[ " $ONLY " == *" direct "* ]] && warm_up direct 10

for ((round = 1; round <= ROUNDS; round++)); do
  order=("${TARGETS[@]}")
  if ((round % 2 == 0)); then
    order=()
    for ((i = ${#TARGETS[@]} - 1; i >= 0; i--)); do order+=("${TARGETS[i]}"); done
  fi
  for mix in $MIXES; do
    for target in "${order[@]}"; do
      [[ " $(mixes_of "$target") " == *" $mix "* ]] || continue
      measure "$round" "$target" "$mix"
    done
  done
done

# --- report --------------------------------------------------------------------------------------------------
# median TARGET MIX COLUMN (1-based column of the raw file)
median() {
  awk -F'\t' -v t="$1" -v m="$2" -v c="$3" 'NR > 1 && $2 == t && $3 == m {print $c}' "$RAW" | sort -g |
    awk '{v[NR] = $1} END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maxcol() { awk -F'\t' -v t="$1" -v c="$2" 'NR > 1 && $2 == t && $c > m {m = $c} END {print m + 0}' "$RAW"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'; }
mix_label() {
  case $1 in
    reused) echo "one reused token" ;; distinct) echo "$DISTINCT_TOKENS distinct tokens" ;;
    unique) echo "every token unique" ;; badsig) echo "bad signature" ;; wrongscope) echo "wrong scope" ;;
  esac
}
verdict() { awk -v v="$1" -v op="$2" -v limit="$3" 'BEGIN { if (v == "-") print "n/a"; else if ((op == ">=" && v >= limit) || (op == "<=" && v <= limit) || (op == "<" && v < limit)) print "met"; else print "**missed**" }'; }

YARP_RPS=$(median yarp reused 4)
YARP_P99=$(median yarp reused 6)
DIRECT_RPS=$(median direct reused 4)
{
  echo "# Gateway load test, $STAMP"
  echo
  printf '%s\n' "$MACHINE"
  echo
  subset=""
  [[ $ONLY != "direct yarp yarpinline stock gateway nolog" ]] && subset+=" ONLY=\"$ONLY\""
  [[ $MIXES != "reused distinct unique badsig wrongscope" ]] && subset+=" MIXES=\"$MIXES\""
  [[ -n $GATEWAY_EXTRA ]] && subset+=" GATEWAY_EXTRA=\"$GATEWAY_EXTRA\""
  [[ -n $VARIANT_EXTRA ]] && subset+=" VARIANT_EXTRA=\"$VARIANT_EXTRA\""
  [[ -n $VARIANT_ENV ]] && subset+=" VARIANT_ENV=\"$VARIANT_ENV\""
  echo "Command: \`DURATION=$DURATION ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS WARMUP=$WARMUP UNIQUE_TOKENS=$UNIQUE_TOKENS$subset deploy/loadtest/run.sh\`"
  echo
  echo "## Medians over $ROUNDS rounds"
  echo
  echo "| target | token mix | RPS | p50 ms | p99 ms | non-2xx (expected status) | socket errors | proxy CPU-us/req | proxy CPU % | load CPU % | peak RSS MB | gateway / plain YARP | gateway / stock | gateway / direct |"
  echo "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for target in "${TARGETS[@]}"; do
    for mix in $(mixes_of "$target"); do
      rps=$(median "$target" "$mix" 4)
      r_yarp="" r_stock="" r_direct=""
      if [[ $target == gateway || $target == nolog || $target == variant ]] && [[ $mix == reused || $mix == distinct || $mix == unique ]]; then
        r_yarp=$(ratio "$rps" "$(median yarp "$mix" 4)")
        [[ -z $(median yarp "$mix" 4) ]] && r_yarp=$(ratio "$rps" "$YARP_RPS")
        r_direct=$(ratio "$rps" "$DIRECT_RPS")
      fi
      if [[ $target == gateway || $target == nolog || $target == variant ]]; then r_stock=$(ratio "$rps" "$(median stock "$mix" 4)"); fi
      non2xx=$(awk -F'\t' -v t="$target" -v m="$mix" 'NR > 1 && $2 == t && $3 == m {s += $7} END {print s + 0}' "$RAW")
      sock=$(awk -F'\t' -v t="$target" -v m="$mix" 'NR > 1 && $2 == t && $3 == m {s += $8} END {print s + 0}' "$RAW")
      wrapped=$(awk -F'\t' -v t="$target" -v m="$mix" 'NR > 1 && $2 == t && $3 == m {s += $14} END {print s + 0}' "$RAW")
      note=""
      [[ $mix == unique ]] && ((wrapped > 0)) && note=" (token file wrapped: not all unique)"
      printf '| %s | %s%s | %.0f | %.2f | %.2f | %s (%s) | %s | %.1f | %.0f | %.0f | %.0f | %s | %s | %s |\n' \
        "$(label_of "$target")" "$(mix_label "$mix")" "$note" "$rps" "$(median "$target" "$mix" 5)" "$(median "$target" "$mix" 6)" \
        "$non2xx" "$(expected_status "$target" "$mix")" "$sock" "$(median "$target" "$mix" 9)" "$(median "$target" "$mix" 10)" \
        "$(median "$target" "$mix" 11)" "$(maxcol "$target" 13)" "${r_yarp:--}" "${r_stock:--}" "${r_direct:--}"
    done
  done
  echo
  echo "Non-2xx counts every response of the run that was not 2xx/3xx, summed over rounds; for the bad-signature"
  echo "and wrong-scope mixes that is every response. Proxy CPU-us/req is utime+stime of the proxy process over the"
  echo "run divided by its requests (for the direct row: the backend's). Load CPU % is how busy CPU $LOAD_CPU (wrk +"
  echo "backend) was: near 100 means the load side, not the proxy, may be the limit. Peak RSS is VmHWM at the end."
  echo
  busy=$(awk -F'\t' 'NR > 1 && $16 > 5 {n++} END {print n + 0}' "$RAW")
  if ((busy > 0)); then
    echo "**Warning: $busy of the runs had more than 5% of the machine busy with other work (column \"other load %\" below).**"
    echo
  fi
  echo "## Targets (issue 4)"
  echo
  g_reused=$(median gateway reused 4)
  g_distinct=$(median gateway distinct 4)
  r1=$(ratio "$g_reused" "$YARP_RPS")
  r2=$(ratio "$(median gateway reused 6)" "$YARP_P99")
  YARP_DISTINCT_RPS=$(median yarp distinct 4)
  r3=$(ratio "$g_distinct" "${YARP_DISTINCT_RPS:-$YARP_RPS}")
  r4=$(ratio "$g_reused" "$(median stock reused 4)")
  hwm=$(maxcol gateway 13)
  rss_first=$(awk -F'\t' 'NR > 1 && $2 == "gateway" && $1 == 1 {v = $12} END {print v + 0}' "$RAW")
  rss_last=$(awk -F'\t' -v r="$ROUNDS" 'NR > 1 && $2 == "gateway" && $1 == r {v = $12} END {print v + 0}' "$RAW")
  echo "| target | measured | verdict |"
  echo "|---|---:|---|"
  echo "| one reused token: gateway RPS >= 0.9x plain YARP | ${r1}x | $(verdict "$r1" '>=' 0.9) |"
  echo "| one reused token: gateway p99 <= 1.2x plain YARP | ${r2}x | $(verdict "$r2" '<=' 1.2) |"
  echo "| $DISTINCT_TOKENS distinct tokens: gateway RPS >= 0.85x plain YARP (same token stream) | ${r3}x | $(verdict "$r3" '>=' 0.85) |"
  echo "| one reused token: gateway RPS >= 2x stock JwtBearer | ${r4}x | $(verdict "$r4" '>=' 2) |"
  r5=$(ratio "$g_reused" "$(median yarpinline reused 4)")
  r6=$(ratio "$(median gateway reused 6)" "$(median yarpinline reused 6)")
  echo "| like for like: gateway / plain YARP with the same inline I/O setting, RPS and p99 | ${r5}x, ${r6}x | (informational) |"
  echo "| gateway peak RSS < 200 MB | ${hwm} MB | $(verdict "$hwm" '<' 200) |"
  echo "| gateway RSS growth between rounds (end of round 1 -> end of round $ROUNDS) | ${rss_first} -> ${rss_last} MB | (informational) |"
  echo
  echo "## Every run"
  echo
  echo "| round | target | mix | RPS | p50 ms | p99 ms | non-2xx | socket errors | CPU-us/req | proxy CPU % | load CPU % | RSS MB | peak RSS MB | wraps | other load % |"
  echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16}' "$RAW"
  echo
  echo "Other load % is the machine's busy time not spent by wrk or the processes this script started, as a share"
  echo "of both CPUs: anything above a few percent (a build, other tests) makes that row unreliable."
} | tee "$REPORT"

log "report: $REPORT (raw rows: $RAW)"
