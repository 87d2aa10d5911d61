-- wrk script for bench/run.py: sets the method, body and headers from the environment
-- and prints one JSON line of results (latencies in microseconds).
--
-- With WRK_FRESH set, every request carries a query string never asked before
-- (`_bench=<WRK_FRESH>-<thread>-<counter>`, a parameter the portal ignores), so the
-- response cache, which keys on the full path, cannot answer it: a cold read.
-- WRK_FRESH should differ between runs (the kit passes a fresh nonce), so that a
-- warm-up's answers are not found again by the measured run.
local method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
local headers = os.getenv("WRK_HEADERS")
local fresh = os.getenv("WRK_FRESH")

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

if fresh and fresh ~= "" then
  local threads = 0

  -- Runs in the main state once per thread: each thread gets its own number, so the
  -- threads' counters never produce the same query string.
  setup = function(thread)
    threads = threads + 1
    thread:set("thread_number", threads)
  end

  -- A path holding "{term}" gets a search term of its own on every request (a
  -- consonant, a vowel, a consonant: "ban", "tey"...), so each search is a filter
  -- never seen before: its count is not cached either. The run's nonce shifts the
  -- sequence, so a warm-up's terms are not the measured run's.
  local consonants, vowels = "bcdghklmnprstvwy", "aeiou"
  local offset = tonumber(string.sub(fresh, 1, 4), 16) or 0
  local function term(n)
    n = n + offset
    local c1 = (n % 16) + 1
    local v = (math.floor(n / 16) % 5) + 1
    local c2 = (math.floor(n / 80) % 16) + 1
    return string.sub(consonants, c1, c1) .. string.sub(vowels, v, v) .. string.sub(consonants, c2, c2)
  end

  local counter = 0
  request = function()
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    local base = wrk.path
    if string.find(base, "{term}", 1, true) then
      local n = counter * 7 + (thread_number or 0) * 641
      base = string.gsub(base, "{term}", term(n))
    end
    local path = string.format(
      "%s%s_bench=%s-%d-%d", base, separator, fresh, thread_number or 0, counter)
    return wrk.format(nil, path)
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
