-- wrk script for tail.sh: one machine-readable line of fine percentiles (milliseconds) and the request rate.
function done(summary, latency, requests)
  local function ms(p) return latency:percentile(p) / 1000 end
  io.write(string.format("PCT rps=%.0f p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), ms(50), ms(90), ms(99), ms(99.9), latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
