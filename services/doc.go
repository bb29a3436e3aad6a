// Package services is the root of the workload module that holds the api and worker services.
//
// The module depends on the Go standard library only. Each service is its own main package
// (./api and ./worker) and shares code through ./internal/platform. The Docker build context
// is this directory, so an image build never sees the root Pulumi module.
package services
