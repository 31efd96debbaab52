#!/usr/bin/env bash
# Installs the real tools the observability tests run: promtool/prometheus (Debian `prometheus`),
# amtool/alertmanager (Debian `prometheus-alertmanager`) and envsubst (Debian `gettext-base`).
# Idempotent: does nothing when every binary is already on PATH. Needs root for apt-get.
set -euo pipefail

needed=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || needed+=(prometheus)
command -v amtool >/dev/null 2>&1 || needed+=(prometheus-alertmanager)
command -v envsubst >/dev/null 2>&1 || needed+=(gettext-base)

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-observability-tools: missing ${needed[*]}; run as root (apt-get install) or install them yourself" >&2
  exit 1
fi

# The packages' maintainer scripts would start prometheus (:9090) and alertmanager (:9093) as services;
# the tests start their own on free ports, so forbid service starts while installing unless the
# machine already has a policy.
created_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=yes
fi
cleanup() { if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
# Other jobs on the machine may hold the dpkg lock; wait for it instead of failing.
apt-get -o DPkg::Lock::Timeout=600 update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${needed[@]}"

for tool in promtool prometheus amtool envsubst; do
  command -v "$tool" >/dev/null 2>&1 || { echo "ensure-observability-tools: $tool still missing after install" >&2; exit 1; }
done
