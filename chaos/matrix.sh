#!/usr/bin/env bash
# `make chaos`: runs the drill matrix and prints its table (also left in artifacts/chaos.md); exit 1 when a drill
# broke its promise. The drills, their counting and their promises are C# (tests/KafkaCron.Integration.Tests/Chaos),
# run as the Category=Chaos tests against local processes. With --compose FILE, the same breaks go to a compose
# stack through the scripts here, each followed by a check that fires run again.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
  cat <<'USAGE'
usage: matrix.sh CONFIG [DRILL|list] [--compose FILE]

  CONFIG          the build configuration the tests were built with (Release)
  DRILL           run only this drill; "list" prints the drills; empty: the whole matrix
  --compose FILE  a running compose stack (compose-multi-broker/docker-compose.yml): broker down, leader killed and
                  paused, a worker killed, garbage records, each followed by a check that the canary runs again
Needs what make test needs (make deps): ZooKeeper, Prometheus, Alertmanager, kcat. See chaos/README.md.
USAGE
}

drills=(brokers-1-of-3-down brokers-2-of-3-down brokers-3-of-3-down leader-moved zookeeper-1-down zookeeper-quorum-lost
  leader-sigkill leader-sigstop worker-sigkill garbage)

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") usage_error "give the build configuration (Release)" ;;
esac
config=$1
drill=${2:-}
shift $(($# >= 2 ? 2 : 1))
while [ $# -gt 0 ]; do
  case "$1" in
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
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

# compose_canary_runs_after SINCE: waits up to 3 minutes for a run of cluster-a's canary logged after SINCE.
compose_canary_runs_after() {
  local since=$1 _
  for _ in $(seq 36); do
    if compose logs --since "$since" worker-cluster-a-1 worker-cluster-a-2 2>/dev/null | grep -q 'Job kcron-canary-cluster-a .* succeeded'; then
      return 0
    fi
    sleep 5
  done
  return 1
}

if [ -n "$compose_file" ]; then
  here=chaos
  declare -A steps=(
    [brokers-1-of-3-down]="$here/broker-down.sh --broker 2 --seconds 30 --compose $compose_file"
    [leader-sigkill]="$here/kill-leader.sh --compose $compose_file"
    [leader-sigstop]="$here/pause-leader.sh --seconds 20 --compose $compose_file"
    [worker-sigkill]="$here/kill-worker.sh --cluster cluster-a --compose $compose_file"
    [garbage]="$here/garbage.sh --bootstrap 127.0.0.1:19092 --cluster cluster-a"
  )
  failed=0
  printf '| drill | broke | fires ran again within 3 min |\n|---|---|---|\n'
  for name in brokers-1-of-3-down leader-sigkill leader-sigstop worker-sigkill garbage; do
    [ -z "$drill" ] || [ "$drill" = "$name" ] || continue
    read -ra step <<<"${steps[$name]}"
    bash "${step[@]}" >&2 || fail "$name: ${step[*]} failed"
    since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    if compose_canary_runs_after "$since"; then verdict=yes; else verdict=NO; failed=1; fi
    printf '| %s | %s | %s |\n' "$name" "${step[0]##*/}" "$verdict"
  done
  exit "$failed"
fi

mkdir -p artifacts
rm -f artifacts/chaos.md
filter="Category=Chaos"
[ -z "$drill" ] || filter="$filter&DisplayName~$drill"
status=0
dotnet test tests/KafkaCron.Integration.Tests -c "$config" --no-build --filter "$filter" \
  --logger "console;verbosity=minimal" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?
echo
if [ -f artifacts/chaos.md ]; then
  cat artifacts/chaos.md
else
  echo "chaos: no drill reported (see the test output above)" >&2
  status=1
fi
exit "$status"
