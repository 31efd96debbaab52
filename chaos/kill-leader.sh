#!/usr/bin/env bash
# Drill: SIGKILL the leading scheduler replica, as a crashed host would; a standby must take over.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
usage: kill-leader.sh [--metrics-ports PORT[,PORT...]] [--compose FILE] [--dry-run]

Finds the scheduler replica whose metrics report kcron_scheduler_leader 1 and sends it SIGKILL.
  (local)                 schedulers on this machine serving metrics on 127.0.0.1:PORT (default 9464, the
                          kcron dev scheduler); the process is the kcron scheduler started with --metrics-port PORT
  --compose FILE          the scheduler-N services of that compose stack, asked on their published metrics ports;
                          killed with docker-compose kill -s SIGKILL, restored with docker-compose up -d
  --dry-run               say which replica leads, kill nothing

Another way to see the leader: kcron status --zookeeper HOST:PORT,...
Watch: its ZooKeeper session expires, a standby's kcron_scheduler_leader turns 1 and kcron_scheduler_epoch rises;
fires due meanwhile are published late (misfire policy), none twice. See chaos/README.md.
USAGE
}

ports="9464" dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --metrics-ports) require_value "$1" "${2:-}"; ports=$2; shift 2 ;;
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_command curl

if [ -n "$compose_file" ]; then
  leader="$(find_compose_leader)"
  say "leader is service $leader"
  $dry_run && exit 0
  compose kill -s SIGKILL "$leader"
  say "killed $leader; restore it with: ${compose_cmd[*]} -f $compose_file up -d $leader"
  exit 0
fi

require_command pgrep "Debian package procps"
leader="$(find_local_leader "$ports")"
read -r port pid <<<"$leader"
say "leader is pid $pid (metrics on 127.0.0.1:$port)"
$dry_run && exit 0
kill -KILL "$pid"
say "killed pid $pid"
