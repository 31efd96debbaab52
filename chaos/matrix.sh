#!/usr/bin/env bash
# `make chaos`: runs the drill matrix and prints its table (also left in artifacts/chaos.md); exit 1 when a drill
# broke its promise. The drills, their counting and their promises are C# (tests/KafkaCron.Integration.Tests/Chaos),
# run as the Category=Chaos tests: against fresh local processes, or with --compose FILE against a running compose
# stack (the same drills through docker compose and the scripts here, counted the same way).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
  cat <<'USAGE'
usage: matrix.sh CONFIG [DRILL|list] [--compose FILE [--jobs FILE]]

  CONFIG          the build configuration the tests were built with (Release)
  DRILL           run only this drill; "list" prints the drills; empty: the whole matrix
  --compose FILE  the same drills against a running compose stack (compose-multi-broker/docker-compose.yml) through
                  docker compose kill/stop/start/pause and the scripts here: runs are counted from the workers'
                  logs, fires from the topics on the host listeners, alerts from Alertmanager's API
  --jobs FILE     with --compose: the host side of the schedulers' job file (default examples/jobs.yaml, what the
                  compose files mount); the drill job and the flood's jobs are added to it and it is restored after
The table goes to artifacts/chaos.md, or to the file KCRON_CHAOS_TABLE names.
Needs what make test needs (make deps): ZooKeeper, Prometheus, Alertmanager, kcat; with --compose, docker-compose or
docker compose, kcat and curl. See chaos/README.md.
USAGE
}

drills=(brokers-1-of-3-down brokers-2-of-3-down brokers-3-of-3-down leader-moved zookeeper-1-down zookeeper-quorum-lost
  leader-sigkill leader-sigstop worker-sigkill garbage flood prometheus-down alertmanager-down)

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") usage_error "give the build configuration (Release)" ;;
esac
config=$1
drill=${2:-}
shift $(($# >= 2 ? 2 : 1))
jobs_file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
    --jobs) require_value "$1" "${2:-}"; jobs_file=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done

if [ "$drill" = list ]; then
  printf '%s\n' "${drills[@]}"
  exit 0
fi
if [ -n "$drill" ] && ! printf '%s\n' "${drills[@]}" | grep -qx -- "$drill"; then
  usage_error "no drill $drill (make chaos DRILL=list)"
fi

# With --compose: puts back the job file copied before the drills if it differs, and makes the schedulers reload.
# shellcheck disable=SC2317 # run by the EXIT trap set below
restore_jobs() {
  if ! cmp -s "$jobs_copy" "$jobs_file"; then
    mv -f "$jobs_copy" "$jobs_file"
    say "restored $jobs_file"
    # shellcheck disable=SC2046 # one word per service
    compose kill -s SIGHUP $(compose_running_services '^scheduler(-[0-9]+)?$') >/dev/null || true
  fi
  rm -f "$jobs_copy"
}

if [ -n "$compose_file" ]; then
  jobs_file=${jobs_file:-examples/jobs.yaml}
  if [ ! -f "$jobs_file" ] || [ ! -w "$jobs_file" ]; then
    usage_error "job file $jobs_file is not a writable file"
  fi
  require_command kcat "garbage.sh writes with it; make deps installs it"
  require_command curl
  # The drills add their job to the file and restore it; should the run be cut short (Ctrl+C ends the test host
  # before it can), the copy taken here is put back and the schedulers reload.
  jobs_copy="$(mktemp "$(dirname "$jobs_file")/.chaos-original.XXXXXX")"
  cp -p "$jobs_file" "$jobs_copy"
  trap restore_jobs EXIT
  # The tests run elsewhere: they get absolute paths.
  KCRON_CHAOS_COMPOSE="$(realpath "$compose_file")"
  KCRON_CHAOS_JOBS="$(realpath "$jobs_file")"
  export KCRON_CHAOS_COMPOSE KCRON_CHAOS_JOBS
elif [ -n "$jobs_file" ]; then
  usage_error "--jobs goes with --compose (the local stack writes its own job file)"
fi

# The tests run elsewhere: an absolute path.
table="$(realpath -m "${KCRON_CHAOS_TABLE:-artifacts/chaos.md}")"
export KCRON_CHAOS_TABLE="$table"
mkdir -p "$(dirname "$table")"
rm -f "$table"
filter="Category=Chaos"
[ -z "$drill" ] || filter="$filter&DisplayName~$drill"
status=0
dotnet test tests/KafkaCron.Integration.Tests -c "$config" --no-build --filter "$filter" \
  --logger "console;verbosity=minimal" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?
echo
if [ -f "$table" ]; then
  cat "$table"
else
  echo "chaos: no drill reported (see the test output above)" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
