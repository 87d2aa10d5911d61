-- wrk script for bench/run.py: sets the method, body and headers from the environment
-- and prints one JSON line of results (latencies in microseconds).
local method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
local headers = os.getenv("WRK_HEADERS")

wrk.method = method
if body and body ~= "" then
  wrk.body = body
end
if headers and headers ~= "" then
  for header in string.gmatch(headers, "[^|]+") do
    local name, value = header:match("^([^:]+):%s*(.*)$")
    if name then
      wrk.headers[name] = value
    end
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "http_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
