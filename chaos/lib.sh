# shellcheck shell=bash
# Shared by the chaos scripts (sourced, never run): argument checks, the loopback-only rule, compose and metrics
# helpers. Every drill targets this machine's loopback or a compose stack's own services, nothing else.

chaos_name="$(basename "$0" .sh)"
compose_file=""
compose_cmd=()

say() { printf '%s %s: %s\n' "$(date -u +%H:%M:%S)" "$chaos_name" "$*"; }

# Wrong usage exits 2, a drill that could not be carried out exits 1.
usage_error() { echo "$chaos_name: $*" >&2; echo "run $0 --help for usage" >&2; exit 2; }
fail() { echo "$chaos_name: $*" >&2; exit 1; }

require_command() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed${2:+ ($2)}"
}

# require_value OPTION "$@": the option's argument, or a usage error when it is missing.
require_value() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    usage_error "$1 needs a value"
  fi
}

require_int() {
  local name=$1 value=$2 min=$3 max=$4
  if ! [[ $value =~ ^[0-9]{1,9}$ ]] || ((10#$value < min || 10#$value > max)); then
    usage_error "$name must be a whole number from $min to $max, not '$value'"
  fi
}

# Cluster and job names follow the job file's rule, so they are safe inside patterns and topic names.
require_name() {
  if ! [[ $2 =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || ((${#2} > 63)); then
    usage_error "$1 '$2' is not a valid name (lower-case letters, digits and '-', at most 63)"
  fi
}

require_topic() {
  [[ $1 =~ ^[A-Za-z0-9._-]{1,249}$ ]] || usage_error "'$1' is not a valid Kafka topic name"
}

is_loopback_host() {
  case "$1" in
    localhost | ::1 | 127.*) return 0 ;;
    *) return 1 ;;
  esac
}

# host:port[,host:port...]; [::1]:port is accepted too.
require_loopback_bootstrap() {
  local entries entry host
  IFS=, read -ra entries <<<"$1"
  ((${#entries[@]} > 0)) || usage_error "empty bootstrap server list"
  for entry in "${entries[@]}"; do
    host="${entry%:*}"
    host="${host#[}"
    host="${host%]}"
    is_loopback_host "$host" || usage_error "refusing $entry: drills only target loopback addresses (localhost, 127.0.0.0/8, ::1)"
  done
}

# http://host[:port][/path]; prints the URL without a trailing slash.
require_loopback_url() {
  local url=$1 rest authority host
  [[ $url =~ ^http:// ]] || usage_error "refusing $url: the control surface is plain http on loopback"
  rest="${url#http://}"
  authority="${rest%%/*}"
  if [[ $authority == \[* ]]; then
    host="${authority%%]*}"
    host="${host#[}"
  else
    host="${authority%%:*}"
  fi
  is_loopback_host "$host" || usage_error "refusing $url: drills only target loopback addresses (localhost, 127.0.0.0/8, ::1)"
  printf '%s\n' "${url%/}"
}

# use_compose FILE: later `compose ...` calls run docker-compose (or `docker compose`) on that file.
use_compose() {
  [ -f "$1" ] || usage_error "compose file $1 does not exist"
  compose_file=$1
  if command -v docker-compose >/dev/null 2>&1; then
    compose_cmd=(docker-compose)
  elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    compose_cmd=(docker compose)
  else
    fail "neither docker-compose nor 'docker compose' is available"
  fi
}

compose() {
  "${compose_cmd[@]}" -f "$compose_file" "$@"
}

# Running services of the compose stack whose names match the extended regex $1, one per line.
compose_running_services() {
  compose ps --services --filter status=running | grep -E "$1" || true
}

# metric_value URL NAME: the value of the first sample of NAME served at URL; fails when the URL does not answer.
metric_value() {
  local body
  body="$(curl -fs --max-time 3 "$1")" || return 1
  awk -v name="$2" '$1 == name || index($1, name "{") == 1 { print $2; exit }' <<<"$body"
}

is_leader_at() {
  local value
  value="$(metric_value "$1" kcron_scheduler_leader)" || return 1
  [ "$value" = "1" ]
}

# The pid of the kcron scheduler on this machine serving metrics on port $1.
scheduler_pid_for_port() {
  local port=$1 pids
  pids="$(pgrep -f "kcron(\.dll)? scheduler .*--metrics-port $port( |$)" || true)"
  if [ -z "$pids" ] && command -v ss >/dev/null 2>&1; then
    # Started with the port from the environment or a settings file: ask the kernel who listens there.
    pids="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true)"
  fi
  [ -n "$pids" ] || return 1
  [ "$(wc -l <<<"$pids")" -eq 1 ] || fail "several processes match the scheduler on port $port: $(tr '\n' ' ' <<<"$pids")"
  printf '%s\n' "$pids"
}

# find_local_leader PORTS (comma-separated): prints "PORT PID" of the leading scheduler on this machine.
find_local_leader() {
  local port_list port pid
  IFS=, read -ra port_list <<<"$1"
  for port in "${port_list[@]}"; do
    require_int "metrics port" "$port" 1 65535
    if is_leader_at "http://127.0.0.1:$port/metrics"; then
      pid="$(scheduler_pid_for_port "$port")" || fail "the scheduler on port $port leads, but no process on this machine matches it"
      printf '%s %s\n' "$port" "$pid"
      return 0
    fi
  done
  fail "no scheduler on ports $1 reports kcron_scheduler_leader 1 (is one running, and does it lead yet?)"
}

# find_compose_leader: prints the compose service of the leading scheduler (services named scheduler-N).
find_compose_leader() {
  local services service address
  services="$(compose_running_services '^scheduler(-[0-9]+)?$')"
  [ -n "$services" ] || fail "no scheduler service is running in $compose_file"
  for service in $services; do
    address="$(compose port "$service" 9464 2>/dev/null | tail -n 1)"
    [ -n "$address" ] || continue
    address="${address/0.0.0.0/127.0.0.1}"
    if is_leader_at "http://$address/metrics"; then
      printf '%s\n' "$service"
      return 0
    fi
  done
  fail "no scheduler service of $compose_file reports kcron_scheduler_leader 1 on its published metrics port"
}
