#!/usr/bin/env bash
# What `kcron console` costs: its memory (RSS) and the response time of its pages with job files of 1,000 and 10,000
# jobs. For each size it starts bin/kcron console on a free port (no Kafka is needed for these pages), warms it up,
# then times REQUESTS requests per page with curl and prints a table: median and 95th percentile in milliseconds,
# bytes per answer, and RSS idle and after the requests. Needs `make build`. Usage:
#   tests/console/console-cost.sh [REQUESTS] [SIZES...]     e.g. tests/console/console-cost.sh 200 1000 10000
# docs/console.md keeps the measured table.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000)
kcron="$PWD/bin/kcron"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() {
  local candidate
  while :; do
    candidate=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null || { echo "$candidate"; return; }
  done
}

# A job file of N jobs on two clusters, a mix of cron, @every and time zones.
job_file() {
  local n=$1 file=$2
  {
    echo "clusters: [cluster-a, cluster-b]"
    echo "jobs:"
    awk -v n="$n" 'BEGIN {
      split("*/5 * * * *|@every 90s|30 2 * * *|0 8 * * 1-5|@hourly", schedules, "|");
      split("UTC|Europe/Berlin|America/New_York", zones, "|");
      for (i = 1; i <= n; i++) {
        printf "  - name: job-%05d\n    schedule: \"%s\"\n    timeZone: %s\n    cluster: cluster-%s\n    command: echo %d\n",
          i, schedules[(i % 5) + 1], zones[(i % 3) + 1], (i % 2 ? "a" : "b"), i
      }
    }'
  } > "$file"
}

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# Prints "median p95 bytes" of REQUESTS timed GETs of a URL.
timed() {
  local url=$1 bytes
  bytes=$(curl -s -o /dev/null -w '%{size_download}' "$url")
  for ((i = 0; i < requests; i++)); do
    curl -s -o /dev/null -w '%{time_total}\n' "$url"
  done | sort -n | awk -v bytes="$bytes" '{ t[NR] = $1 * 1000 } END {
    printf "%.1f %.1f %d\n", t[int((NR + 1) / 2)], t[int(NR * 0.95 + 0.5)], bytes }'
}

echo "| jobs | page | median ms | p95 ms | bytes | RSS idle MiB | RSS after MiB |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  job_file "$size" "$work/jobs-$size.yaml"
  port=$(free_port)
  "$kcron" console --jobs "$work/jobs-$size.yaml" --port "$port" --metrics-port 0 --bootstrap-servers 127.0.0.1:1 >"$work/console-$size.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  base="http://127.0.0.1:$port"
  # Warm-up: the first requests JIT-compile the handlers and read the job file.
  for _ in $(seq 20); do curl -s -o /dev/null "$base/"; curl -s -o /dev/null "$base/api/v1/jobs"; done
  idle=$(rss_kib "$pid")
  last=$(((size + 99) / 100))
  while IFS='|' read -r label path; do
    read -r median p95 bytes < <(timed "$base$path")
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$size" "$label" "$median" "$p95" "$bytes" "$((idle / 1024))" "$(($(rss_kib "$pid") / 1024))"
  done <<ROWS
jobs page (first 100)|/
jobs page (last page)|/?page=$last
jobs page (filter matching none)|/?q=no-such-job
API jobs (first 100)|/api/v1/jobs
one job|/jobs/job-00042
ROWS
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
