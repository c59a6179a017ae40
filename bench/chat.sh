#!/usr/bin/env bash
# Chat delivery under load: PayDesk (Release, SQLite) with N concurrent visitor connections.
#   bench/chat.sh [connections=1000] [rate=100] [seconds=30] [warmup=10] [text]
# text: what visitors write ({0} = message number); default Chinese. English ("where is my refund for order {0}")
# puts the offline MiniLM model on every message; the script then waits for it to load before measuring.
# TIMELINE=1 also prints, per second of sending (warm-up included), the messages delivered and their p50/max.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-1000}
RATE=${2:-100}
SECONDS_RUN=${3:-30}
WARMUP=${4:-10}
DEFAULT_TEXT='压测消息 {0}：退款什么时候到账？'
TEXT=${5:-$DEFAULT_TEXT}
WORK=$(mktemp -d /tmp/paydesk-chat.XXXXXX)
PASSWORD="Bench-Passw0rd-$RANDOM"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; [ "${KEEP_LOG:-}" ] && cp "$WORK/paydesk.log" "$KEEP_LOG"; rm -rf "$WORK"' EXIT
for project in src/PayDesk bench/PayDesk.ChatLoad; do
  dotnet build -c Release -nologo -v quiet "$project" >/dev/null 2>&1 || dotnet build -c Release "$project"
done
PAYDESK_DATA_DIR="$WORK/paydesk" PAYDESK_DEMO=false PAYDESK_ADMIN_PASSWORD="$PASSWORD" \
  Logging__LogLevel__Default=Warning Urls=http://127.0.0.1:5182 RateLimits__ChatStartsPerMinute=1000000 RateLimits__SignInPerMinute=10000 \
  env "Logging__LogLevel__PayDesk.Features.Assistant.AssistantModel=Information" dotnet src/PayDesk/bin/Release/net10.0/PayDesk.dll >"$WORK/paydesk.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:5182/health/ready >/dev/null 2>&1 && break; sleep 0.5; done
for _ in $(seq 1 120); do grep -q "MiniLM) ready\|MiniLM) could not" "$WORK/paydesk.log" && break; sleep 0.5; done
dotnet bench/PayDesk.ChatLoad/bin/Release/net10.0/PayDesk.ChatLoad.dll --url http://127.0.0.1:5182 \
  --email admin@paydesk.local --password "$PASSWORD" --connections "$CONNECTIONS" --rate "$RATE" --seconds "$SECONDS_RUN" --warmup "$WARMUP" --text "$TEXT" ${TIMELINE:+--timeline 1}
