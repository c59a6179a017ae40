#!/usr/bin/env bash
# Automatic review (issue 19) throughput on one core over N generated complaints (default 100,000): the rule engine
# alone, then the job end to end against SQLite (claim, read, score, write). Target: a 50,000-complaint day in under a minute.
#   bench/autoreview.sh [complaints=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100000}
dotnet build -c Release -nologo -v quiet bench/PayDesk.Benchmarks >/dev/null 2>&1 || dotnet build -c Release bench/PayDesk.Benchmarks
# One core: the figure is per core, whatever the machine has.
taskset -c 0 dotnet bench/PayDesk.Benchmarks/bin/Release/net10.0/PayDesk.Benchmarks.dll autoreview "$COUNT"
