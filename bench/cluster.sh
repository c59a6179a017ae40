#!/usr/bin/env bash
# PayDesk as a cluster on loopback: a throwaway PostgreSQL and Redis, N PayDesk nodes (published once, Release), HAProxy in
# front (health check /health/ready, WebSockets through), then measurements (issue 21 §1–3, docs/PERFORMANCE.md).
#   bench/cluster.sh [scale|faults|replica|all]        (default: all; replica: two nodes and the read-replica fault only)
# scale:  for N = 1, 2, 3 nodes: intake requests/s and p99 through HAProxy (bench/PayDesk.LoadDriver), CPU ms per complaint
#         summed over every server process (PayDesk nodes, HAProxy, PostgreSQL with its backends, Redis; /proc utime+stime),
#         chat delivery p99 with the visitors spread over the nodes by HAProxy (bench/PayDesk.ChatLoad).
# faults: kill -9 of a node during intake (Idempotency-Key retries) and chat (visitors reconnect), SLA breaches and
#         notifications counted across nodes, a rolling restart through HAProxy's runtime API, Redis down, PostgreSQL restart.
# Settings (environment): CLUSTER_NODES="1 2 3" CLUSTER_SECONDS=15 CLUSTER_WARMUP=10 CLUSTER_CONCURRENCY=32
#   CLUSTER_CHAT_CONNECTIONS=1000 CLUSTER_CHAT_RATE=100 CLUSTER_CHAT_SECONDS=15 CLUSTER_FAULT_NODES=3 CLUSTER_PG_FSYNC=on
#   CLUSTER_REPLICA=on (a streaming read replica of PostgreSQL made with pg_basebackup; reports and exports read it; off: none)
# Run it alone (it uses both cores): /work/buildlock.sh bench/cluster.sh   — it stops everything it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-all}
case "$MODE" in scale|faults|replica|all) ;; *) echo "usage: bench/cluster.sh [scale|faults|replica|all]" >&2; exit 2 ;; esac
NODES_LIST=${CLUSTER_NODES:-"1 2 3"}
SECONDS_RUN=${CLUSTER_SECONDS:-15}
WARMUP=${CLUSTER_WARMUP:-10}
CONCURRENCY=${CLUSTER_CONCURRENCY:-32}
CHAT_CONNECTIONS=${CLUSTER_CHAT_CONNECTIONS:-1000}
CHAT_RATE=${CLUSTER_CHAT_RATE:-100}
CHAT_SECONDS=${CLUSTER_CHAT_SECONDS:-15}
FAULT_NODES=${CLUSTER_FAULT_NODES:-3}
PG_FSYNC=${CLUSTER_PG_FSYNC:-on}
REPLICA=${CLUSTER_REPLICA:-on}
MAX_NODES=3
for n in $NODES_LIST; do [ "$n" -gt "$MAX_NODES" ] && MAX_NODES=$n; done
[ "$FAULT_NODES" -gt "$MAX_NODES" ] && MAX_NODES=$FAULT_NODES

for tool in haproxy socat redis-server psql curl jq; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install haproxy socat redis-server postgresql-client curl jq)" >&2; exit 1; }
done
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/paydesk-cluster.XXXXXX)
chmod 755 "$WORK"
PASSWORD="Cluster-Passw0rd-$RANDOM"
CLK_TCK=$(getconf CLK_TCK)
log() { printf '[cluster] %s\n' "$*" >&2; }
freeport() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

declare -A NODE_PID NODE_PORT
HA_PID="" REDIS_PID=""
PGDATA="$WORK/pg"
REPLICA_DATA="$WORK/pg-replica"
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  set +e
  for i in "${!NODE_PID[@]}"; do [ -n "${NODE_PID[$i]}" ] && kill "${NODE_PID[$i]}" 2>/dev/null; done
  [ -n "$HA_PID" ] && kill "$HA_PID" 2>/dev/null
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null
  for i in "${!NODE_PID[@]}"; do [ -n "${NODE_PID[$i]}" ] && wait "${NODE_PID[$i]}" 2>/dev/null; done
  [ -n "$HA_PID" ] && wait "$HA_PID" 2>/dev/null
  [ -n "$REDIS_PID" ] && wait "$REDIS_PID" 2>/dev/null
  [ -f "$REPLICA_DATA/postmaster.pid" ] && run_pg "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -m immediate -w stop >/dev/null 2>&1
  [ -f "$PGDATA/postmaster.pid" ] && run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1
  if [ -n "${CLUSTER_KEEP:-}" ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build: PayDesk published once, the two load drivers built ----------------------------------------------------------
log "publishing PayDesk (Release) and building the load drivers"
dotnet publish src/PayDesk/PayDesk.csproj -c Release -o "$WORK/app" -nologo -v quiet >"$WORK/publish.log" 2>&1 \
  || { cat "$WORK/publish.log" >&2; exit 1; }
dotnet build bench/PayDesk.LoadDriver -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
dotnet build bench/PayDesk.ChatLoad -c Release -nologo -v quiet >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
DRIVER="$ROOT/bench/PayDesk.LoadDriver/bin/Release/net10.0/PayDesk.LoadDriver.dll"
CHATLOAD="$ROOT/bench/PayDesk.ChatLoad/bin/Release/net10.0/PayDesk.ChatLoad.dll"

# --- PostgreSQL and Redis, as scripts/test starts them (durable PostgreSQL unless CLUSTER_PG_FSYNC=off) -----------------
PGPORT=$(freeport)
mkdir -m 700 "$PGDATA"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
run_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
pg_start() {
  run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=$PG_FSYNC -c max_connections=400 -c shared_buffers=256MB" start >/dev/null
}
pg_start
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -X -q -t -A)
# The read replica (issue 21 item 4), made as docs/operations.md describes: pg_basebackup -R streams the WAL during the copy
# and writes standby.signal and primary_conninfo, so the copy starts as a hot standby that follows the primary.
REPLICA_PORT=""
replica_start() {
  run_pg "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -l "$WORK/pg-replica.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $REPLICA_PORT -k $REPLICA_DATA -c fsync=$PG_FSYNC -c max_connections=400 -c hot_standby=on" start >/dev/null \
    || { cat "$WORK/pg-replica.log" >&2; return 1; }
}
if [ "$REPLICA" != off ]; then
  REPLICA_PORT=$(freeport)
  mkdir -m 700 "$REPLICA_DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$REPLICA_DATA"
  touch "$WORK/pg-replica.log"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK/pg-replica.log"
  run_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U postgres -D "$REPLICA_DATA" -R -X stream -c fast 2>/dev/null
  rm -f "$REPLICA_DATA"/.s.PGSQL.* "$REPLICA_DATA/server.log"
  replica_start
  log "read replica on 127.0.0.1:$REPLICA_PORT (streaming from the primary)"
fi
REDIS_PORT=$(freeport)
redis_start() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no --dir "$WORK" >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.05; done
  return 1
}
redis_start
log "PostgreSQL on 127.0.0.1:$PGPORT (fsync=$PG_FSYNC), Redis on 127.0.0.1:$REDIS_PORT"

# --- HAProxy: every node declared, the ones not running yet disabled; /api without the node cookie ------------------------
HA_PORT=$(freeport)
for i in $(seq 1 "$MAX_NODES"); do NODE_PORT[$i]=$(freeport); done
{
  cat <<EOF
global
    stats socket $WORK/haproxy.sock mode 600 level admin
    maxconn 9000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # After a WebSocket upgrade (chat, Blazor circuits) this replaces the client/server timeouts.
    timeout tunnel 1h
    timeout client-fin 5s
    # A request that could not be sent (node just died) goes to another node; one already sent is not retried here.
    retries 2
    option redispatch 1
frontend www
    bind 127.0.0.1:$HA_PORT
    option forwardfor
    # API clients (payment back ends, the load driver) are balanced request by request; pages, Blazor circuits and the
    # chat hub keep a browser on one node with a cookie (SignalR's negotiate and connect must meet the same node).
    use_backend api if { path_beg /api/ }
    default_backend app
backend api
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server check inter 500ms fall 2 rise 2
EOF
  for i in $(seq 1 "$MAX_NODES"); do echo "    server n$i 127.0.0.1:${NODE_PORT[$i]} disabled"; done
  cat <<EOF
backend app
    balance roundrobin
    cookie PAYDESK_NODE insert indirect nocache httponly
EOF
  for i in $(seq 1 "$MAX_NODES"); do echo "    server n$i 127.0.0.1:${NODE_PORT[$i]} cookie n$i track api/n$i disabled"; done
} >"$WORK/haproxy.cfg"
haproxy -c -q -f "$WORK/haproxy.cfg"
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HA_PID=$!
ha() { echo "$*" | socat stdio "$WORK/haproxy.sock"; }
for _ in $(seq 100); do [ -S "$WORK/haproxy.sock" ] && break; sleep 0.05; done
kill -0 "$HA_PID" 2>/dev/null && [ -S "$WORK/haproxy.sock" ] || { log "HAProxy did not start"; cat "$WORK/haproxy.log" >&2; exit 1; }
URL="http://127.0.0.1:$HA_PORT"
log "HAProxy on $URL (runtime API $WORK/haproxy.sock)"

# --- PayDesk nodes ------------------------------------------------------------------------------------------------------
DB=paydesk
start_node() {
  local i=$1
  mkdir -p "$WORK/node$i"
  PAYDESK_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$DB;Maximum Pool Size=100" \
  PAYDESK_POSTGRES_REPLICA="${REPLICA_PORT:+Host=127.0.0.1;Port=$REPLICA_PORT;Username=postgres;Database=$DB;Maximum Pool Size=20}" \
  PAYDESK_REDIS="127.0.0.1:$REDIS_PORT" PAYDESK_DATA_DIR="$WORK/node$i" PAYDESK_ADMIN_PASSWORD="$PASSWORD" PAYDESK_DEMO=false \
  PublicBaseUrl="$URL" Urls="http://127.0.0.1:${NODE_PORT[$i]}" Logging__LogLevel__Default=Warning \
  Sla__LineCalendar=24x7 Sla__EvaluatorIntervalSeconds="${SLA_INTERVAL:-30}" Notifications__DispatchIntervalSeconds=1 \
  RateLimits__ChatStartsPerMinute=1000000 RateLimits__SignInPerMinute=10000 RateLimits__PublicWritesPerMinute=1000000 \
    dotnet "$WORK/app/PayDesk.dll" >>"$WORK/node$i.log" 2>&1 &
  NODE_PID[$i]=$!
}
wait_ready() {
  local i=$1
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:${NODE_PORT[$i]}/health/ready" && return 0
    kill -0 "${NODE_PID[$i]}" 2>/dev/null || { log "node $i exited"; tail -20 "$WORK/node$i.log" >&2; return 1; }
    sleep 0.25
  done
  log "node $i not ready in 60 s"; tail -20 "$WORK/node$i.log" >&2; return 1
}
enable_node() { ha "set server api/n$1 state ready" >/dev/null; ha "set server app/n$1 state ready" >/dev/null; }
disable_node() { ha "set server api/n$1 state maint" >/dev/null; ha "set server app/n$1 state maint" >/dev/null; }
# status of api/nI as HAProxy sees it (UP, DOWN, MAINT, DRAIN …)
ha_status() { ha "show stat" | awk -F, -v s="n$1" '$1=="api" && $2==s {print $18}'; }
wait_up() { for _ in $(seq 1 100); do [ "$(ha_status "$1")" = "UP" ] && return 0; sleep 0.1; done; log "n$1 not UP in HAProxy"; return 1; }
stop_nodes() {
  for i in "${!NODE_PID[@]}"; do
    [ -n "${NODE_PID[$i]}" ] || continue
    disable_node "$i"; kill "${NODE_PID[$i]}" 2>/dev/null || true; wait "${NODE_PID[$i]}" 2>/dev/null || true; NODE_PID[$i]=""
  done
}
# start nodes 1..N on database $DB: the first alone (migrations, first administrator), then the others together
start_cluster() {
  local n=$1 i
  start_node 1; wait_ready 1; enable_node 1; wait_up 1
  for i in $(seq 2 "$n"); do start_node "$i"; done
  for i in $(seq 2 "$n"); do wait_ready "$i"; enable_node "$i"; wait_up "$i"; done
}

# --- measuring ----------------------------------------------------------------------------------------------------------
stat_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
stat_ticks_children() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU ticks of every server process: running nodes, HAProxy, Redis, and PostgreSQL — the postmaster with its finished
# children (cutime/cstime) plus every live backend and auxiliary process.
cpu_ticks() {
  local total=0 pid pm
  for pid in "${NODE_PID[@]}" "$HA_PID" "$REDIS_PID"; do [ -n "$pid" ] && total=$((total + $(stat_ticks "$pid"))); done
  echo $((total + $(pg_ticks)))
}
# PostgreSQL's ticks: each postmaster (primary, and the replica when there is one) with its finished children
# (cutime/cstime) plus every live backend and auxiliary process — the replica's WAL replay is part of what a complaint costs.
pg_ticks() {
  local total=0 pm pid data
  for data in "$PGDATA" "$REPLICA_DATA"; do
    [ -f "$data/postmaster.pid" ] || continue
    pm=$(head -1 "$data/postmaster.pid")
    total=$((total + $(stat_ticks_children "$pm")))
    for pid in $(cat /proc/"$pm"/task/*/children 2>/dev/null); do total=$((total + $(stat_ticks "$pid"))); done
  done
  echo "$total"
}
sql() { "${PSQL[@]}" -d "$DB" -c "$1"; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" | head -1; }

scale() {
  DB=paydesk_scale
  run_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DB"
  local table="$WORK/scale.txt"
  printf '| nodes | intake req/s | intake p50 | intake p99 | errors | CPU ms per complaint | of which PayDesk / PostgreSQL / HAProxy / Redis | chat p99 (%s visitors, %s msg/s) | chat delivered | CPU ms per chat message stored |\n|---|---|---|---|---|---|---|---|---|---|\n' \
    "$CHAT_CONNECTIONS" "$CHAT_RATE" >"$table"
  local running=0 n i
  for n in $NODES_LIST; do
    if [ "$running" -eq 0 ]; then start_cluster "$n"; running=$n; fi
    while [ "$running" -lt "$n" ]; do running=$((running + 1)); start_node "$running"; wait_ready "$running"; enable_node "$running"; wait_up "$running"; done
    log "N=$n: intake warm-up ${WARMUP}s"
    dotnet "$DRIVER" --target paydesk --url "$URL" --email admin@paydesk.local --password "$PASSWORD" \
      --seconds "$WARMUP" --warmup 1 --concurrency "$CONCURRENCY" >/dev/null 2>&1 || true
    sleep 2   # the acknowledgements the warm-up queued leave first
    local c0 t0 p0 c1 t1 p1 out
    c0=$(sql "select count(*) from tickets"); t0=$(cpu_ticks); p0=$(per_part_ticks)
    log "N=$n: intake ${SECONDS_RUN}s with $CONCURRENCY clients through HAProxy"
    out=$(dotnet "$DRIVER" --target paydesk --url "$URL" --email admin@paydesk.local --password "$PASSWORD" \
      --seconds "$SECONDS_RUN" --warmup 1 --concurrency "$CONCURRENCY" 2>/dev/null || true)
    c1=$(sql "select count(*) from tickets"); t1=$(cpu_ticks); p1=$(per_part_ticks)
    echo "$out" >&2
    local complaints=$((c1 - c0))
    local cpu parts
    cpu=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v c="$complaints" 'BEGIN { printf "%.2f", (c > 0 ? t * 1000 / hz / c : 0) }')
    parts=$(paste -d' ' <(echo "$p0" | tr ' ' '\n') <(echo "$p1" | tr ' ' '\n') \
      | awk -v hz="$CLK_TCK" -v c="$complaints" '{ d = ($2 - $1) * 1000 / hz / (c > 0 ? c : 1); printf "%s%.2f", (NR > 1 ? " / " : ""), d }')
    log "N=$n: chat, $CHAT_CONNECTIONS visitors at $CHAT_RATE messages/s through HAProxy"
    local chat before="" after="" spread="" k
    for i in $(seq 1 "$n"); do before="$before $(ha "show stat" | awk -F, -v s="n$i" '$1=="app" && $2==s {print $8}')"; done
    local m0 m1 ct0 ct1 chatcpu
    m0=$(sql "select count(*) from chat_messages"); ct0=$(cpu_ticks)
    chat=$(dotnet "$CHATLOAD" --url "$URL" --connections "$CHAT_CONNECTIONS" --rate "$CHAT_RATE" --seconds "$CHAT_SECONDS" --warmup 5 2>&1 | tail -1 || true)
    m1=$(sql "select count(*) from chat_messages"); ct1=$(cpu_ticks)
    # CPU per stored chat message over the whole chat run (visitors starting, connecting, sending, bot answers).
    chatcpu=$(awk -v t=$((ct1 - ct0)) -v hz="$CLK_TCK" -v c=$((m1 - m0)) 'BEGIN { printf "%.2f", (c > 0 ? t * 1000 / hz / c : 0) }')
    echo "$chat" >&2
    log "N=$n: chat messages stored $((m1 - m0)), CPU ms per stored message $chatcpu"
    for i in $(seq 1 "$n"); do after="$after $(ha "show stat" | awk -F, -v s="n$i" '$1=="app" && $2==s {print $8}')"; done
    spread=$(paste -d' ' <(echo $before | tr ' ' '\n') <(echo $after | tr ' ' '\n') | awk '{ printf "%s%d", (NR > 1 ? "/" : ""), $2 - $1 }')
    log "N=$n: chat connections taken by n1/n2/…: $spread"
    printf '| %s | %s | %s ms | %s ms | %s | %s | %s | %s ms | %s | %s |\n' "$n" "$(echo "$out" | field rps)" "$(echo "$out" | field p50_ms)" \
      "$(echo "$out" | field p99_ms)" "$(echo "$out" | field errors)" "$cpu" "$parts" "$(echo "$chat" | field p99_ms)" "$(echo "$chat" | field delivered)" "$chatcpu" >>"$table"
  done
  stop_nodes
  echo
  echo "Scale-out on $(nproc) cores, $(date -u +%F), PostgreSQL fsync=$PG_FSYNC, intake ${SECONDS_RUN}s x $CONCURRENCY clients:"
  cat "$table"
}
# ticks per part: PayDesk nodes, PostgreSQL, HAProxy, Redis
per_part_ticks() {
  local nodes=0 pid pm pg
  for pid in "${NODE_PID[@]}"; do [ -n "$pid" ] && nodes=$((nodes + $(stat_ticks "$pid"))); done
  pg=$(pg_ticks)
  echo "$nodes $pg $(stat_ticks "$HA_PID") $(stat_ticks "$REDIS_PID")"
}

# --- faults -------------------------------------------------------------------------------------------------------------
RESULTS="$WORK/faults.txt"
result() { echo "$*" | tee -a "$RESULTS" >&2; }
# Acknowledged complaints (FILE from the load driver's --acks) missing from the database, and duplicated ones.
check_acks() {
  local file=$1 label=$2 missing dups
  sql "create table if not exists acks (key text, ticket uuid, tx text, replayed int)" >/dev/null
  sql "truncate acks" >/dev/null
  "${PSQL[@]}" -d "$DB" -c "\\copy acks from '$file' with (delimiter ' ')" >/dev/null
  missing=$(sql "select count(*) from acks a where not exists (select 1 from tickets t where t.\"Id\" = a.ticket)")
  dups=$(sql "select count(*) from (select t.\"TransactionId\" from tickets t join acks a on a.tx = t.\"TransactionId\" group by 1 having count(*) > 1) d")
  result "$label: acknowledged=$(wc -l <"$file") missing_from_db=$missing duplicates=$dups"
}
token() { curl -fs -H 'content-type: application/json' -d "{\"email\":\"admin@paydesk.local\",\"password\":\"$PASSWORD\"}" "$1/api/v1/auth/login" | jq -r .accessToken; }
post_complaint() { # URL TOKEN -> "status seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -m 20 -H "authorization: Bearer $2" -H 'content-type: application/json' \
    -d '{"channel":"app","customer":{"name":"故障客户","phone":"13900000001"},"subject":"重复扣款","description":"PostgreSQL 重启时的投诉","category":"funds"}' \
    "$1/api/v1/tickets" || echo "000 0"
}

# 6. Read replica down: reports and exports go back to the primary (read_replica Degraded), then to the replica again.
replica_fault() {
  [ -n "$REPLICA_PORT" ] || { result "Read replica: none (CLUSTER_REPLICA=off)"; return 0; }
  log "fault 6: read replica down"
  local node_url=$1 tok start_ns replica_state report_codes replica_down t_replica
  replica_health() { curl -s "$node_url/health/ready" | jq -r '.checks.read_replica | .status + " (" + (.description // "") + ")"'; }
  reports() { for _ in $(seq 1 "$1"); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "authorization: Bearer $tok" "$URL/api/v1/reports/summary"; done \
    | awk '{c[$1]++; if ($2 > m) m = $2} END {for (k in c) printf "%s×%s ", k, c[k]; printf "max %.3fs", m}'; }
  tok=$(token "$URL")
  replica_state=$(replica_health)
  result "Read replica up: reports through HAProxy $(reports 5); node 1 read_replica $replica_state"
  run_pg "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -m fast -w stop >/dev/null
  report_codes=$(reports 20)
  replica_down=$(replica_health)
  result "Read replica down: 20 reports through HAProxy $report_codes; node 1 read_replica $replica_down"
  replica_start
  start_ns=$(date +%s%N); t_replica=""
  for _ in $(seq 1 300); do
    case "$(replica_health)" in Healthy*) t_replica=$(( ($(date +%s%N) - start_ns) / 1000000 )); break ;; esac
    sleep 0.1
  done
  result "Read replica back: read_replica Healthy after ${t_replica:-never} ms; reports $(reports 5)"
}

faults() {
  DB=paydesk_faults
  run_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DB"
  : >"$RESULTS"
  SLA_INTERVAL=1
  start_cluster "$FAULT_NODES"
  local victim=2

  # 1. kill -9 one node in the middle of intake and chat
  log "fault 1: kill -9 node $victim during intake (Idempotency-Key retries) and chat (reconnecting visitors)"
  dotnet "$CHATLOAD" --mode faults --url "$URL" --connections 60 --rate 30 --seconds 25 >"$WORK/chat-kill.txt" 2>&1 &
  local chat_pid=$!
  sleep 3
  dotnet "$DRIVER" --target paydesk --url "$URL" --email admin@paydesk.local --password "$PASSWORD" --seconds 20 --warmup 1 \
    --concurrency 16 --acks "$WORK/acks-kill.txt" >"$WORK/intake-kill.txt" 2>&1 &
  local driver_pid=$!
  sleep 8
  kill -9 "${NODE_PID[$victim]}"; wait "${NODE_PID[$victim]}" 2>/dev/null || true; NODE_PID[$victim]=""
  log "node $victim killed; restarting it in 5 s"
  sleep 5
  start_node "$victim"; wait_ready "$victim"; enable_node "$victim"
  wait "$driver_pid" || true
  wait "$chat_pid" || true
  result "kill -9 intake: $(grep acknowledged= "$WORK/intake-kill.txt")"
  check_acks "$WORK/acks-kill.txt" "kill -9 intake"
  result "kill -9 chat: $(grep chat_faults "$WORK/chat-kill.txt" || tail -3 "$WORK/chat-kill.txt")"
  wait_up "$victim"

  # 2. SLA breaches raised once across the nodes while a node is killed: clocks made due now, every node's evaluator
  #    (every second) races for them, node 3 is killed as they do.
  log "fault 2: 2,000 clocks due at once, evaluators on $FAULT_NODES nodes, kill -9 of node $FAULT_NODES meanwhile"
  sql "create table forced as select \"Id\" as id from sla_clocks where \"Status\" = 'Running' order by \"Id\" limit 2000" >/dev/null
  sql "update sla_clocks set \"DueAt\" = now() - interval '1 second', \"NextCheckAt\" = now() - interval '1 second', \"AtRiskAt\" = now() - interval '2 second' where \"Id\" in (select id from forced)" >/dev/null
  sleep 0.7
  kill -9 "${NODE_PID[$FAULT_NODES]}"; wait "${NODE_PID[$FAULT_NODES]}" 2>/dev/null || true; NODE_PID[$FAULT_NODES]=""
  for _ in $(seq 1 120); do
    [ "$(sql "select count(*) from sla_clocks where \"Id\" in (select id from forced) and \"Status\" = 'Running'")" = 0 ] && break; sleep 0.5
  done
  start_node "$FAULT_NODES"; wait_ready "$FAULT_NODES"; enable_node "$FAULT_NODES"
  result "SLA breaches: forced=$(sql "select count(*) from forced") breached=$(sql "select count(*) from sla_clocks where \"Id\" in (select id from forced) and \"BreachedAt\" is not null") \
still_running=$(sql "select count(*) from sla_clocks where \"Id\" in (select id from forced) and \"Status\" = 'Running'") \
raised_twice=$(sql "select count(*) from (select \"ClockId\" from sla_clock_events where \"Event\" = 'breached' group by 1 having count(*) > 1) d") \
marked_but_not_raised=$(sql "select count(*) from sla_clocks c where \"BreachedAt\" is not null and not exists (select 1 from sla_clock_events e where e.\"ClockId\" = c.\"Id\" and e.\"Event\" = 'breached')")"
  # Notifications (the SMS acknowledgement of every complaint) sent by the dispatchers of all nodes, read from their outboxes.
  sleep 3
  local sent lines distinct sending
  lines=$(cat "$WORK"/node*/dev-outbox/*.jsonl 2>/dev/null | wc -l)
  distinct=$(cat "$WORK"/node*/dev-outbox/*.jsonl 2>/dev/null | jq -r .id | sort -u | wc -l)
  sent=$(sql "select count(*) from notifications where \"Status\" = 'Sent'")
  sending=$(sql "select count(*) from notifications where \"Status\" = 'Sending'")
  result "notifications: sent_in_db=$sent outbox_lines=$lines distinct=$distinct sent_twice=$((lines - distinct)) left_in_sending=$sending"

  # 3. rolling restart: each node drained in HAProxy, stopped gracefully (SIGTERM), restarted, put back
  log "fault 3: rolling restart under intake"
  dotnet "$DRIVER" --target paydesk --url "$URL" --email admin@paydesk.local --password "$PASSWORD" --seconds $((FAULT_NODES * 15 + 5)) --warmup 1 \
    --concurrency 16 --acks "$WORK/acks-roll.txt" >"$WORK/intake-roll.txt" 2>&1 &
  driver_pid=$!
  sleep 3
  local i scur
  for i in $(seq 1 "$FAULT_NODES"); do
    ha "set server api/n$i state drain" >/dev/null; ha "set server app/n$i state drain" >/dev/null
    for _ in $(seq 1 100); do
      scur=$(ha "show stat" | awk -F, -v s="n$i" '$1=="api" && $2==s {print $5}')
      [ "${scur:-0}" = 0 ] && break; sleep 0.1
    done
    kill -TERM "${NODE_PID[$i]}"; wait "${NODE_PID[$i]}" 2>/dev/null || true
    start_node "$i"; wait_ready "$i"; enable_node "$i"; wait_up "$i"
    log "node $i restarted"
    sleep 2
  done
  wait "$driver_pid" || true
  result "rolling restart intake: $(grep acknowledged= "$WORK/intake-roll.txt")"
  check_acks "$WORK/acks-roll.txt" "rolling restart"

  # 4. Redis down
  log "fault 4: Redis down"
  kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""
  dotnet "$DRIVER" --target paydesk --url "$URL" --email admin@paydesk.local --password "$PASSWORD" --seconds 8 --warmup 1 \
    --concurrency 8 --acks "$WORK/acks-redis.txt" >"$WORK/intake-redis.txt" 2>&1 || true
  result "Redis down, intake: $(grep acknowledged= "$WORK/intake-redis.txt")"
  check_acks "$WORK/acks-redis.txt" "Redis down"
  dotnet "$CHATLOAD" --mode faults --url "http://127.0.0.1:${NODE_PORT[1]}" --connections 10 --rate 10 --seconds 8 >"$WORK/chat-redis.txt" 2>&1 || true
  result "Redis down, chat on one node: $(grep chat_faults "$WORK/chat-redis.txt" || tail -2 "$WORK/chat-redis.txt" | tr '\n' ' ')"
  redis_start
  sleep 3
  dotnet "$CHATLOAD" --mode faults --url "$URL" --connections 30 --rate 20 --seconds 8 >"$WORK/chat-redis-back.txt" 2>&1 || true
  result "Redis back, chat through HAProxy: $(grep chat_faults "$WORK/chat-redis-back.txt" || tail -2 "$WORK/chat-redis-back.txt" | tr '\n' ' ')"

  # 5. PostgreSQL restart: answers while it is down (straight to a node, and through HAProxy), then recovery time
  log "fault 5: PostgreSQL restart"
  local tok node_url codes ha_codes t_back start_ns
  node_url="http://127.0.0.1:${NODE_PORT[1]}"
  tok=$(token "$URL")
  run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  codes=$(for _ in $(seq 1 10); do post_complaint "$node_url" "$tok"; done | sort | awk '{c[$1]++; if ($2 > m) m = $2} END {for (k in c) printf "%s×%s ", k, c[k]; printf "max %.3fs", m}')
  ready=$(curl -s -o /dev/null -w '%{http_code}' "$node_url/health/ready")
  sleep 1.5
  ha_codes=$(for _ in $(seq 1 5); do post_complaint "$URL" "$tok"; done | awk '{c[$1]++; if ($2 > m) m = $2} END {for (k in c) printf "%s×%s ", k, c[k]; printf "max %.3fs", m}')
  result "PostgreSQL down: node answers $codes; /health/ready $ready; through HAProxy $ha_codes"
  pg_start
  start_ns=$(date +%s%N); t_back=""
  for _ in $(seq 1 300); do
    if [ "$(post_complaint "$node_url" "$tok" | cut -d' ' -f1)" = 201 ]; then t_back=$(( ($(date +%s%N) - start_ns) / 1000000 )); break; fi
    sleep 0.1
  done
  local all_up=0
  for _ in $(seq 1 100); do
    all_up=1; for i in $(seq 1 "$FAULT_NODES"); do [ "$(ha_status "$i")" = UP ] || all_up=0; done
    [ "$all_up" = 1 ] && break; sleep 0.1
  done
  result "PostgreSQL back: first 201 after ${t_back:-never} ms; every node UP in HAProxy again: $([ "$all_up" = 1 ] && echo yes || echo no)"

  replica_fault "http://127.0.0.1:${NODE_PORT[1]}"
  stop_nodes
  echo
  echo "Faults ($FAULT_NODES nodes):"
  cat "$RESULTS"
}

replica_only() {
  DB=paydesk_replica
  run_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DB"
  : >"$RESULTS"
  start_cluster 2
  replica_fault "http://127.0.0.1:${NODE_PORT[1]}"
  stop_nodes
  echo
  echo "Read replica (2 nodes):"
  cat "$RESULTS"
}

case "$MODE" in
  scale) scale ;;
  faults) faults ;;
  replica) replica_only ;;
  all) scale; faults ;;
esac
