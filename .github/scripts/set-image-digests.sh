#!/usr/bin/env bash
# Usage: set-image-digests.sh STACK RELEASE_FILE
#
# Points each app of STACK whose image is in RELEASE_FILE (written by push-images.sh) at that image by digest,
# with `pulumi config set --path`: it removes the app's image.build or image.public and sets image.repository
# and image.digest, the one source the stack config reads ("Who decides the running image" in the README).
# Apps the release has no image for keep their image config.
set -euo pipefail

stack="${1:?usage: set-image-digests.sh STACK RELEASE_FILE}"
release_file="${2:?usage: set-image-digests.sh STACK RELEASE_FILE}"

# pulumi_config VERB ARGS...: `pulumi config VERB --stack STACK ARGS...`
pulumi_config() {
  local verb="$1"
  shift
  pulumi config "${verb}" --stack "${stack}" "$@"
}

set_apps=()
index=0
while name="$(pulumi_config get --path "apps[${index}].name" 2>/dev/null)"; do
  digest="$(jq --raw-output --arg app "${name}" '.images[] | select(.app == $app) | .digest' "${release_file}")"
  repository="$(jq --raw-output --arg app "${name}" '.images[] | select(.app == $app) | .repository' "${release_file}")"
  if [ -n "${digest}" ]; then
    if ! [[ "${digest}" =~ ^sha256:[0-9a-f]{64}$ ]]; then
      echo "::error::${release_file} holds no valid digest for ${name}: ${digest}"
      exit 1
    fi
    for source in build public; do
      if pulumi_config get --path "apps[${index}].image.${source}" >/dev/null 2>&1; then
        pulumi_config rm --path "apps[${index}].image.${source}"
      fi
    done
    pulumi_config set --path "apps[${index}].image.repository" "${repository}"
    pulumi_config set --path "apps[${index}].image.digest" "${digest}"
    echo "${stack}: apps[${index}] (${name}) runs ${repository}@${digest}"
    set_apps+=("${name}")
  fi
  index=$((index + 1))
done

# An image no app runs is a mismatch between services/<app> and the stack's app names.
while read -r app; do
  if ! printf '%s\n' "${set_apps[@]}" | grep --quiet --fixed-strings --line-regexp "${app}"; then
    echo "::warning::${stack} has no app named ${app}; its image was built but is not deployed to ${stack}."
  fi
done < <(jq --raw-output '.images[].app' "${release_file}")
