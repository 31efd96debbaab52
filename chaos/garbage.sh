#!/usr/bin/env bash
# Drill: write records no scheduler would ever write to a cluster's jobs topic. Workers must dead-letter each one
# with its reason, commit, and carry on; nothing may crash, stall or run.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
usage: garbage.sh [--bootstrap HOST:PORT[,...]] [--cluster NAME] [--topic TOPIC] [--big-bytes N]

Produces four bad records with kcat to TOPIC (default kcron.jobs.NAME, NAME default cluster-a), keys garbage-*:
  garbage-random      512 random bytes
  garbage-truncated   a valid fire cut off in the middle of its JSON
  garbage-oversize    a value of N bytes (default 10485760 = 10 MiB; the codec refuses anything over 1 MiB)
  garbage-schema      a complete fire with "schemaVersion": 99
--bootstrap (default 127.0.0.1:9092) must be a loopback address: kcron broker, kcron dev, or a compose stack's
published port (127.0.0.1:9092 single broker, 127.0.0.1:19092 three brokers).
A real broker refuses the oversize record unless the topic's max.message.bytes allows it; that is reported and the
other records still go. Exit status 1 if any other record could not be written.

Watch: kcron_decode_failures_total and kcron_dead_letters_total rise by one per record (reason invalid-json,
invalid-json, too-large, unsupported-schema), the
dead letters appear on kcron.dead.NAME with the reason and the original bytes, the KcronDeadLetters alert fires,
and the cluster's jobs keep running. See chaos/README.md.
USAGE
}

bootstrap="127.0.0.1:9092" cluster="cluster-a" topic="" big_bytes=10485760
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap) require_value "$1" "${2:-}"; bootstrap=$2; shift 2 ;;
    --cluster) require_value "$1" "${2:-}"; cluster=$2; shift 2 ;;
    --topic) require_value "$1" "${2:-}"; topic=$2; shift 2 ;;
    --big-bytes) require_value "$1" "${2:-}"; big_bytes=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_name cluster "$cluster"
topic="${topic:-kcron.jobs.$cluster}"
require_topic "$topic"
require_int --big-bytes "$big_bytes" 1 104857600
require_loopback_bootstrap "$bootstrap"
require_command kcat "Debian package kcat"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now="$(date -u +%Y-%m-%dT%H:%M:%S+00:00)"
fire() {
  printf '{"schemaVersion":%s,"fireId":"%s","job":"garbage-drill","cluster":"%s","command":"echo this must never run",' \
    "$1" "$(cat /proc/sys/kernel/random/uuid)" "$cluster"
  printf '"scheduledAt":"%s","publishedAt":"%s","attempt":1,"remainingAttempts":0}' "$now" "$now"
}

head -c 512 /dev/urandom >"$work/random"
full="$(fire 1)"
printf '%s' "${full:0:$((${#full} / 2))}" >"$work/truncated"
head -c "$big_bytes" /dev/zero | tr '\0' 'x' >"$work/oversize"
fire 99 >"$work/schema"

# produce KEY FILE [kcat options...]: the whole file is one record; kcat waits for the broker's acknowledgement.
produce() {
  local key=$1 file=$2
  shift 2
  kcat -P -b "$bootstrap" -t "$topic" -k "$key" -H "kcron-drill=garbage" \
    -X message.timeout.ms=15000 "$@" "$file"
}

failed=0
for kind in random truncated schema; do
  if produce "garbage-$kind" "$work/$kind"; then
    say "wrote garbage-$kind ($(stat -c %s "$work/$kind") bytes) to $topic"
  else
    say "could not write garbage-$kind to $topic"
    failed=1
  fi
done
# The producer's own limit (message.max.bytes, default 1 MB) must let the big value through to the broker.
if produce garbage-oversize "$work/oversize" -X message.max.bytes=$((big_bytes + 1048576)); then
  say "wrote garbage-oversize ($big_bytes bytes) to $topic"
else
  say "the broker refused garbage-oversize ($big_bytes bytes): its message.max.bytes / the topic's max.message.bytes is lower, which is a first line of defence"
fi
exit "$failed"
