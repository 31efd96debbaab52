#!/usr/bin/env bash
# Sourced by the measuring scripts (tests/load, tests/console).
# free_port [PORT...] prints a loopback TCP port that nothing answers on and that is none of the PORTs given: ports
# asked for one after another, before any of them is bound, must not come out the same.
free_port() {
  local candidate
  while :; do
    candidate=$((20000 + RANDOM % 30000))
    [[ " $* " == *" $candidate "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null || { echo "$candidate"; return; }
  done
}
