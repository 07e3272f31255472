# Duban — make demo / make test do everything on a fresh Debian machine with Swift.
SWIFT ?= swift
DEB_PACKAGES := libsqlite3-dev libxml2-dev pkg-config
DEMO_DB := Exports/duban-demo.sqlite
DUBAN := .build/debug/duban

.PHONY: deps build test demo clean

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

# Build, import every sample in Imports/ into a fresh demo database, write outputs to Exports/.
demo: build
	@mkdir -p Exports
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@for f in Imports/*; do \
	  case "$$f" in *README*) continue;; esac; \
	  echo "== $$f"; \
	  $(DUBAN) --db $(DEMO_DB) import "$$f" || exit 1; \
	done
	@echo; echo "== 已导入的方案 (plans)"; $(DUBAN) --db $(DEMO_DB) plans
	@for id in $$($(DUBAN) --db $(DEMO_DB) plans | cut -f1); do \
	  $(DUBAN) --db $(DEMO_DB) tasks --plan $$id --format csv > Exports/plan-$$id-tasks.csv; \
	done
	@$(DUBAN) --db $(DEMO_DB) units --format csv > Exports/units.csv
	@echo; echo "Demo database: $(DEMO_DB)"; echo "Outputs:"; ls -1 Exports | sed 's/^/  Exports\//'

clean:
	rm -rf .build Exports/*.csv Exports/*.sqlite*
