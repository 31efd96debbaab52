# KafkaCron. `make run` starts the single-machine default; `make test` runs every test. Both install what they need.
DOTNET   ?= dotnet
CONFIG   ?= Release
JOBS     ?= examples/jobs.yaml
BIN      := bin/kcron

.PHONY: help deps restore build run test bench load fmt clean alertmanager-config bench-compare

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

bench-compare: build ## KafkaCron's scheduler and Quartz.NET side by side on the mock cluster (ROWS="1k 10k 100k 100k-spread"); docs/benchmarks.md keeps the table
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/KafkaCron.BenchCompare -- $(ROWS)

alertmanager-config: ## render alertmanager/alertmanager.yml (needs KCRON_SMTP_PASSWORD or KCRON_SMTP_PASSWORD_FILE, KCRON_SMTP_USERNAME, KCRON_ALERT_EMAIL_TO, KCRON_DEADMANS_SWITCH_URL)
	bash alertmanager/render-config.sh

fmt: ## format the code
	$(DOTNET) format Pipeline.sln

clean: ## remove build output
	rm -rf artifacts bin
