#!/usr/bin/env bash
# Microbenchmarks of the gateway's per-request authorization work (tests/Gateway.Bench.Micro, BenchmarkDotNet):
# RS256 validation vs a cache hit, scope check, claim headers, with allocated bytes per operation.
#   deploy/loadtest/micro.sh                    # every benchmark, short job (about 3 minutes)
#   deploy/loadtest/micro.sh '*Scope*'          # a filter
# In process (--inProcess): BenchmarkDotNet's generated project would otherwise be built under this repository's
# warnings-as-errors settings. Reports go to deploy/loadtest/results/micro/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec dotnet run -c Release --project tests/Gateway.Bench.Micro -- \
  --job short --inProcess --filter "${1:-*}" --artifacts deploy/loadtest/results/micro
