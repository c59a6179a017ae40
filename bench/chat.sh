#!/usr/bin/env bash
# Chat delivery under load: PayDesk (Release, SQLite) with N concurrent visitor connections.
#   bench/chat.sh [connections=1000] [rate=100] [seconds=30] [warmup=10]
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-1000}
RATE=${2:-100}
SECONDS_RUN=${3:-30}
WARMUP=${4:-10}
WORK=$(mktemp -d /tmp/paydesk-chat.XXXXXX)
PASSWORD="Bench-Passw0rd-$RANDOM"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
dotnet build -c Release -nologo -v quiet src/PayDesk bench/PayDesk.ChatLoad >/dev/null 2>&1 || \
  { dotnet build -c Release src/PayDesk; dotnet build -c Release bench/PayDesk.ChatLoad; }
PAYDESK_DATA_DIR="$WORK/paydesk" PAYDESK_DEMO=false PAYDESK_ADMIN_PASSWORD="$PASSWORD" \
  Logging__LogLevel__Default=Warning ASPNETCORE_URLS=http://127.0.0.1:5182 \
  dotnet src/PayDesk/bin/Release/net10.0/PayDesk.dll >"$WORK/paydesk.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:5182/health/ready >/dev/null 2>&1 && break; sleep 0.5; done
dotnet bench/PayDesk.ChatLoad/bin/Release/net10.0/PayDesk.ChatLoad.dll --url http://127.0.0.1:5182 \
  --email admin@paydesk.local --password "$PASSWORD" --connections "$CONNECTIONS" --rate "$RATE" --seconds "$SECONDS_RUN" --warmup "$WARMUP"
