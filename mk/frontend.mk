# Front end (issue 13). Included by the main Makefile: `-include mk/*.mk`.
#   make frontend-build   npm ci when the lock changed, then build frontend/dist when a source changed
#   make api              write both OpenAPI documents and regenerate frontend/src/api/generated/
#   make test-frontend    stale generated types fail, then vue-tsc and Vitest (part of `make test`)
#   make bench-frontend   storefront JS size and time to the first menu item -> bench/results/frontend.json
FRONTEND     := frontend
NPM_STAMP    := $(FRONTEND)/node_modules/.installed
# The documents are written with the test settings so that the output never depends on a .env.
SPECTACULAR  := DJANGO_SETTINGS_MODULE=config.settings.test $(PYTHON) manage.py spectacular
FRONTEND_SRC := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
                $(wildcard $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig*.json)

.PHONY: frontend-deps frontend-build api api-check test-frontend bench-frontend

frontend-deps: $(NPM_STAMP)

$(NPM_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20.19+ with npm is required for the front end" >&2; exit 1; }
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend-build: $(FRONTEND)/dist/index.html ## build frontend/dist if it is missing or older than a source

$(FRONTEND)/dist/index.html: $(NPM_STAMP) $(FRONTEND_SRC)
	cd $(FRONTEND) && npm run build --silent

api: venv frontend-deps ## write the brand and platform OpenAPI documents, regenerate the typed API client
	@mkdir -p $(FRONTEND)/openapi
	$(SPECTACULAR) --urlconf config.urls_tenant --file $(FRONTEND)/openapi/brand.yaml
	$(SPECTACULAR) --urlconf config.urls_public --file $(FRONTEND)/openapi/platform.yaml
	cd $(FRONTEND) && npm run api --silent

api-check: venv frontend-deps
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  $(SPECTACULAR) --urlconf config.urls_tenant --file "$$tmp/brand.yaml" && \
	  $(SPECTACULAR) --urlconf config.urls_public --file "$$tmp/platform.yaml" && \
	  cd $(FRONTEND) && node scripts/generate-api.mjs --from "$$tmp" --check

test-frontend: api-check ## stale API types fail; vue-tsc (strict) and Vitest
	cd $(FRONTEND) && npm run typecheck --silent && npx vitest run

bench-frontend: venv services frontend-build ## storefront and console JS gzip size, time to first menu item (cold/warm) vs the menu API, kitchen board with 200 orders at 20 events/s (longest frame) -> bench/results/frontend.json
	$(PYTHON) bench/frontend.py $(BENCH_ARGS)
