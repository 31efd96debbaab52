#!/usr/bin/env bash
# Runs one `kcron worker` against `kcron broker` (the mock cluster) on a backlog of N fires of `true`, each of a job of
# its own, and prints how fast the worker ran them. A warm-up backlog of WARMUP fires (default 1000) runs first, so the
# figure is the worker's steady state, not its JIT compiling. KCRON=path runs another build's kcron (e.g. main's).
# Extra arguments go to the worker, e.g.
#   tests/load/worker-throughput.sh 5000 8 --config capacity.yaml     (capacity.yaml: "Worker:\n  PipelineCapacity: 16")
# Needs `make build` (bin/kcron) and kcat. Used for the pipeline-capacity table of docs/load.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
fires=${1:?usage: worker-throughput.sh FIRES CONCURRENCY [worker options...]}
concurrency=${2:?usage: worker-throughput.sh FIRES CONCURRENCY [worker options...]}
shift 2
kcron="${KCRON:-$PWD/bin/kcron}"
work="$(mktemp -d)"
# shellcheck source-path=SCRIPTDIR/../..
source tests/Shared/free-port.sh
port=$(free_port)
control=$(free_port "$port")
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$kcron" broker --port "$port" --control-port "$control" --cluster cluster-a --partitions 4 --brokers 1 >"$work/broker.log" 2>&1 &
pids+=($!)
"$kcron" worker --cluster cluster-a --bootstrap-servers "127.0.0.1:$port" --fetch-wait-max-ms 10 --session-timeout-ms 6000 \
  --partitions 4 --metrics-port 0 --worker-id w1 --concurrency "$concurrency" "$@" >"$work/worker.log" 2>&1 &
pids+=($!)
timeout 60 bash -c "until grep -q 'Assigned kcron.jobs' '$work/worker.log'; do sleep 0.1; done"

warmup=${WARMUP:-1000}
# backlog FIRST LAST FILE: fires of jobs burst-FIRST..burst-LAST, due now.
backlog() {
  local now
  now=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
  for i in $(seq "$1" "$2"); do
    printf 'burst-%s\t{"schemaVersion":1,"fireId":"f-%s","job":"burst-%s","cluster":"cluster-a","command":"true","scheduledAt":"%s","publishedAt":"%s","attempt":1,"remainingAttempts":0}\n' \
      "$i" "$i" "$i" "$now" "$now"
  done >"$3"
}
until_succeeded() { timeout 600 bash -c "until [ \"\$(grep -c ' succeeded in ' '$work/worker.log')\" -ge $1 ]; do sleep 0.1; done"; }
if [ "$warmup" -gt 0 ]; then
  backlog 1 "$warmup" "$work/warmup.txt"
  kcat -P -b "127.0.0.1:$port" -t kcron.jobs.cluster-a -K $'\t' -l "$work/warmup.txt"
  until_succeeded "$warmup"
fi
backlog $((warmup + 1)) $((warmup + fires)) "$work/fires.txt"
started=$(date +%s%N)
kcat -P -b "127.0.0.1:$port" -t kcron.jobs.cluster-a -K $'\t' -l "$work/fires.txt"
until_succeeded $((warmup + fires))
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "fires=$fires concurrency=$concurrency seconds=$((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) runs_per_second=$((fires * 1000 / elapsed_ms)) pauses=$(grep -c 'pausing fetch' "$work/worker.log")"
