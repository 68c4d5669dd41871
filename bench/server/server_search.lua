-- wrk script for bench/server/server.sh: POSTs /v1/search bodies (hybrid, k = 10), one per line of the file named
-- by $HEPCHAIN_BENCH_BODIES, rotating through them; each thread starts at a different line. `done` prints
-- one machine-readable RESULT line with requests/s and latency percentiles in milliseconds.
local bodies = {}
local next_index = 1

local function load_bodies()
  local path = os.getenv("HEPCHAIN_BENCH_BODIES")
  for line in io.lines(path) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  if #bodies == 0 then error("no request bodies in " .. tostring(path)) end
end

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  load_bodies()
  next_index = ((thread_number or 1) * 7) % #bodies + 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = bodies[next_index]
  next_index = next_index % #bodies + 1
  return wrk.format("POST", "/v1/search", nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.timeout + errors.status
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, failed, errors.status))
end
