#!/usr/bin/env bash
# Starts the cp-kafka image's own entrypoint with the Prometheus JMX exporter agent attached to the broker JVM,
# and to nothing else.
#
# Why EXTRA_ARGS and not KAFKA_OPTS: KAFKA_OPTS is read by kafka-run-class, which every Kafka CLI tool goes through
# (kafka-topics, kafka-broker-api-versions in our healthcheck, kafka-reassign-partitions in chaos/move-leader.sh).
# With the agent in the container's KAFKA_OPTS, each of those tools would start a second agent on the broker's
# port, fail to bind it, and abort before doing anything (prometheus/README.md, "Kafka brokers"). Exporting it here
# instead would still hand the agent to the tools the image's start scripts run before the broker (KRaft storage
# formatting). EXTRA_ARGS is read only by kafka-server-start, so the broker JVM alone gets the agent.
# (The default EXTRA_ARGS is "-name kafkaServer -loggc"; we keep both.)
#
# The agent jar ships in the image under /usr/share/java/cp-base-new/ with its version in the name, which changes
# between Confluent releases: find it instead of naming it.
set -euo pipefail

port="${JMX_EXPORTER_PORT:-9404}"
# The mounted prometheus/jmx-exporter/kafka-broker.yml.
config="${JMX_EXPORTER_CONFIG:-/etc/kcron/jmx-exporter.yml}"
shopt -s nullglob
agents=(/usr/share/java/cp-base-new/jmx_prometheus_javaagent-*.jar)
if ((${#agents[@]} == 0)); then
  echo "run-with-jmx-exporter: no jmx_prometheus_javaagent jar in /usr/share/java/cp-base-new; check the image tag" >&2
  exit 1
fi
[ -r "$config" ] || { echo "run-with-jmx-exporter: exporter config $config is not readable" >&2; exit 1; }

export EXTRA_ARGS="-name kafkaServer -loggc -javaagent:${agents[0]}=${port}:${config}"
echo "run-with-jmx-exporter: broker metrics on :${port}/metrics (agent ${agents[0]##*/})"
exec /etc/confluent/docker/run
