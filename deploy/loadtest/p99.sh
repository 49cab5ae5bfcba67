#!/usr/bin/env bash
# Pools the one-reused-token p99 of several run.sh reports: for every round that measured plain YARP and the
# gateway, the ratio gateway / plain YARP (and, where the round has them, gateway without its request log / plain
# YARP and gateway / gateway without its request log), then the median and quartiles of each ratio over all rounds.
# A p99 over one 8-s run moves by 20-30 % with this machine's phases, which the three rounds of one report cannot
# average out; pooling the rounds of several reports can. Reads the per-round table of each report (Markdown).
#   deploy/loadtest/p99.sh                                       # every report in deploy/loadtest/results
#   deploy/loadtest/p99.sh deploy/loadtest/results/2026112{8T2,9}*.md   # a chosen set (same code, say)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
(($# > 0)) || set -- "$HERE"/results/[0-9]*.md
for report in "$@"; do
  [[ -f $report ]] || { echo "no such report: $report" >&2; exit 1; }
done

awk -F'|' '
  function trim(s) { gsub(/^ +| +$/, "", s); return s }
  # One row per round of a report: | round | target | mix | RPS | p50 | p99 | ...
  FNR == 1 { file = FILENAME; sub(/.*\//, "", file) }
  NF >= 8 && trim($2) ~ /^[0-9]+$/ && trim($4) == "reused" {
    key = file " round " trim($2)
    p99[key, trim($3)] = trim($7) + 0
    if (!(key in seen)) { seen[key] = 1; keys[++n] = key }
  }
  function add(name, v) { values[name, ++count[name]] = v }
  function quantile(name, q,    i, j, t, m) {
    m = count[name]
    for (i = 1; i <= m; i++) sorted[i] = values[name, i]
    for (i = 2; i <= m; i++) { t = sorted[i]; for (j = i - 1; j >= 1 && sorted[j] > t; j--) sorted[j + 1] = sorted[j]; sorted[j + 1] = t }
    # Linear between the two nearest ranks (numpy and R default).
    t = q * (m - 1); j = int(t)
    return j + 1 < m ? sorted[j + 1] + (t - j) * (sorted[j + 2] - sorted[j + 1]) : sorted[m]
  }
  END {
    printf "%-34s %8s %8s %8s %10s %10s %10s\n", "round", "yarp", "gateway", "nolog", "gw/yarp", "nolog/yarp", "gw/nolog"
    for (i = 1; i <= n; i++) {
      k = keys[i]; y = p99[k, "yarp"]; g = p99[k, "gateway"]; l = p99[k, "nolog"]
      if (y == 0 || g == 0) continue
      add("gateway / plain YARP", g / y)
      line = sprintf("%-34s %8.2f %8.2f %8s %10.2f", k, y, g, (l > 0 ? sprintf("%.2f", l) : "-"), g / y)
      if (l > 0) { add("no request log / plain YARP", l / y); add("gateway / no request log", g / l); line = line sprintf(" %10.2f %10.2f", l / y, g / l) }
      print line
    }
    print ""
    split("gateway / plain YARP|no request log / plain YARP|gateway / no request log", names, "|")
    for (i = 1; i <= 3; i++) {
      if (count[names[i]] == 0) continue
      printf "%-28s rounds %3d   median %.2f   quartiles %.2f - %.2f\n", names[i], count[names[i]],
        quantile(names[i], 0.5), quantile(names[i], 0.25), quantile(names[i], 0.75)
    }
  }' "$@"
