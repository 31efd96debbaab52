#!/usr/bin/env bash
# Drill: take one Kafka broker down for a while, then bring it back.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
usage: broker-down.sh [--broker ID] [--seconds N] [--control URL] [--compose FILE [--kill]]

Takes broker ID (default 1) down for N seconds (default 30, at most 600), then brings it back up. The broker is
brought back whatever happens, Ctrl+C included.
  (local)          the mock Kafka of kcron broker / kcron dev, through its drill surface
                   --control URL (default http://127.0.0.1:9192): POST /brokers/ID/down, then /brokers/ID/up
  --compose FILE   service kafka-ID of that compose stack (kafka in the single-broker file):
                   docker-compose stop (a controlled shutdown), then start
  --kill           with --compose: SIGKILL the broker instead of stopping it (an unclean shutdown)

Watch: with three brokers and min.insync.replicas 2, fires keep flowing (leaders move to the survivors); the mock
cluster has no automatic failover, so partitions led by the downed broker stall until it returns (see
docs/local-kafka.md) and kcron_kafka_client_errors_total rises. See chaos/README.md.
USAGE
}

broker=1 seconds=30 control="http://127.0.0.1:9192" kill_broker=false
while [ $# -gt 0 ]; do
  case "$1" in
    --broker) require_value "$1" "${2:-}"; broker=$2; shift 2 ;;
    --seconds) require_value "$1" "${2:-}"; seconds=$2; shift 2 ;;
    --control) require_value "$1" "${2:-}"; control=$2; shift 2 ;;
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
    --kill) kill_broker=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_int --broker "$broker" 1 1000
require_int --seconds "$seconds" 1 600

if [ -n "$compose_file" ]; then
  service="kafka-$broker"
  if [ -z "$(compose_running_services "^$service$")" ]; then
    if [ "$broker" = 1 ] && [ -n "$(compose_running_services '^kafka$')" ]; then
      service=kafka
    else
      fail "no running service $service in $compose_file"
    fi
  fi
  trap 'compose start "$service" >/dev/null && say "started $service"' EXIT
  if $kill_broker; then
    say "killing $service for ${seconds}s"
    compose kill -s SIGKILL "$service"
  else
    say "stopping $service for ${seconds}s"
    compose stop "$service"
  fi
  sleep "$seconds"
  exit 0
fi

$kill_broker && usage_error "--kill needs --compose (the mock broker is taken down through its drill surface)"
require_command curl
control="$(require_loopback_url "$control")"
post() {
  curl -fsS --max-time 10 -d '' "$control/brokers/$broker/$1" >/dev/null ||
    fail "POST $control/brokers/$broker/$1 failed (is kcron broker or kcron dev running with --control-port?)"
}
post down
trap 'post up && say "broker $broker is up"' EXIT
say "broker $broker is down for ${seconds}s ($control)"
sleep "$seconds"
