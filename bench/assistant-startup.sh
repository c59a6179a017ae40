#!/bin/bash
# Server start-up time and memory with and without the offline English embeddings (issue 22).
# Usage (from the repository root, after `dotnet build src/PayDesk -c Release`): bench/assistant-startup.sh [true|false]
set -euo pipefail
offline=${1:-true}
port=$((20000 + RANDOM % 10000))
data=$(mktemp -d)
log=$data/server.log
start=$(date +%s.%N)
PAYDESK_DATA_DIR=$data PAYDESK_POSTGRES= PAYDESK_DEMO=false PAYDESK_ADMIN_PASSWORD="Bench-$RANDOM-Startup1" \
  Assistant__Embeddings__Offline=$offline Urls=http://127.0.0.1:$port \
  dotnet src/PayDesk/bin/Release/net10.0/PayDesk.dll > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for i in $(seq 1 1200); do curl -s -o /dev/null http://127.0.0.1:$port/health/live && break; sleep 0.05; done
[ "$i" = 1200 ] && { echo "not listening after 60 s:"; tail -20 "$log"; exit 1; }
up=$(date +%s.%N)
echo "offline=$offline listening after $(echo "$up - $start" | bc) s; VmRSS $(grep VmRSS /proc/$pid/status | awk '{print $2/1024 " MB"}')"
if [ "$offline" = true ]; then
  for _ in $(seq 1 600); do grep -q "embeddings (MiniLM) ready" "$log" && break; sleep 0.1; done
  echo "$(grep -o 'MiniLM) ready in [0-9.]* s' "$log") after listening; VmRSS $(grep VmRSS /proc/$pid/status | awk '{print $2/1024 " MB"}')"
else
  sleep 5
  echo "5 s later: VmRSS $(grep VmRSS /proc/$pid/status | awk '{print $2/1024 " MB"}')"
fi
