#!/usr/bin/env bash
# Drill: freeze the leading scheduler (SIGSTOP) for a while, then let it run on (SIGCONT): a long GC pause, a
# stalled VM. The frozen leader must not keep publishing after a standby has taken over.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
usage: pause-leader.sh [--seconds N] [--metrics-ports PORT[,PORT...]] [--compose FILE]

Stops the leading scheduler for N seconds (default 30, at most 600), then continues it. The process is continued
whatever happens, Ctrl+C included.
  (local)          SIGSTOP/SIGCONT to the scheduler on this machine serving metrics on 127.0.0.1:PORT (default 9464)
  --compose FILE   docker-compose pause/unpause of the leading scheduler-N service of that stack

Watch: pauses longer than the ZooKeeper session timeout hand leadership to a standby (epoch + 1); when the old
leader resumes it must see its session expired and stop publishing before it fires anything. See chaos/README.md.
USAGE
}

seconds=30 ports="9464"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) require_value "$1" "${2:-}"; seconds=$2; shift 2 ;;
    --metrics-ports) require_value "$1" "${2:-}"; ports=$2; shift 2 ;;
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_int --seconds "$seconds" 1 600
require_command curl

if [ -n "$compose_file" ]; then
  leader="$(find_compose_leader)"
  say "pausing service $leader for ${seconds}s"
  trap 'compose unpause "$leader" >/dev/null && say "unpaused $leader"' EXIT
  compose pause "$leader"
  sleep "$seconds"
  exit 0
fi

require_command pgrep "Debian package procps"
leader="$(find_local_leader "$ports")"
read -r port pid <<<"$leader"
say "stopping pid $pid (metrics on 127.0.0.1:$port) for ${seconds}s"
trap 'kill -CONT "$pid" 2>/dev/null && say "continued pid $pid"' EXIT
kill -STOP "$pid"
sleep "$seconds"
