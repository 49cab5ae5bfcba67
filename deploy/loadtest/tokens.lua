-- wrk script that rotates through tokens, one per line of TOKEN_FILE, starting after line TOKEN_OFFSET and
-- taking at most TOKEN_LIMIT lines (0 = all). Threads take interleaved lines, so no two send the same token.
-- Requests are formatted once in init(): building them per request would make wrk, not the proxy, the limit.
-- When a thread has sent all its tokens it starts over and counts a wrap: the "every token unique" mix then
-- is not unique any more, and run.sh reports it.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

function init(args)
  local file = os.getenv("TOKEN_FILE")
  local offset = tonumber(os.getenv("TOKEN_OFFSET") or "0")
  local limit = tonumber(os.getenv("TOKEN_LIMIT") or "0")
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  prepared = {}
  count = 0
  local line_no = 0
  for line in io.lines(file) do
    if line_no >= offset then
      local taken = line_no - offset
      if limit > 0 and taken >= limit then
        break
      end
      if taken % nthreads == thread_index - 1 then
        count = count + 1
        prepared[count] = wrk.format("GET", "/", { ["Authorization"] = "Bearer " .. line })
      end
    end
    line_no = line_no + 1
  end
  if count == 0 then
    error("no tokens in " .. tostring(file) .. " after line " .. offset)
  end
  next_index = 0
  wrapped = 0
end

function request()
  next_index = next_index + 1
  if next_index > count then
    next_index = 1
    wrapped = wrapped + 1
  end
  return prepared[next_index]
end

-- RESULT requests duration_us p50_us p99_us non2xx connect_err read_err write_err timeouts wrapped
function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do
    wraps = wraps + (thread:get("wrapped") or 0)
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.0f %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout, wraps))
end
