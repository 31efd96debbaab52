# syntax=docker/dockerfile:1
# The kcron image: one executable, every program a subcommand (scheduler, worker, status, validate, ...).
#   docker build -t kcron .
#   docker run --rm kcron validate /etc/kcron/jobs/jobs.yaml
# Deployment: compose-multi-broker/ (Docker Compose) and k8s/ (Kubernetes).

# The build output is IL plus every Linux native library, so the build stage runs on the builder's own platform
# even when the image is built for another one.
# Both base images are pinned to an exact patch release (the SDK and runtime the tests ran with), so a rebuild gets
# the same toolchain; Renovate or Dependabot can raise them. Digests would pin harder, but they cannot be read
# without access to the registry, and a wrong one fails every build.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
WORKDIR /source
# Build settings first: warnings are errors and analyzers run, exactly as `make build` does.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/ src/
RUN --mount=type=cache,id=kcron-nuget,target=/root/.nuget/packages \
    dotnet publish src/KafkaCron.Cli -c Release -o /app \
 && rm -rf /app/runtimes/win* /app/runtimes/osx* \
 && find /app -name '*.pdb' -delete

# librdkafka: Confluent's default linux-x64 build (runtimes/linux-x64/native/librdkafka.so) needs libsasl2.so.3,
# the RHEL name of Cyrus SASL. Debian and Ubuntu (this image is Ubuntu 24.04) ship it as libsasl2.so.2
# (package libsasl2-2), so installing that package would not help. Confluent.Kafka then loads the bundled
# centos8-librdkafka.so, which needs nothing but glibc and has TLS, SASL PLAIN, SCRAM and OAUTHBEARER built in.
# We rely on that fallback and install nothing. Only Kerberos (sasl.mechanism=GSSAPI) is missing; it would need a
# RHEL-based image or a librdkafka built against the distribution's libsasl2.
# ASP.NET Core's runtime image (the .NET runtime plus the ASP.NET Core shared framework): `kcron console` is a web
# host, and the one executable carries every program. Same patch release as the SDK's runtime.
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble
# jemalloc for the scheduler only: librdkafka allocates each fire's record on one thread and frees it on another,
# which glibc's allocator pays for in arena locks; preloaded, jemalloc took the p99 lag at 100,000 jobs a second
# from 301-394 to 205-222 ms (docs/decisions/scheduler-allocator.md). The link gives every platform one path for
# LD_PRELOAD, which k8s/scheduler.yaml and the compose files set for the scheduler's containers, never the workers':
# a preload reaches every process a program starts, and a worker's are users' jobs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libjemalloc2 \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s "$(dpkg -L libjemalloc2 | grep '/libjemalloc\.so\.2$')" /usr/local/lib/libjemalloc.so.2 \
 && test -e /usr/local/lib/libjemalloc.so.2
WORKDIR /app
COPY --from=build /app ./
# Jobs run as this user too: the image's unprivileged `app` user (uid 1654), numeric so that Kubernetes'
# runAsNonRoot can verify it without reading /etc/passwd.
USER $APP_UID
# The scheduler and workers serve Prometheus metrics here (--metrics-port); the console its pages and API on 8080.
EXPOSE 9464 8080
# No HEALTHCHECK: the same image runs one-shot commands (validate, status, replay) that serve nothing, the metrics
# port is a per-service flag, and the runtime image has no HTTP client to probe with. Kubernetes probes /metrics
# (k8s/scheduler.yaml, k8s/workers-*.yaml) and the console's /readyz and /healthz (k8s/console.yaml);
# `kcron_scheduler_leader` and the alerts say more than "it answers".
HEALTHCHECK NONE
# Exec form: kcron is the process that receives SIGTERM and drains its jobs. Jobs started with `&` that outlive
# their shell are re-parented to PID 1, so run the container with an init that reaps them (compose `init: true`,
# Kubernetes `shareProcessNamespace: true`), as compose-multi-broker/ and k8s/ do.
ENTRYPOINT ["/app/kcron"]
CMD ["--help"]
