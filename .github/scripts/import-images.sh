#!/usr/bin/env bash
# Usage: import-images.sh RELEASE_FILE
#
# Copies the release's images from the registry they were pushed to (the dev registry, named in RELEASE_FILE)
# into the registry of the selected stack with `az acr import`, by digest. An import copies the manifest as it
# is, so the digest in the target registry is the one that was scanned and deployed to dev. The source is
# addressed by resource id, which works across subscriptions and when its public endpoint is closed.
#
# Runs after the pulumi-stack action (Azure CLI signed in, stack selected).
set -euo pipefail

release_file="${1:?usage: import-images.sh RELEASE_FILE}"

if ! target="$(pulumi stack output registryName 2>/dev/null)" || [ -z "${target}" ]; then
  echo "::error::the stack has no registryName output yet: deploy it once first (README.md, "The first deployment of a stack")."
  exit 1
fi
source_id="$(jq --raw-output '.registryId' "${release_file}")"
commit="$(jq --raw-output '.commit' "${release_file}")"

while read -r repository digest; do
  if ! [[ "${digest}" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "::error::${release_file} holds no valid digest for ${repository}: ${digest}"
    exit 1
  fi
  # --force: a re-run imports the same digest under the same tag again.
  az acr import \
    --name "${target}" \
    --registry "${source_id}" \
    --source "${repository}@${digest}" \
    --image "${repository}:${commit}" \
    --force
  echo "imported ${repository}@${digest} into ${target}"
done < <(jq --raw-output '.images[] | "\(.repository) \(.digest)"' "${release_file}")
