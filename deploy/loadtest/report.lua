-- wrk script for runs whose request is fixed on the command line (-H): only prints a machine-readable summary.
-- RESULT requests duration_us p50_us p99_us non2xx connect_err read_err write_err timeouts wrapped
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.0f %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout, 0))
end
