# KafkaCron. `make run` starts the single-machine default; `make test` runs every test. Both install what they need.
DOTNET   ?= dotnet
CONFIG   ?= Release
JOBS     ?= examples/jobs.yaml
BIN      := bin/kcron

.PHONY: help deps restore build run test bench load load-1000 fmt clean alertmanager-config chaos zookeeper bench-compare console-screenshots

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

deps: ## install the OS packages the tests use (ZooKeeper, Prometheus, Alertmanager, kcat, docker-compose, shellcheck), when missing
	bash .ci/install-deps.sh

restore: ## restore NuGet packages
	$(DOTNET) restore Pipeline.sln

build: restore ## build everything (warnings are errors) and leave the kcron executable at bin/kcron
	$(DOTNET) build Pipeline.sln -c $(CONFIG) --no-restore
	$(DOTNET) publish src/KafkaCron.Cli -c $(CONFIG) --no-restore -o bin >/dev/null
	@echo "built $(BIN)"

run: build ## the single-machine default: mock Kafka, a scheduler and two workers per cluster, examples/jobs.yaml
	$(BIN) dev --jobs $(JOBS)

test: deps build ## every test: unit, integration (mock Kafka, ZooKeeper, Prometheus), tool checks
	bash .ci/test.sh $(CONFIG)

bench: build ## benchmarks (BenchmarkDotNet) and the load harness; results belong in docs/benchmarks.md
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/KafkaCron.Benchmarks -- --filter '*' --job short --exporters github

load: build ## the load harness: broker, scheduler and workers as processes with sleep jobs; prints the table of docs/load.md
	$(DOTNET) test -c $(CONFIG) --no-build tests/KafkaCron.Integration.Tests --filter "Category=Load" --logger "console;verbosity=detailed"

load-1000: build ## end to end at 1,000 fires/s: broker, scheduler and 2 workers x 8 as processes, 1,000 jobs @every 1s; prints the table of docs/load.md (also a row of make load)
	$(DOTNET) test -c $(CONFIG) --no-build tests/KafkaCron.Integration.Tests --filter "FullyQualifiedName~ThousandFiresPerSecond" --logger "console;verbosity=detailed"

bench-compare: deps build ## KafkaCron's scheduler, Quartz.NET and a bare producer (the floor) side by side on the mock cluster, every one on the scheduler's deployed allocator (jemalloc) (ROWS="1k 10k 100k 100k-spread 100k-elected"); docs/benchmarks.md keeps the table
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/KafkaCron.BenchCompare -- $(ROWS)

console-screenshots: build ## the console's browser tests in headless Chromium, writing their screenshots to docs/console/ (docs/console.md shows them)
	KCRON_SCREENSHOTS=$(CURDIR)/docs/console $(DOTNET) test -c $(CONFIG) --no-build tests/KafkaCron.WebConsole.Tests --filter "Category=Browser"

alertmanager-config: ## render alertmanager/alertmanager.yml (needs KCRON_SMTP_PASSWORD or KCRON_SMTP_PASSWORD_FILE, KCRON_SMTP_USERNAME, KCRON_ALERT_EMAIL_TO, KCRON_DEADMANS_SWITCH_URL)
	bash alertmanager/render-config.sh

fmt: ## format the code
	$(DOTNET) format Pipeline.sln

clean: ## remove build output
	rm -rf artifacts bin

ZK_PORT  ?= 2181
zookeeper: ## a standalone ZooKeeper on localhost:$(ZK_PORT) in the foreground (Ctrl+C stops it), for the README's scheduler replicas (needs make deps)
	@dir=$$(mktemp -d) && printf 'tickTime=2000\ndataDir=%s\nclientPort=$(ZK_PORT)\nadmin.enableServer=false\n' "$$dir" > "$$dir/zoo.cfg" && \
	echo "ZooKeeper on localhost:$(ZK_PORT), data in $$dir" && \
	exec java -Xmx128m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar \
		org.apache.zookeeper.server.quorum.QuorumPeerMain "$$dir/zoo.cfg"

chaos: deps build ## the drill matrix on local processes, each checked against its promise (11 to 13 min on this shared machine); DRILL=name runs one of: brokers-1-of-3-down brokers-2-of-3-down brokers-3-of-3-down leader-moved zookeeper-1-down zookeeper-quorum-lost leader-sigkill leader-sigstop worker-sigkill garbage flood prometheus-down alertmanager-down; ARGS="--compose FILE [--jobs JOBFILE]" runs them on a running compose stack
	bash chaos/matrix.sh $(CONFIG) "$(DRILL)" $(ARGS)
