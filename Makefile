# One entry point for the common tasks; the README and the CI workflows call these targets.
GO ?= go
STACK ?= dev

# Pinned versions of the tools the checks use; `make tools` installs them into .tools/bin (ignored by git).
# gofumpt is the version golangci-lint's own gofumpt formatter is built with, so the two never disagree.
GOLANGCI_LINT_VERSION := v2.15.0
GOFUMPT_VERSION := v0.12.0
ACTIONLINT_VERSION := v1.7.12
TOOLS_BIN := $(CURDIR)/.tools/bin
GOLANGCI_LINT := $(TOOLS_BIN)/golangci-lint
GOFUMPT := $(TOOLS_BIN)/gofumpt
ACTIONLINT := $(TOOLS_BIN)/actionlint
GOLANGCI_LINT_STAMP := $(TOOLS_BIN)/.golangci-lint@$(GOLANGCI_LINT_VERSION)
GOFUMPT_STAMP := $(TOOLS_BIN)/.gofumpt@$(GOFUMPT_VERSION)
ACTIONLINT_STAMP := $(TOOLS_BIN)/.actionlint@$(ACTIONLINT_VERSION)

# Where `make previews` writes the offline preview of every stack.
PREVIEW_DIR ?= preview

.PHONY: test vet fmt-check preview docs bench checks ci build tools lint actionlint previews

## test: the whole test suite: the Pulumi program (offline, under mocks) and the services
test:
	$(GO) test ./...
	cd services && $(GO) test ./...

## vet: go vet over both modules
vet:
	$(GO) vet ./...
	cd services && $(GO) vet ./...

## build: compile every package of both modules
build:
	$(GO) build ./...
	cd services && $(GO) build ./...

## fmt-check: fail when a Go file of either module is not gofumpt-formatted (gofumpt is stricter than gofmt)
fmt-check: $(GOFUMPT_STAMP)
	@unformatted="$$($(GOFUMPT) -l .)"; \
	if [ -n "$$unformatted" ]; then echo "not gofumpt-formatted (fix with .tools/bin/gofumpt -w FILE):"; \
		echo "$$unformatted"; exit 1; fi

## tools: install the pinned golangci-lint, gofumpt and actionlint into .tools/bin
tools: $(GOLANGCI_LINT_STAMP) $(GOFUMPT_STAMP) $(ACTIONLINT_STAMP)

# A stamp file names the installed version, so changing a pin above reinstalls that tool.
$(GOLANGCI_LINT_STAMP):
	GOBIN=$(TOOLS_BIN) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	rm -f $(TOOLS_BIN)/.golangci-lint@* && touch $@

$(GOFUMPT_STAMP):
	GOBIN=$(TOOLS_BIN) $(GO) install mvdan.cc/gofumpt@$(GOFUMPT_VERSION)
	rm -f $(TOOLS_BIN)/.gofumpt@* && touch $@

$(ACTIONLINT_STAMP):
	GOBIN=$(TOOLS_BIN) $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)
	rm -f $(TOOLS_BIN)/.actionlint@* && touch $@

## lint: golangci-lint over both modules with .golangci.yml; reports the findings of both before failing
lint: $(GOLANGCI_LINT_STAMP)
	@status=0; \
	$(GOLANGCI_LINT) run --config .golangci.yml ./... || status=1; \
	(cd services && $(GOLANGCI_LINT) run --config ../.golangci.yml ./...) || status=1; \
	exit $$status

## actionlint: check the GitHub Actions workflows (and their run: scripts, where shellcheck is installed)
actionlint: $(ACTIONLINT_STAMP)
	$(ACTIONLINT)

## preview: the offline preview of a stack (STACK=dev by default)
preview:
	$(GO) run ./cmd/preview -stack $(STACK)

## previews: every stack's offline preview (text, -json, -policy) into $(PREVIEW_DIR); fails after writing them all
## when a stack's config is invalid or breaks a policy rule at error level
previews:
	@mkdir -p $(PREVIEW_DIR) bin
	$(GO) build -o bin/preview ./cmd/preview
	@status=0; \
	for file in Pulumi.*.yaml; do \
		stack=$${file#Pulumi.}; stack=$${stack%.yaml}; \
		echo "offline preview of $$stack"; \
		bin/preview -stack "$$stack" >"$(PREVIEW_DIR)/$$stack.txt" 2>"$(PREVIEW_DIR)/$$stack.log" || status=1; \
		bin/preview -stack "$$stack" -json >"$(PREVIEW_DIR)/$$stack.json" 2>>"$(PREVIEW_DIR)/$$stack.log" || status=1; \
		bin/preview -stack "$$stack" -policy >"$(PREVIEW_DIR)/$$stack.policy.txt" 2>>"$(PREVIEW_DIR)/$$stack.log" || status=1; \
		awk '!seen[$$0]++' "$(PREVIEW_DIR)/$$stack.log" >"$(PREVIEW_DIR)/$$stack.log.tmp"; \
		mv "$(PREVIEW_DIR)/$$stack.log.tmp" "$(PREVIEW_DIR)/$$stack.log"; \
		cat "$(PREVIEW_DIR)/$$stack.log"; \
	done; \
	exit $$status

## docs: regenerate README.md's generated sections: the diagram, the config reference and the policy table
docs:
	$(GO) run ./cmd/gendocs

## bench: the stack evaluation benchmark with 2, 20 and 200 apps
bench:
	$(GO) test ./tests -run '^$$' -bench BenchmarkStack -benchtime 20x -count 3

## checks: the static checks: vet, fmt-check, lint, actionlint
checks: vet fmt-check lint actionlint

## ci: everything CI checks: the static checks and the test suite
ci: checks test
