#!/usr/bin/env bash
# Drill: SIGKILL one randomly chosen worker of a cluster, as a crashed host or an OOM kill would.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
usage: kill-worker.sh --cluster NAME [--retry] [--compose FILE] [--dry-run]

Sends SIGKILL to one randomly chosen worker of cluster NAME: no drain, no commit, no leaving the group.
  (local)          a kcron worker process on this machine, found with
                   pgrep -f "kcron worker ... --cluster NAME"
  --compose FILE   a running worker service of that compose stack (worker-NAME-1, worker-NAME-2, ...),
                   killed with docker-compose kill -s SIGKILL; bring it back with docker-compose up -d
  --retry          a retry worker (worker --retry) instead of a main one
  --dry-run        say which worker would be killed, kill nothing

Watch: the group rebalances after session.timeout.ms; the survivors take the partitions and re-run the killed
worker's unfinished jobs (at least once); kcron_consumer_lag rises, then falls. See chaos/README.md.
USAGE
}

cluster="" retry=false dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) require_value "$1" "${2:-}"; cluster=$2; shift 2 ;;
    --retry) retry=true; shift ;;
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[ -n "$cluster" ] || usage_error "--cluster is required"
require_name cluster "$cluster"

if [ -n "$compose_file" ]; then
  if $retry; then pattern="^worker-$cluster-retry$"; else pattern="^worker-$cluster-[0-9]+$"; fi
  mapfile -t candidates < <(compose_running_services "$pattern")
  ((${#candidates[@]} > 0)) || fail "no running service matches $pattern in $compose_file"
  victim="${candidates[RANDOM % ${#candidates[@]}]}"
  say "killing service $victim (one of ${#candidates[@]}: ${candidates[*]})"
  $dry_run && exit 0
  compose kill -s SIGKILL "$victim"
  say "killed $victim; restore it with: ${compose_cmd[*]} -f $compose_file up -d $victim"
  exit 0
fi

require_command pgrep "Debian package procps"
mapfile -t candidates < <(
  pgrep -af "kcron(\.dll)? worker( .*)? --cluster $cluster( |$)" |
    if $retry; then grep -E -- ' --retry( |$)'; else grep -vE -- ' --retry( |$)'; fi || true
)
((${#candidates[@]} > 0)) || fail "no kcron worker of cluster $cluster runs on this machine"
victim="${candidates[RANDOM % ${#candidates[@]}]}"
pid="${victim%% *}"
say "killing pid $pid (one of ${#candidates[@]}): ${victim#* }"
$dry_run && exit 0
kill -KILL "$pid"
say "killed pid $pid"
