#!/usr/bin/env bash
# Automatic review (issue 19) throughput on one core over N generated complaints (default 100,000): the rule engine
# alone, then the job end to end against SQLite (claim, read, score, write). Target: a 50,000-complaint day in under a minute.
#   bench/autoreview.sh [complaints=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100000}
dotnet build -c Release -nologo -v quiet bench/PayDesk.Benchmarks >/dev/null 2>&1 || dotnet build -c Release bench/PayDesk.Benchmarks
# One core: the figure is per core, whatever the machine has.
RESULT=$(taskset -c 0 dotnet bench/PayDesk.Benchmarks/bin/Release/net10.0/PayDesk.Benchmarks.dll autoreview "$COUNT")
echo "$RESULT"
# The verdict, last: the job end to end (claim, read, score, write) is what a day of complaints costs, not the rules alone.
DAY_S=$(sed -n 's/.*day_of_50000_job_s=\([0-9.]*\).*/\1/p' <<<"$RESULT" | tail -n 1)
TARGET_S=$(sed -n 's/.*target_s=\([0-9.]*\).*/\1/p' <<<"$RESULT" | tail -n 1)
if [[ -z "$DAY_S" || -z "$TARGET_S" ]]; then
  echo "no day_of_50000_job_s figure in the benchmark's output"
  echo "target MISSED"
  exit 1
fi
echo "a 50,000-complaint day: ${DAY_S} s end to end on one core (target: under ${TARGET_S} s)"
if awk -v d="$DAY_S" -v t="$TARGET_S" 'BEGIN { exit !(d < t) }'; then echo "target met"; else echo "target MISSED"; fi
