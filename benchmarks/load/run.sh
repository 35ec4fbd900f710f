#!/usr/bin/env bash
# HTTP load test of one node: add-item (a durable write) and get-cart, on the memory store and on
# PostgreSQL, each against a bare Vert.x JSON server measured in the same run as the baseline; then
# place-order: CONNECTIONS anonymous shoppers each create a cart, give it addresses and place it (three
# requests, driven by dev.tender.bench.OrderLoad, not wrk), with orders/s and the p50/p99 of POST /orders,
# beside add-item writes by the same shoppers measured right after in that same run.
# Prints req/s, p50/p99 latency, the ratio to the baseline and the server's CPU time per request, and
# for add-item also the latency when paced at 70 % of the rate it peaked at
# (user + system time of the server processes during the run, divided by the requests answered). Needs wrk (apt-get install wrk), a JDK
# >= 21 in JAVA_HOME, the built jars (see README) and, for the pg rows, the tender database.
# STORES may also name "cluster3": three clustered nodes (cluster.xml) on PostgreSQL on this same
# machine, each driven by its own wrk with a third of the connections; req/s summed, p50/p99 the worst.
# Env: DURATION (s, default 10), WARMUP (s before each measured Tender run, default 15: the JIT is still
# compiling the engine for the first seconds, and its CPU would count against the requests), CONNECTIONS
# (64), THREADS (2), SHOPPERS (256), STORES ("memory pg"), RESULTS (benchmarks/results),
# METRICS (on: the node's default; off: TENDER_METRICS_ENABLED=false; both: every store twice, metrics off
# then on, rows marked "(metrics off)" / "(metrics on)" and a note with the on/off ratios).
# Report: the table also goes to RESULTS/load-<UTC time>.md, with a chart (load-<UTC time>.svg: req/s and
# p99 of each scenario beside the bare baseline of this run, drawn by chart.py), copied to latest.md and
# latest.svg. The chart needs python3; without it only the Markdown is written.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SHOPPERS=${SHOPPERS:-256}
STORES=${STORES:-memory pg}
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}/bin/java
PG_URL=${TENDER_PG_URL:-postgresql://tender:tender@127.0.0.1:5432/tender}
RESULTS=${RESULTS:-benchmarks/results}
METRICS=${METRICS:-on}
case $METRICS in on|off) variants=$METRICS ;; both) variants="off on" ;; *) echo "METRICS must be on, off or both"; exit 1 ;; esac
declare -A peak_of=()
stamp=$(date -u +%Y%m%dT%H%M%SZ)
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
[ -f target/tender.jar ] && [ -f benchmarks/target/benchmarks.jar ] || { echo "build first: see README"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "port $1 did not open"; exit 1; }

# wrk against URL with SCRIPT; prints "rps p50 p99 non2xx socket_errors"
load() {
  local url=$1 script=$2 mode=$3 base=${4:-}
  MODE=$mode BASE=$base RATE=${RATE:-0} CONNS=$CONNECTIONS SESSIONS=$work/sessions.txt wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$script" "$url" \
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
# The report's rows (tab-separated, for the Markdown table and chart.py) and notes; see write_report.
printf 'run\trps\tp50\tp99\tnon2xx\terrors\tx_bare\tcpu_us\tbaseline\tbaseline_rps\tbaseline_p99\n' > "$work/rows.tsv"
: > "$work/notes.txt"
row_parent=""
row() { # name, result, baseline result, server CPU ticks used during the run
  read -r rps p50 p99 non2xx errs <<< "$2"
  read -r brps _ bp99 _ <<< "$3"
  local cpu
  cpu=$(awk -v t="$4" -v hz="$(getconf CLK_TCK)" -v r="$rps" -v d="$DURATION" 'BEGIN { printf "%.0f", (r > 0 ? t * 1e6 / hz / (r * d) : 0) }')
  printf "%-34s %10s %9s %9s %8s %8s %8s %12s\n" "$1" "$rps" "$p50" "$p99" "$non2xx" "$errs" "$(ratio "$rps" "$brps")" "$cpu"
  # an indented row belongs to the row above it: the report names both
  local name=$1 baseline="bare POST"
  if [[ $name == "  "* ]]; then name="$row_parent, ${name#  }"; else row_parent=${name% (3 req)}; fi
  [ "$3" = "${base_get:-}" ] && baseline="bare GET"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "$errs" \
    "$(ratio "$rps" "$brps")" "$cpu" "$baseline" "$brps" "$bp99" >> "$work/rows.tsv"
}
note() { printf '%s\n' "$*"; printf '%s\n' "$*" >> "$work/notes.txt"; }
# user + system clock ticks of these processes so far
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# runs "load ..." (the rest of the arguments) and prints "<result>|<ticks the pids used meanwhile>"
measured() {
  local pids_csv=$1; shift
  local before after out
  IFS=, read -r -a watch <<< "$pids_csv"
  before=$(cpu_ticks "${watch[@]}")
  out=$("$@")
  after=$(cpu_ticks "${watch[@]}")
  echo "$out|$((after - before))"
}

"$JAVA" -cp benchmarks/target/benchmarks.jar dev.tender.bench.BareServer 18180 2 > "$work/bare.log" 2>&1 &
pids+=($!)
bare_pid=$!
wait_port 18180
echo "warming up the baseline..."
DURATION=3 load http://127.0.0.1:18180 benchmarks/load/bare.lua add > /dev/null

printf "\n%-34s %10s %9s %9s %8s %8s %8s %12s\n" "run (${CONNECTIONS} conns, ${DURATION}s)" "req/s" "p50 ms" "p99 ms" "non-2xx" "sock err" "x bare" "cpu us/req"
m=$(measured "$bare_pid" load http://127.0.0.1:18180 benchmarks/load/bare.lua add); base_add=${m%|*}; row "bare Vert.x JSON POST" "$base_add" "$base_add" "${m#*|}"
m=$(measured "$bare_pid" load http://127.0.0.1:18180 benchmarks/load/bare.lua get); base_get=${m%|*}; row "bare Vert.x JSON GET" "$base_get" "$base_get" "${m#*|}"

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
for run in $(for s in $STORES; do for v in $variants; do echo "$s:$v"; done; done); do
  store=${run%:*} metrics=${run#*:} sfx=""
  [ "$METRICS" = both ] && sfx=" (metrics $metrics)"
  export TENDER_METRICS_ENABLED=$([ "$metrics" = on ] && echo true || echo false)
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
    DURATION=$WARMUP load3 add "${ports[@]}" > /dev/null # warm-up
    cluster_pids=$(IFS=,; echo "${pids[*]: -3}")
    m=$(measured "$cluster_pids" load3 add "${ports[@]}"); row "tender 3-node cluster add-item$sfx" "${m%|*}" "$base_add" "${m#*|}"
    m=$(measured "$cluster_pids" load3 get "${ports[@]}"); row "tender 3-node cluster get-cart$sfx" "${m%|*}" "$base_get" "${m#*|}"
    for _ in 1 2 3; do kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; done
    continue
  fi
  TENDER_PORT=$port TENDER_STORE=$store TENDER_PG_URL=$PG_URL "$JAVA" -jar target/tender.jar > "$work/tender-$store.log" 2>&1 &
  pids+=($!)
  wait_port $port
  base="http://127.0.0.1:$port/api/v1/test-store/storefront"
  make_sessions "$base"
  DURATION=$WARMUP load "http://127.0.0.1:$port" benchmarks/load/cart.lua add "/api/v1/test-store/storefront" > /dev/null # warm-up
  m=$(measured "${pids[-1]}" load "http://127.0.0.1:$port" benchmarks/load/cart.lua add /api/v1/test-store/storefront)
  row "tender $store add-item$sfx" "${m%|*}" "$base_add" "${m#*|}"
  read -r peak _ <<< "${m%|*}"
  peak_of[$store/$metrics/add]=$peak
  m=$(RATE=$((peak * 7 / 10)) measured "${pids[-1]}" load "http://127.0.0.1:$port" benchmarks/load/cart.lua add /api/v1/test-store/storefront)
  row "  paced at 70 % of that peak" "${m%|*}" "$base_add" "${m#*|}"
  m=$(measured "${pids[-1]}" load "http://127.0.0.1:$port" benchmarks/load/cart.lua get /api/v1/test-store/storefront)
  row "tender $store get-cart$sfx" "${m%|*}" "$base_get" "${m#*|}"
  read -r rps _ <<< "${m%|*}"
  peak_of[$store/$metrics/get]=$rps
  # place-order: OrderLoad warms up, measures the order flow, then add-item writes by the same shoppers.
  # Its DETAIL line: rejected and unanswered flows and the node's CPU ticks, then the same for the writes.
  orders_ok=true
  THREADS=$THREADS "$JAVA" -cp benchmarks/target/benchmarks.jar dev.tender.bench.OrderLoad "http://127.0.0.1:$port" \
    "$DURATION" "$CONNECTIONS" "$WARMUP" "${pids[-1]}" > "$work/orders-$store.txt" 2>&1 || orders_ok=false
  read -r ops op50 op99 fp99 _ wps wp99 <<< "$(sed -n 's/^RESULT //p' "$work/orders-$store.txt")"
  read -r rejected unanswered oticks wp50 wrejected wunanswered wticks <<< "$(sed -n 's/^DETAIL //p' "$work/orders-$store.txt")"
  if [ -n "${ops:-}" ]; then
    row "tender $store place-order$sfx (3 req)" "$ops $op50 $op99 $rejected $unanswered" "$base_add" "$oticks"
    peak_of[$store/$metrics/order]=$ops
    row "  add-item, same run" "$wps $wp50 $wp99 $wrejected $wunanswered" "$base_add" "$wticks"
    note "  same run: orders/s : add-item/s = $(ratio "$ops" "$wps"), flow p99 $fp99 ms, HTTP requests per order = 3 (cpu us per order)"
  fi
  $orders_ok || { note "  OrderLoad failed on $store (more than 1 % of orders, or no session):"
    while IFS= read -r line; do note "    $line"; done < <(grep -v '^RESULT \|^DETAIL ' "$work/orders-$store.txt" | tail -n 8); }
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  unset 'pids[-1]'
  port=$((port + 1))
  if [ "$METRICS" = both ] && [ "$metrics" = on ]; then
    note "  $store, req/s with metrics on / off: add-item $(ratio "${peak_of[$store/on/add]}" "${peak_of[$store/off/add]}")," \
      "get-cart $(ratio "${peak_of[$store/on/get]}" "${peak_of[$store/off/get]}")," \
      "place-order $(ratio "${peak_of[$store/on/order]:-0}" "${peak_of[$store/off/order]:-0}")"
  fi
done

# The report: the table above as Markdown, and the chart, in RESULTS; latest.* is the newest run.
write_report() {
  local md="$RESULTS/load-$stamp.md" svg="load-$stamp.svg" commit
  mkdir -p "$RESULTS"
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -z "$(git status --porcelain -- src pom.xml 2>/dev/null)" ] || commit="$commit with uncommitted changes"
  {
    echo "# Load test of $(date -u -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "\`benchmarks/load/run.sh\`: $CONNECTIONS connections over $THREADS wrk threads, ${DURATION} s measured after" \
      "${WARMUP} s of warm-up per Tender run, $SHOPPERS shoppers, stores: $STORES, metrics: $METRICS. Commit $commit;" \
      "$(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $("$JAVA" -version 2>&1 | head -n 1)." \
      "Load generator, nodes and PostgreSQL share this machine."
    echo
    echo "![req/s and p99 of each scenario beside the bare Vert.x server of the same run]($svg)"
    echo
    echo "| run | req/s | p50 ms | p99 ms | non-2xx | socket errors | × bare | server CPU µs/req | compared with |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    tail -n +2 "$work/rows.tsv" | awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
    if [ -s "$work/notes.txt" ]; then echo; sed 's/^ *//; s/^/- /' "$work/notes.txt"; fi
    echo
    echo "Ratios to the bare server of the same run are what to compare: this machine's absolute figures vary" \
      "from run to run. place-order rows count orders/s (3 HTTP requests each) and server CPU per order;" \
      "the \"paced\" row runs at 70 % of the add-item peak above it."
  } > "$md"
  if command -v python3 > /dev/null; then
    if python3 benchmarks/load/chart.py "$work/rows.tsv" "$RESULTS/$svg" \
      "$CONNECTIONS connections, ${DURATION} s after ${WARMUP} s warm-up, $(nproc) cores, commit $commit, $stamp"; then
      cp "$RESULTS/$svg" "$RESULTS/latest.svg"
    else
      echo "chart.py failed: no chart"
    fi
  else
    echo "python3 not found: no chart"
  fi
  sed "s/($svg)/(latest.svg)/" "$md" > "$RESULTS/latest.md"
  echo
  echo "report: $md (and $RESULTS/latest.md, latest.svg)"
}
write_report
