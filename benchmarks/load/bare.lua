-- wrk script for the bare Vert.x baseline: the same request shapes as cart.lua, no engine behind them.
local mode = os.getenv("MODE") or "get"
local counter = 0

function request()
  counter = counter + 1
  if mode == "add" then
    local body = '{"product_id":"p03","variant_id":null,"quantity":' .. ((counter % 5) + 1) .. '}'
    return wrk.format("POST", "/items", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer x" }, body)
  end
  return wrk.format("GET", "/cart", { ["Authorization"] = "Bearer x" })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d\n", summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
