#!/usr/bin/env bash
# Usage: push-images.sh IMAGE_DIR RELEASE_FILE
#
# Pushes the images the images job built and scanned (IMAGE_DIR/image-<app>.tar, tagged
# secure-aca/<app>:<commit>) to the registry of the selected stack as <app>:<commit>, and writes RELEASE_FILE:
#
#   {"commit": "...", "registryName": "...", "registryId": "/subscriptions/...", "loginServer": "...",
#    "images": [{"app": "api", "repository": "api", "digest": "sha256:..."}]}
#
# Runs after the pulumi-stack action (Azure CLI signed in, stack selected).
set -euo pipefail

image_dir="${1:?usage: push-images.sh IMAGE_DIR RELEASE_FILE}"
release_file="${2:?usage: push-images.sh IMAGE_DIR RELEASE_FILE}"
commit="${GITHUB_SHA:?GITHUB_SHA is not set}"

if ! registry_name="$(pulumi stack output registryName 2>/dev/null)" || [ -z "${registry_name}" ]; then
  echo "::error::the stack has no registryName output yet: deploy it once first (README.md, "The first deployment of a stack")."
  exit 1
fi
login_server="$(pulumi stack output registryLoginServer)"
registry_id="$(az acr show --name "${registry_name}" --query id --output tsv)"
az acr login --name "${registry_name}"

images='[]'
for archive in "${image_dir}"/image-*.tar; do
  app="$(basename "${archive}" .tar)"
  app="${app#image-}"
  local_tag="secure-aca/${app}:${commit}"
  remote_tag="${login_server}/${app}:${commit}"

  docker load --quiet --input "${archive}"
  docker tag "${local_tag}" "${remote_tag}"
  docker push --quiet "${remote_tag}"

  digest=""
  while read -r repo_digest; do
    if [ "${repo_digest%@*}" = "${login_server}/${app}" ]; then
      digest="${repo_digest#*@}"
    fi
  done < <(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "${remote_tag}")
  if ! [[ "${digest}" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "::error::no digest recorded for ${remote_tag} after the push"
    exit 1
  fi
  echo "pushed ${login_server}/${app}@${digest}"

  images="$(jq --compact-output --arg app "${app}" --arg digest "${digest}" \
    '. + [{app: $app, repository: $app, digest: $digest}]' <<<"${images}")"
done

if [ "${images}" = '[]' ]; then
  echo "::error::no image archives in ${image_dir}"
  exit 1
fi

mkdir -p "$(dirname "${release_file}")"
jq --null-input \
  --arg commit "${commit}" \
  --arg registryName "${registry_name}" \
  --arg registryId "${registry_id}" \
  --arg loginServer "${login_server}" \
  --argjson images "${images}" \
  '{commit: $commit, registryName: $registryName, registryId: $registryId, loginServer: $loginServer, images: $images}' \
  >"${release_file}"
