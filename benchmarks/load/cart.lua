-- wrk script: each request picks the next (token, cart) pair from sessions.txt, so the load is spread
-- over many shoppers (and partitions). MODE=add sets a line's quantity (1..5, a real write each time);
-- MODE=get reads the cart. BASE is the storefront base path.
local mode = os.getenv("MODE") or "get"
-- RATE (req/s over all connections) paces the load instead of running flat out: each connection waits
-- CONNS / RATE between its requests (wrk's delay(), in whole milliseconds).
local rate = tonumber(os.getenv("RATE") or "0")
local conns = tonumber(os.getenv("CONNS") or "64")
local base = os.getenv("BASE")
local sessions = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("SESSIONS")) do
    local token, cart = line:match("(%S+) (%S+)")
    sessions[#sessions + 1] = { token = token, cart = cart }
  end
end

function request()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  local headers = { ["Authorization"] = "Bearer " .. s.token }
  if mode == "add" then
    headers["Content-Type"] = "application/json"
    local body = '{"product_id":"p03","variant_id":null,"quantity":' .. ((counter % 5) + 1) .. '}'
    return wrk.format("POST", base .. "/carts/" .. s.cart .. "/items", headers, body)
  end
  return wrk.format("GET", base .. "/carts/" .. s.cart, headers)
end

function delay()
  if rate > 0 then
    return math.floor(1000 * conns / rate)
  end
  return 0
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d\n", summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
