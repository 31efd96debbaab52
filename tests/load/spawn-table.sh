#!/usr/bin/env bash
# Prints docs/load.md's side-by-side table: process starts per second on this machine by four routes (spawn-rate in
# tests/KafkaCron.Benchmarks) and one worker x CONCURRENCY on a backlog of `true` (worker-throughput.sh), for this
# build (bin/kcron) and for BEFORE (another build's kcron, e.g. main's), interleaved round by round so that the
# load of a shared machine touches every row alike. Needs `make build` and kcat.
#   tests/load/spawn-table.sh /tmp/main/bin/kcron [FIRES=5000] [CONCURRENCY=8] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
usage="usage: spawn-table.sh BEFORE_KCRON [FIRES=5000] [CONCURRENCY=8] [ROUNDS=3]"
if [ $# -lt 1 ] || [ $# -gt 4 ]; then echo "$usage" >&2; exit 2; fi
before=$1
fires=${2:-5000}
concurrency=${3:-8}
rounds=${4:-3}
[ -x "$before" ] || { echo "spawn-table.sh: $before is not an executable kcron; $usage" >&2; exit 2; }
for number in "$fires" "$concurrency" "$rounds"; do
  [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "spawn-table.sh: '$number' is not a positive whole number; $usage" >&2; exit 2; }
done
bench=artifacts/bin/KafkaCron.Benchmarks/release/KafkaCron.Benchmarks.dll
[ -f "$bench" ] || { echo "spawn-table.sh: $bench is missing (make build)" >&2; exit 2; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT

worker_rate() { KCRON="$1" bash tests/load/worker-throughput.sh "$fires" "$concurrency" | sed -n 's/.*runs_per_second=\([0-9]*\).*/\1/p'; }
loads=()
for round in $(seq "$rounds"); do
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  {
    dotnet "$bench" spawn-rate "$fires" "$concurrency" 1
    printf 'worker, this build (bin/kcron)\t%s\n' "$(worker_rate "$PWD/bin/kcron")"
    printf 'worker, before (%s)\t%s\n' "$before" "$(worker_rate "$before")"
  } >>"$results"
  echo "round $round of $rounds done" >&2
done

echo "$(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); $fires runs, $concurrency at a time; load average at each round's start: ${loads[*]}"
echo
echo "| route | runs/s, each round | median |"
echo "| --- | --- | ---: |"
awk -F'\t' '
  { if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 } values[$1] = values[$1] (values[$1] == "" ? "" : ", ") $2; all[$1, ++count[$1]] = $2 }
  END {
    for (i = 1; i <= n; i++) {
      route = order[i]; c = count[route]
      for (a = 1; a <= c; a++) sorted[a] = all[route, a] + 0
      for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (sorted[b] < sorted[a]) { t = sorted[a]; sorted[a] = sorted[b]; sorted[b] = t }
      median = c % 2 ? sorted[(c + 1) / 2] : (sorted[c / 2] + sorted[c / 2 + 1]) / 2
      printf "| %s | %s | %d |\n", route, values[route], median
    }
  }' "$results"
