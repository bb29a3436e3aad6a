# One entry point for the common tasks; the README and the CI workflows call these targets.
GO ?= go
STACK ?= dev

.PHONY: test test-services vet fmt-check preview docs bench ci

## test: the whole test suite: the Pulumi program (offline, under mocks) and the services
test:
	$(GO) test ./...
	cd services && $(GO) test ./...

## vet: go vet over both modules
vet:
	$(GO) vet ./...
	cd services && $(GO) vet ./...

## fmt-check: fail when a Go file is not gofmt-formatted
fmt-check:
	@unformatted="$$(gofmt -l . )"; \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi

## preview: the offline preview of a stack (STACK=dev by default)
preview:
	$(GO) run ./cmd/preview -stack $(STACK)

## docs: regenerate README.md's diagram and config reference
docs:
	$(GO) run ./cmd/gendocs

## bench: the stack evaluation benchmark with 2, 20 and 200 apps
bench:
	$(GO) test ./tests -run '^$$' -bench BenchmarkStack -benchtime 20x -count 3

## ci: everything CI checks
ci: vet fmt-check test
