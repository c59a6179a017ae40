#!/usr/bin/env bash
# Analytics report latency over N generated complaints (a year of arrivals, with their clocks and
# survey answers) on a throwaway PostgreSQL configured as a reporting server would be
# (shared_buffers 2 GB; PayDesk itself raises work_mem for report sessions).
#   bench/reports.sh [complaints=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000000}
dotnet build -c Release -nologo -v quiet bench/PayDesk.Benchmarks >/dev/null 2>&1 || dotnet build -c Release bench/PayDesk.Benchmarks
BENCH=bench/PayDesk.Benchmarks/bin/Release/net10.0/PayDesk.Benchmarks.dll

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then echo "PostgreSQL is not installed (scripts/test installs it)"; exit 1; fi
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PGDATA=$(mktemp -d /tmp/paydesk-pgbench.XXXXXX)
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"
trap 'run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1; rm -rf "$PGDATA"' EXIT
run_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c shared_buffers=2GB -c effective_cache_size=8GB" start >/dev/null
dotnet "$BENCH" reports "$COUNT" "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=paydesk_reports_bench"
