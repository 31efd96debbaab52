#!/usr/bin/env bash
# What `kcron console` costs with real run history: its memory (RSS) and the response time of its pages with job files
# of 1,000 and 10,000 jobs. For each size it starts `bin/kcron broker`, writes RUNS run records per job over the last
# 24 hours to the runs topics with kcat (as workers write them: keyed by job, one in ten failed), starts bin/kcron console
# on it, warms it up, then times REQUESTS sequential requests per page with curl and prints a table: median and 95th
# percentile in milliseconds, answers other than 200, bytes per answer, and RSS idle and after the requests.
# Needs `make build` and kcat (make deps). Usage:
#   tests/console/console-cost.sh [REQUESTS] [SIZES...]     e.g. tests/console/console-cost.sh 20 1000 10000
# Environment: RUNS (run records per job, default 24: hourly for a day), PARTITIONS (of each topic, default 16: the mock
# keeps only the last few megabytes of a partition), CONSOLE_ARGS (extra flags for kcron console).
# docs/console.md keeps the measured table.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,11p' "$0" | cut -c3-
  exit 0
fi
requests=${1:-20}
[[ "$requests" =~ ^[1-9][0-9]*$ ]] || { echo "console-cost.sh: REQUESTS must be a whole number above 0, not '$requests'" >&2; exit 2; }
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000)
runs=${RUNS:-24}
partitions=${PARTITIONS:-16}
read -r -a console_args <<<"${CONSOLE_ARGS:-}"
kcron="$PWD/bin/kcron"
[ -x "$kcron" ] || { echo "console-cost.sh: $kcron is missing: run make build" >&2; exit 2; }
command -v kcat >/dev/null || { echo "console-cost.sh: kcat is missing: run make deps" >&2; exit 2; }
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source-path=SCRIPTDIR/../..
source tests/Shared/free-port.sh

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

# "key<TAB>run record" lines of one cluster's jobs: RUNS records per job spread evenly over the last 24 h, oldest first.
run_records() {
  local n=$1 cluster=$2
  awk -v n="$n" -v runs="$runs" -v cluster="$cluster" -v now="$(date +%s)" 'BEGIN {
    step = 86400 / runs;
    for (k = 0; k < runs; k++) {
      for (i = (cluster == "cluster-a" ? 1 : 2); i <= n; i += 2) {
        at = now - 86400 + (k + 0.5) * step + (i % 60);
        stamp = strftime("%Y-%m-%dT%H:%M:%S", at, 1);
        failed = (k + i) % 10 == 3;
        printf "job-%05d\t{\"schemaVersion\":1,\"fireId\":\"%08x-0000-7000-8000-%012x\",\"job\":\"job-%05d\",\"cluster\":\"%s\",\"attempt\":1,\"trigger\":\"scheduled\",\"outcome\":\"%s\",\"scheduledAt\":\"%s+00:00\",\"startedAt\":\"%s.004+00:00\",\"finishedAt\":\"%s.046+00:00\",\"durationSeconds\":0.042,\"exitCode\":%d,\"remainingAttempts\":2,\"worker\":\"%s-w1\",\"sourceTopic\":\"kcron.jobs.%s\",\"sourcePartition\":%d,\"sourceOffset\":%d,\"stdoutTail\":\"%d\\n\",%s\"stdoutBytes\":%d,\"stderrBytes\":%d}\n",
          i, at, k * n + i, i, cluster, failed ? "failed" : "succeeded", stamp, stamp, stamp, failed ? 1 : 0, cluster, cluster, i % 16, k,
          i, failed ? "\"stderrTail\":\"connection refused\\n\"," : "", length(i "") + 1, failed ? 19 : 0
      }
    }
  }'
}

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# Prints "median p95 non-200 bytes" of REQUESTS timed GETs of a URL.
timed() {
  local url=$1 bytes
  bytes=$(curl -s -o /dev/null -w '%{size_download}' "$url")
  for ((i = 0; i < requests; i++)); do
    curl -s -o /dev/null -w '%{time_total} %{http_code}\n' "$url"
  done | sort -n | awk -v bytes="$bytes" '{ t[NR] = $1 * 1000; if ($2 != 200) bad++ } END {
    printf "%.1f %.1f %d %d\n", t[int((NR + 1) / 2)], t[int(NR * 0.95 + 0.5)], bad, bytes }'
}

wait_for() {
  local what=$1 check=$2
  for _ in $(seq 300); do eval "$check" && return; sleep 0.2; done
  echo "console-cost.sh: $what did not come up; its log:" >&2
  cat "$work"/*.log >&2
  exit 1
}

echo "| jobs | run records | page | median ms | p95 ms | not 200 | bytes | RSS idle MiB | RSS after MiB |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|"
for size in "${sizes[@]}"; do
  job_file "$size" "$work/jobs-$size.yaml"
  kafka_port=$(free_port)
  control_port=$(free_port "$kafka_port")
  "$kcron" broker --brokers 1 --port "$kafka_port" --control-port "$control_port" --partitions "$partitions" \
    --cluster cluster-a --cluster cluster-b >"$work/broker-$size.log" 2>&1 &
  pids+=($!)
  wait_for "kcron broker" "grep -qs ready '$work/broker-$size.log'"
  for cluster in cluster-a cluster-b; do
    run_records "$size" "$cluster" | kcat -P -b "127.0.0.1:$kafka_port" -t "kcron.runs.$cluster" -K $'\t' -X linger.ms=20
  done

  port=$(free_port "$kafka_port" "$control_port")
  "$kcron" console --jobs "$work/jobs-$size.yaml" --port "$port" --metrics-port 0 --bootstrap-servers "127.0.0.1:$kafka_port" \
    "${console_args[@]}" >"$work/console-$size.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  base="http://127.0.0.1:$port"
  wait_for "kcron console" "curl -sf '$base/readyz' >/dev/null 2>&1"
  # Nothing was dropped by the mock: a job's page finds every run record written for it.
  found=$(curl -s "$base/jobs/job-00042" | sed -n 's/.* of \([0-9,]*\) run(s) of the last.*/\1/p')
  [ "$found" = "$runs" ] || echo "console-cost.sh: job-00042 shows ${found:-no} runs of the $runs written: the mock dropped some (raise PARTITIONS)" >&2
  # Warm-up: the first requests JIT-compile the handlers and read the job file.
  for _ in $(seq 5); do curl -s -o /dev/null "$base/"; curl -s -o /dev/null "$base/jobs/job-00042"; done
  idle=$(rss_kib "$pid")
  while IFS='|' read -r label path; do
    read -r median p95 bad bytes < <(timed "$base$path")
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$size" "$((size * runs))" "$label" "$median" "$p95" "$bad" "$bytes" \
      "$((idle / 1024))" "$(($(rss_kib "$pid") / 1024))"
  done <<ROWS
jobs page (first 100)|/
API jobs (first 100)|/api/v1/jobs
jobs page (filter matching none)|/?q=no-such-job
one job's page|/jobs/job-00042
API runs of one job|/api/v1/jobs/job-00042/runs
ROWS
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
