# gongkai — the front door. The real build is Meson (meson.build); these
# targets install what is missing, build, and run.
#   make run    set up a fresh Debian machine, build, create the demo database, serve
#   make test   set up the same way and run every test; ends with "N passed, N failed"
#   make bench  build optimised and print the benchmarks' figures
#   make fuzz   every libFuzzer target for SECONDS each (default 60)
#   make mutate the mutation table (tests/mutate/mutations.tsv): kill rate and survivors
#   make scan   the clang static analyzer (zero findings)
.PHONY: all build run test bench fuzz mutate scan clean deps

BUILD_REL  := build/release
BUILD_TEST := build/test

all: build

deps:
	@scripts/deps.sh all

$(BUILD_REL)/build.ninja:
	@scripts/deps.sh build
	meson setup $(BUILD_REL) --buildtype=release -Dtests=false >/dev/null

build: $(BUILD_REL)/build.ninja
	@ninja -C $(BUILD_REL) >/dev/null

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

fuzz:
	@scripts/fuzz.sh $(SECONDS)

mutate:
	@python3 scripts/mutate.py $(ROWS)

scan:
	@scripts/scan.sh

clean:
	rm -rf build
