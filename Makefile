# Front door: `make` builds everything into build/bin; `make run` starts the local stack; `make test` runs every
# test (unit tests under ctest, then the end-to-end suite) on a sanitizer build.
BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON     ?= /usr/bin/python3

.PHONY: all build deps run test test-build unit e2e format clean

all: build

deps:
	@deploy/install-deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@ln -sf $(BUILD)/compile_commands.json compile_commands.json

run: deps build
	@deploy/local/stack.sh

$(TEST_BUILD)/CMakeCache.txt:
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWA_SANITIZE=ON >/dev/null

test-build: deps $(TEST_BUILD)/CMakeCache.txt
	@cmake --build $(TEST_BUILD) -j$(JOBS)

unit: test-build
	@cd $(TEST_BUILD) && ctest --output-on-failure

e2e: test-build
	@WA_BIN_DIR=$(CURDIR)/$(TEST_BUILD)/bin $(PYTHON) -m pytest -q -p no:cacheprovider tests/e2e

test: unit e2e

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(TEST_BUILD)
