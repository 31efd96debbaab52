#!/usr/bin/env bash
# Drill: move a partition's leadership to another broker, as a broker restart or a rebalance would.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
usage: move-leader.sh --to BROKER [--topic TOPIC] [--partition P] [--control URL] [--compose FILE]

Makes broker BROKER the leader of TOPIC (default kcron.jobs.cluster-a) partition P (default 0).
  (local)          the mock Kafka of kcron broker / kcron dev: POST /topics/TOPIC/partitions/P/leader/BROKER
                   on --control URL (default http://127.0.0.1:9192)
  --compose FILE   the three-broker compose stack: reorders the partition's replicas so that BROKER comes first
                   (kafka-reassign-partitions; no data moves) and runs a preferred leader election, both with the
                   Kafka CLI tools inside container kafka-BROKER

Watch: producers and consumers get NOT_LEADER_OR_FOLLOWER, refresh metadata and carry on; a short blip in
kcron_kafka_client_errors_total, no publish errors, no lost or repeated fires. See chaos/README.md.
USAGE
}

to="" topic="kcron.jobs.cluster-a" partition=0 control="http://127.0.0.1:9192"
while [ $# -gt 0 ]; do
  case "$1" in
    --to) require_value "$1" "${2:-}"; to=$2; shift 2 ;;
    --topic) require_value "$1" "${2:-}"; topic=$2; shift 2 ;;
    --partition) require_value "$1" "${2:-}"; partition=$2; shift 2 ;;
    --control) require_value "$1" "${2:-}"; control=$2; shift 2 ;;
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[ -n "$to" ] || usage_error "--to is required"
require_int --to "$to" 1 1000
require_int --partition "$partition" 0 100000
require_topic "$topic"

if [ -n "$compose_file" ]; then
  mapfile -t brokers < <(compose_running_services '^kafka-[0-9]+$' | sed 's/^kafka-//' | sort -n)
  ((${#brokers[@]} > 1)) || fail "$compose_file has fewer than two running brokers: there is nowhere to move a leader"
  printf '%s\n' "${brokers[@]}" | grep -qx "$to" || fail "broker $to is not running in $compose_file (running: ${brokers[*]})"
  replicas="$to"
  for broker in "${brokers[@]}"; do
    [ "$broker" = "$to" ] || replicas="$replicas,$broker"
  done
  plan="{\"version\":1,\"partitions\":[{\"topic\":\"$topic\",\"partition\":$partition,\"replicas\":[$replicas]}]}"
  say "moving $topic partition $partition to broker $to (replicas $replicas)"
  # shellcheck disable=SC2016 # expanded by the container's bash, from its positional arguments
  compose exec -T "kafka-$to" bash -c '
    set -euo pipefail
    printf "%s" "$1" > /tmp/kcron-move-leader.json
    kafka-reassign-partitions --bootstrap-server localhost:9092 --reassignment-json-file /tmp/kcron-move-leader.json --execute
    for attempt in 1 2 3 4 5; do
      kafka-leader-election --bootstrap-server localhost:9092 --election-type PREFERRED --topic "$2" --partition "$3" && exit 0
      echo "election attempt $attempt did not succeed yet" >&2
      sleep 2
    done
    exit 1' move-leader "$plan" "$topic" "$partition"
  say "broker $to leads $topic partition $partition"
  exit 0
fi

require_command curl
control="$(require_loopback_url "$control")"
curl -fsS --max-time 10 -d '' "$control/topics/$topic/partitions/$partition/leader/$to" >/dev/null ||
  fail "POST $control/topics/$topic/partitions/$partition/leader/$to failed (unknown topic, partition or broker?)"
say "broker $to leads $topic partition $partition ($control)"
