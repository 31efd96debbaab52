#!/usr/bin/env bash
# Drill: a burst of fires due in the same second, far more than a cluster's workers can run at once. The burst
# must turn into lag and start delay, never into lost fires or unbounded memory.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
usage: flood.sh --jobs FILE [--count N] [--cluster NAME] [--in S] [--run-seconds R | --command CMD] [--hold S]
                [--metrics-ports PORT[,PORT...] | --compose FILE]

Adds N jobs (default 200, at most 5000) named flood-0001... to the job file FILE, all due at the same second,
S seconds from now (default 15), each running R seconds (default 1; 0 runs /bin/true), or the shell command CMD
(its environment has KCRON_JOB, KCRON_SCHEDULED_AT, KCRON_FIRE_ID, KCRON_WORKER), on cluster NAME (default
cluster-a). Makes the schedulers reload the file (SIGHUP), keeps the flood jobs for --hold seconds (default 60,
at most 3600), then restores FILE exactly and makes them reload again. FILE is restored whatever happens,
Ctrl+C included. Prints "due at <ISO 8601 instant>" once the jobs are in.
FILE must end with its jobs: list (block style), as examples/jobs.yaml does; it is replaced by rename, keeping
its permissions.
  (local)          FILE is the job file of the kcron schedulers on this machine (kcron dev --jobs FILE). Use a
                   copy, not examples/jobs.yaml. SIGHUP goes to every process matching
                   pgrep -f "kcron scheduler", or with --metrics-ports only to the schedulers serving metrics
                   on those ports (kill-leader.sh finds them the same way)
  --compose FILE   FILE is the host side of the schedulers' job file (KCRON_JOBS_DIR, default examples/); the
                   running scheduler-N services get SIGHUP through docker-compose kill -s SIGHUP

Watch: kcron_fires_published_total jumps by N at once; kcron_consumer_lag and kcron_pipeline_occupancy rise and
drain, with kcron_jobs_in_flight capped at the workers' concurrency; kcron_job_start_delay_seconds grows for the
tail of the burst; no publish errors, no dead letters. See chaos/README.md.
USAGE
}

jobs_file="" count=200 cluster="cluster-a" lead=15 run_seconds=1 hold=60 job_command="" ports="" run_seconds_given=false
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs) require_value "$1" "${2:-}"; jobs_file=$2; shift 2 ;;
    --count) require_value "$1" "${2:-}"; count=$2; shift 2 ;;
    --cluster) require_value "$1" "${2:-}"; cluster=$2; shift 2 ;;
    --in) require_value "$1" "${2:-}"; lead=$2; shift 2 ;;
    --run-seconds) require_value "$1" "${2:-}"; run_seconds=$2; run_seconds_given=true; shift 2 ;;
    --hold) require_value "$1" "${2:-}"; hold=$2; shift 2 ;;
    --command) require_value "$1" "${2:-}"; job_command=$2; shift 2 ;;
    --metrics-ports) require_value "$1" "${2:-}"; ports=$2; shift 2 ;;
    --compose) require_value "$1" "${2:-}"; use_compose "$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
[ -n "$jobs_file" ] || usage_error "--jobs is required"
if [ ! -f "$jobs_file" ] || [ ! -w "$jobs_file" ]; then
  usage_error "job file $jobs_file is not a writable file"
fi
require_int --count "$count" 1 5000
require_name cluster "$cluster"
require_int --in "$lead" 5 3600
require_int --run-seconds "$run_seconds" 0 3600
require_int --hold "$hold" 1 3600
case "$job_command" in *$'\n'* | *$'\r'*) usage_error "--command must be one line" ;; esac
[ -z "$job_command" ] || ! $run_seconds_given || usage_error "give --run-seconds or --command, not both"
if [ -n "$ports" ]; then
  [ -z "$compose_file" ] || usage_error "--metrics-ports names schedulers on this machine; with --compose the scheduler services get the signal"
  IFS=, read -ra port_list <<<"$ports"
  for port in "${port_list[@]}"; do require_int "metrics port" "$port" 1 65535; done
fi
((hold > lead)) || usage_error "--hold ($hold s) must be longer than --in ($lead s), or the flood jobs are gone before they fire"

last_key="$(grep -E '^[A-Za-z_][A-Za-z0-9_]*:' "$jobs_file" | tail -n 1 | sed -E 's/[[:space:]]*(#.*)?$//')"
[ "$last_key" = "jobs:" ] || fail "$jobs_file must end with a block-style 'jobs:' list (its last top-level key is '${last_key:-none}')"
if grep -qE '^[[:space:]]*-?[[:space:]]*name:[[:space:]]*"?flood-[0-9]+' "$jobs_file"; then
  fail "$jobs_file already holds flood-* jobs: restore it from an earlier, interrupted run first"
fi
indent="$(awk '/^jobs:/ { in_jobs = 1; next } in_jobs && /^[[:space:]]*- / { match($0, /^[[:space:]]*/); print RLENGTH; exit }' "$jobs_file")"
pad="$(printf '%*s' "${indent:-2}" '')"

# The local schedulers to signal: those serving metrics on --metrics-ports, or every kcron scheduler here.
local_scheduler_pids() {
  local port_list port
  if [ -z "$ports" ]; then
    pgrep -f "kcron(\.dll)? scheduler( |$)" || fail "no kcron scheduler runs on this machine"
    return 0
  fi
  IFS=, read -ra port_list <<<"$ports"
  for port in "${port_list[@]}"; do
    scheduler_pid_for_port "$port" || fail "no kcron scheduler on this machine serves metrics on port $port"
  done
}

reload() {
  if [ -n "$compose_file" ]; then
    local services
    services="$(compose_running_services '^scheduler(-[0-9]+)?$')"
    [ -n "$services" ] || fail "no scheduler service is running in $compose_file"
    # shellcheck disable=SC2086 # one word per service
    compose kill -s SIGHUP $services >/dev/null
    say "sent SIGHUP to $(tr '\n' ' ' <<<"$services")($1)"
  else
    local pids
    pids="$(local_scheduler_pids)"
    # shellcheck disable=SC2086 # one word per pid
    kill -HUP $pids
    say "sent SIGHUP to scheduler pid(s) $(tr '\n' ' ' <<<"$pids")($1)"
  fi
}
[ -n "$compose_file" ] || require_command pgrep "Debian package procps"

original="$(mktemp "$(dirname "$jobs_file")/.flood-original.XXXXXX")"
cp -p "$jobs_file" "$original"
replace_with() {
  local next
  next="$(mktemp "$(dirname "$jobs_file")/.flood-next.XXXXXX")"
  cat "$1" >"$next"
  chmod --reference="$original" "$next"
  mv -f "$next" "$jobs_file"
}
restore() {
  replace_with "$original"
  rm -f "$original"
  say "restored $jobs_file"
  reload "flood jobs removed" || true
}
trap restore EXIT

due=$(($(date +%s) + lead))
schedule="$(date -u -d "@$due" '+%-S %-M %-H * * *')"
if [ -n "$job_command" ]; then
  # A single-quoted YAML scalar: a quote inside is written twice.
  run_line="command: '${job_command//\'/\'\'}'"
elif ((run_seconds == 0)); then
  run_line='args: ["/bin/true"]'
else
  run_line="args: [\"/bin/sleep\", \"$run_seconds\"]"
fi
flooded="$(mktemp)"
{
  cat "$original"
  [ -z "$(tail -c 1 "$original")" ] || echo
  echo "${pad}# chaos/flood.sh: $count jobs due at $(date -u -d "@$due" +%H:%M:%S) UTC; removed again after the drill"
  for ((i = 1; i <= count; i++)); do
    printf '%s- name: flood-%04d\n' "$pad" "$i"
    printf '%s  schedule: "%s"\n' "$pad" "$schedule"
    printf '%s  timeZone: UTC\n' "$pad"
    printf '%s  cluster: %s\n' "$pad" "$cluster"
    printf '%s  %s\n' "$pad" "$run_line"
  done
} >"$flooded"
replace_with "$flooded"
rm -f "$flooded"
say "added $count jobs on $cluster due at $(date -u -d "@$due" +%Y-%m-%dT%H:%M:%SZ) (cron '$schedule')"
reload "flood jobs added"
sleep "$hold"
