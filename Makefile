# Duban — make demo / make test do everything on a fresh Debian machine with Swift.
SWIFT ?= swift
DEB_PACKAGES := libsqlite3-dev libxml2-dev pkg-config poppler-utils
DEMO_DB := Exports/duban-demo.sqlite
DUBAN := .build/debug/duban

.PHONY: deps build test demo e2e bench soak fuzz clean

# Install the Debian packages that are missing (apt-get update only when something is).
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Build, import every sample in Imports/ into a fresh demo database (the Word plan first, so its
# task ids are its seq numbers), record a quarter of sample progress, write reports to Exports/.
demo: build
	@mkdir -p Exports
	@rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm Exports/*.csv Exports/*.html Exports/*.xlsx Exports/forms Exports/notices
	@for f in Imports/*.docx Imports/*.txt Imports/*.pdf; do \
	  echo "== $$f"; \
	  $(DUBAN) --db $(DEMO_DB) import "$$f" | head -4 || exit 1; \
	done
	@echo; echo "== 已导入的方案 (plans)"; $(DUBAN) --db $(DEMO_DB) plans
	@echo; echo "== 演示进展"; DUBAN=$(DUBAN) bash scripts/demo-progress.sh $(DEMO_DB)
	@echo; echo "== 季度报告 2018Q3"
	@$(DUBAN) --db $(DEMO_DB) report --quarter 2018Q3 --plan 1 --out Exports
	@echo; echo "== 催办通知"
	@$(DUBAN) --db $(DEMO_DB) notices --as-of 2018-10-08 --plan 1 --out Exports/notices
	@echo; echo "== 反馈表"
	@$(DUBAN) --db $(DEMO_DB) forms export --plan 1 --as-of 2018-09-30 --out Exports/forms | tail -1
	@for id in $$($(DUBAN) --db $(DEMO_DB) plans | cut -f1); do \
	  $(DUBAN) --db $(DEMO_DB) tasks --plan $$id --as-of 2018-09-30 --format csv > Exports/plan-$$id-tasks.csv; \
	done
	@echo; echo "Demo database: $(DEMO_DB)"; echo "Outputs in Exports/:"; \
	  find Exports -type f ! -name README.md ! -name '*.sqlite*' | sort | sed 's/^/  /'

# End-to-end in a real browser: serve on a loopback port, drive it with headless Chromium
# (Debian chromium + chromium-driver, selenium in a local venv). Screenshots: Exports/e2e/.
E2E_VENV := .venv-e2e
e2e: build
	@missing=""; for p in chromium chromium-driver fonts-noto-cjk; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; fi
	@[ -x $(E2E_VENV)/bin/python ] || python3 -m venv $(E2E_VENV)
	@$(E2E_VENV)/bin/python -c "import selenium" 2>/dev/null || $(E2E_VENV)/bin/pip install -q "selenium>=4.20,<5"
	$(E2E_VENV)/bin/python Tests/e2e/e2e.py

# Soak tests that take minutes (SIGKILL during import x50; 32 concurrent writers x 500).
soak: build
	@dpkg -s sqlite3 >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq sqlite3)
	bash scripts/soak.sh

# Fuzz every reader (FUZZ_SECONDS each, default 600) from the fixtures. Coverage-guided with
# libFuzzer + AddressSanitizer (a separate build in .build-fuzz, linked with the toolchain's lld);
# if that build fails, the corpus-mutation loop of duban-fuzz instead. Crashing, hanging (over
# 30 s) and out-of-memory inputs are kept in Tests/DubanCoreTests/Fixtures/crashers/ and become
# regression tests. FUZZ_READERS=pdf-words fuzzes the PDF reader from pdftotext's word boxes of
# the fixture PDFs; FUZZ_READERS=html-diff checks instead that the HTML reader's own tokenizer
# builds libxml2's document for every input it takes (a difference is a crash).
FUZZ_SECONDS ?= 600
FUZZ_READERS ?= docx xlsx html csv text form pdf-words
FUZZ_FLAGS = -c release --product duban-fuzz --scratch-path .build-fuzz \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld -Xswiftc -DDUBAN_LIBFUZZER
fuzz: deps
	@mkdir -p .fuzz Tests/DubanCoreTests/Fixtures/crashers
	@if $(SWIFT) build $(FUZZ_FLAGS); then \
	  for r in $(FUZZ_READERS); do \
	    case $$r in text) ext=txt;; html-diff|pdf-words) ext=html;; *) ext=$$r;; esac; \
	    mkdir -p .fuzz/corpus-$$r .fuzz/artifacts-$$r; \
	    cp ../shared/fixtures/guandu-2018/*.$$ext ../shared/seeds/*.$$ext .fuzz/corpus-$$r/ 2>/dev/null; \
	    if [ $$r = form ]; then cp Tests/DubanCoreTests/Fixtures/forms/* .fuzz/corpus-$$r/; fi; \
	    if [ $$r = pdf-words ]; then for f in Tests/DubanCoreTests/Fixtures/layouts/*.pdf; do \
	      pdftotext -bbox-layout -enc UTF-8 -q "$$f" .fuzz/corpus-$$r/$$(basename "$$f" .pdf).html; done; fi; \
	    echo "libFuzzer: $$r for $(FUZZ_SECONDS) s"; \
	    ASAN_OPTIONS=detect_leaks=0 DUBAN_FUZZ_READER=$$r timeout $$(( $(FUZZ_SECONDS) + 120 )) \
	      .build-fuzz/release/duban-fuzz .fuzz/corpus-$$r -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
	      -rss_limit_mb=2048 -artifact_prefix=.fuzz/artifacts-$$r/ -print_final_stats=1 >.fuzz/$$r.log 2>&1; \
	    grep -E "^(Done |stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" .fuzz/$$r.log | tr '\n' ' '; echo; \
	    for f in .fuzz/artifacts-$$r/*; do \
	      [ -f "$$f" ] || continue; \
	      cp "$$f" Tests/DubanCoreTests/Fixtures/crashers/crash-$$r-$$(sha256sum "$$f" | cut -c1-12).$$ext; \
	      echo "crasher kept: $$f (see .fuzz/$$r.log)"; \
	    done; \
	  done; \
	else \
	  echo "the libFuzzer build failed: using the corpus-mutation loop instead"; \
	  $(SWIFT) build -c release --product duban-fuzz || exit 1; \
	  for r in $(FUZZ_READERS); do \
	    seeds=../shared/fixtures/guandu-2018; if [ $$r = form ]; then seeds=Tests/DubanCoreTests/Fixtures/forms; fi; \
	    if ! timeout $$(( $(FUZZ_SECONDS) + 60 )) .build/release/duban-fuzz $$r $(FUZZ_SECONDS) $$seeds .fuzz; then \
	      f=$$(ls .fuzz/current-$$r.* 2>/dev/null | head -1); \
	      [ -n "$$f" ] && cp "$$f" Tests/DubanCoreTests/Fixtures/crashers/crash-$$r-$$(sha256sum "$$f" | cut -c1-12).$${f##*.} && echo "crasher kept: $$f"; \
	    fi; \
	  done; \
	fi

# Benchmarks (release build; figures go to BENCHMARKS.md; never part of CI).
bench: deps
	bash bench/run.sh

clean:
	rm -rf .build Exports/*.csv Exports/*.html Exports/*.xlsx Exports/*.sqlite* Exports/forms Exports/notices
