#!/usr/bin/env bash
# Makes Apache ZooKeeper's server jars available for tests/KafkaCron.ZooKeeper.Tests, which start their own
# ZooKeeper processes on free loopback ports. Idempotent: does nothing when the jars are already installed.
# Installs Debian's `zookeeper` package (jars + scripts) and not `zookeeperd`, whose service would bind 2181.
set -euo pipefail

jar=/usr/share/java/zookeeper.jar
if [ -f "$jar" ] && command -v java > /dev/null; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-zookeeper: ZooKeeper jars are missing at $jar and installing them needs root" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends zookeeper default-jre-headless > /dev/null

if ! [ -f "$jar" ]; then
    echo "ensure-zookeeper: installed the zookeeper package but found no jar at $jar" >&2
    exit 1
fi
