#!/usr/bin/env bash
# HTTP load test of one node: add-item (a durable write) and get-cart, on the memory store and on
# PostgreSQL, each against a bare Vert.x JSON server measured in the same run as the baseline.
# Prints req/s, p50/p99 latency and the ratio to the baseline. Needs wrk (apt-get install wrk), a JDK
# >= 21 in JAVA_HOME, the built jars (see README) and, for the pg rows, the tender database.
# STORES may also name "cluster3": three clustered nodes (cluster.xml) on PostgreSQL on this same
# machine, each driven by its own wrk with a third of the connections; req/s summed, p50/p99 the worst.
# Env: DURATION (s, default 10), CONNECTIONS (64), THREADS (2), SHOPPERS (256), STORES ("memory pg").
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SHOPPERS=${SHOPPERS:-256}
STORES=${STORES:-memory pg}
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}/bin/java
PG_URL=${TENDER_PG_URL:-postgresql://tender:tender@127.0.0.1:5432/tender}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
[ -f target/tender.jar ] && [ -f benchmarks/target/benchmarks.jar ] || { echo "build first: see README"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "port $1 did not open"; exit 1; }

# wrk against URL with SCRIPT; prints "rps p50 p99 non2xx socket_errors"
load() {
  local url=$1 script=$2 mode=$3 base=${4:-}
  MODE=$mode BASE=$base SESSIONS=$work/sessions.txt wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$script" "$url" \
    | sed -n 's/^RESULT //p'
}

# Creates SHOPPERS anonymous sessions with a one-line cart each: "token cart_id" per line.
make_sessions() {
  local base=$1
  : > "$work/sessions.txt"
  for _ in $(seq 1 "$SHOPPERS"); do
    local token cart
    token=$(curl -sf -X POST -H 'X-Api-Key: test-api-key' "$base/auth/anonymous" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
    cart=$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"items":[{"product_id":"p06","variant_id":null,"quantity":1}]}' "$base/carts" | sed 's/.*"cart":{"id":"\([^"]*\)".*/\1/')
    echo "$token $cart" >> "$work/sessions.txt"
  done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { # name, result, baseline result
  read -r rps p50 p99 non2xx errs <<< "$2"
  read -r brps _ <<< "$3"
  printf "%-28s %10s %9s %9s %8s %8s %8s\n" "$1" "$rps" "$p50" "$p99" "$non2xx" "$errs" "$(ratio "$rps" "$brps")"
}

"$JAVA" -cp benchmarks/target/benchmarks.jar dev.tender.bench.BareServer 18180 2 > "$work/bare.log" 2>&1 &
pids+=($!)
wait_port 18180
echo "warming up the baseline..."
DURATION=3 load http://127.0.0.1:18180 benchmarks/load/bare.lua add > /dev/null

printf "\n%-28s %10s %9s %9s %8s %8s %8s\n" "run (${CONNECTIONS} conns, ${DURATION}s)" "req/s" "p50 ms" "p99 ms" "non-2xx" "sock err" "x bare"
base_add=$(load http://127.0.0.1:18180 benchmarks/load/bare.lua add)
base_get=$(load http://127.0.0.1:18180 benchmarks/load/bare.lua get)
row "bare Vert.x JSON POST" "$base_add" "$base_add"
row "bare Vert.x JSON GET" "$base_get" "$base_get"

# Three wrk at once, one per node, a third of the connections each: "rps p50 p99 non2xx errs" summed/worst.
load3() {
  local mode=$1; shift
  local outs=() loaders=()
  for p in "$@"; do
    CONNECTIONS=$((CONNECTIONS / 3)) THREADS=1 load "http://127.0.0.1:$p" benchmarks/load/cart.lua "$mode" /api/v1/test-store/storefront > "$work/w$p" &
    loaders+=($!)
    outs+=("$work/w$p")
  done
  wait "${loaders[@]}"
  cat "${outs[@]}" | awk '{ r += $1; if ($2 > p50) p50 = $2; if ($3 > p99) p99 = $3; n += $4; e += $5 }
    END { printf "%.0f %.3f %.3f %d %d\n", r, p50, p99, n, e }'
}

port=18181
for store in $STORES; do
  if [ "$store" = cluster3 ]; then
    ports=()
    for i in 1 2 3; do
      TENDER_PORT=$port TENDER_STORE=pg TENDER_PG_URL=$PG_URL TENDER_CLUSTER_NAME="bench-$$" "$JAVA" -jar target/tender.jar --cluster \
        > "$work/tender-cluster-$i.log" 2>&1 &
      pids+=($!)
      ports+=($port)
      port=$((port + 1))
    done
    for p in "${ports[@]}"; do wait_port "$p"; done
    sleep 8 # let the three members settle their partitions
    make_sessions "http://127.0.0.1:${ports[0]}/api/v1/test-store/storefront"
    load3 add "${ports[@]}" > /dev/null # warm-up
    row "tender 3-node cluster add-item" "$(load3 add "${ports[@]}")" "$base_add"
    row "tender 3-node cluster get-cart" "$(load3 get "${ports[@]}")" "$base_get"
    for _ in 1 2 3; do kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; done
    continue
  fi
  TENDER_PORT=$port TENDER_STORE=$store TENDER_PG_URL=$PG_URL "$JAVA" -jar target/tender.jar > "$work/tender-$store.log" 2>&1 &
  pids+=($!)
  wait_port $port
  base="http://127.0.0.1:$port/api/v1/test-store/storefront"
  make_sessions "$base"
  DURATION=3 load "http://127.0.0.1:$port" benchmarks/load/cart.lua add "/api/v1/test-store/storefront" > /dev/null # warm-up
  row "tender $store add-item" "$(load "http://127.0.0.1:$port" benchmarks/load/cart.lua add /api/v1/test-store/storefront)" "$base_add"
  row "tender $store get-cart" "$(load "http://127.0.0.1:$port" benchmarks/load/cart.lua get /api/v1/test-store/storefront)" "$base_get"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  unset 'pids[-1]'
  port=$((port + 1))
done
