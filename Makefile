# Front door: `make` builds everything into build/bin; `make run` starts the local stack; `make test` runs every
# test (unit tests under ctest, then the end-to-end suite) on a sanitizer build.
BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON     ?= /usr/bin/python3
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 600

.PHONY: all build web deps run test test-build unit e2e screenshots bench fuzz format clean

all: build

deps:
	@deploy/install-deps.sh

build: web
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@ln -sf $(BUILD)/compile_commands.json compile_commands.json

# The dashboard's pages (services/dashboard/web, Svelte + Vite) into services/dashboard/web/dist, which wa-dashboard
# serves (DASHBOARD_WEB_DIR). Needs Node.js >= 20.19 with npm; without it the API is built and served all the same.
web:
	@if command -v npm >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a==20&&b>=19)?0:1)'; then \
	  cd services/dashboard/web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build >/dev/null; \
	else echo "make: Node.js >= 20.19 with npm not found: the dashboard's pages are not built (its API is)"; fi

run: deps build
	@deploy/local/stack.sh

$(TEST_BUILD)/CMakeCache.txt:
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWA_SANITIZE=ON >/dev/null

test-build: deps web $(TEST_BUILD)/CMakeCache.txt
	@cmake --build $(TEST_BUILD) -j$(JOBS)

unit: test-build
	@cd $(TEST_BUILD) && ctest --output-on-failure

# E2E_WORKERS stacks run the files side by side (pytest-xdist, a whole file to a worker, in its order; each worker
# its own Redis, PostgreSQL, services and browser): the suite mostly waits on its services, a third of two cores
# busy with one worker, 59 % with two (README, "The suite in two workers"). E2E_WORKERS=0 runs it in one process.
# --durations: the slowest tests and fixtures at the end of every run, so that the suite's time stays visible.
E2E_WORKERS ?= 2
e2e: test-build
	@WA_BIN_DIR=$(CURDIR)/$(TEST_BUILD)/bin $(PYTHON) -m pytest -q -p no:cacheprovider -n $(E2E_WORKERS) --dist loadfile \
	  --durations=25 tests/e2e

# The release build too: `make run` and the benchmarks use it, and -O2 finds warnings the debug build does not.
test: build unit e2e

# The dashboard's screenshots in docs/ (README, "Dashboard"), taken in headless Chromium from the real stack.
screenshots: test-build
	@WA_BIN_DIR=$(CURDIR)/$(TEST_BUILD)/bin $(PYTHON) -m pytest -q -p no:cacheprovider tests/e2e/screenshots_dashboard.py

# Benchmarks print their figures (never assert on them): the ingress beside its own /healthz and a Node.js
# baseline (when npm is available), what an unauthenticated 4 MiB body costs the ingress against a 1 KB one, then
# the whole pipeline with issue 14's multi-tenant mix (bench/e2e.py: 100 and 1,000 webhooks/s, saturation with and
# without Meta's per-number limit, CPU per reply per process group for KB answers with the answer cache cold and
# warm (the steady state) and for the mix, RSS, Redis memory) ending with every goal of issue 14 beside the baseline
# measured in the same run: the code the issue was filed against, built once from git into build/baseline-<commit>
# and run first by its own bench/e2e.py. About 15 minutes on 2 cores; BENCH_* variables (bench/e2e.py's docstring)
# make the runs longer.
bench: deps build
	@if command -v npm >/dev/null 2>&1 && [ ! -d bench/node/node_modules ]; then npm ci --prefix bench/node --no-audit --no-fund; fi
	@bench/ingress.sh $(BUILD)
	@$(PYTHON) bench/unauth.py $(BUILD)
	@BENCH_BASELINE_MEASURE=1 $(PYTHON) bench/e2e.py $(BUILD)
	@$(PYTHON) bench/dashboard/bench.py $(BUILD)
	@$(PYTHON) bench/reports.py $(BUILD)
	@$(PYTHON) bench/broadcast.py $(BUILD)

# libFuzzer (clang) on every parser for FUZZ_SECONDS each; `make test` replays the corpora under the sanitizers.
fuzz:
	@WA_DEPS_EXTRA="clang libclang-rt-14-dev" deploy/install-deps.sh
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DWA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_webhook fuzz_entry fuzz_graph fuzz_gemini fuzz_phone fuzz_openai fuzz_ingress_ids \
		fuzz_query fuzz_signature fuzz_kbcsv fuzz_contacts
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD)
