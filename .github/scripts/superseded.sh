#!/usr/bin/env bash
# Usage: superseded.sh COMMIT
#
# Writes superseded=true to $GITHUB_OUTPUT when main has moved past COMMIT by a commit that starts a release run
# of its own (any commit but the pipeline's "[skip ci]" records): that newer run deploys instead, so an older
# commit never overwrites a newer one, whatever order the runs finish in. Needs the checkout's full history
# (fetch-depth: 0), which includes origin/main as it was when the job started.
set -euo pipefail

commit="${1:?usage: superseded.sh COMMIT}"

newer="$(git rev-list --first-parent --invert-grep --fixed-strings --grep='[skip ci]' "${commit}..origin/main")"
newer="${newer%%$'\n'*}"

if [ -n "${newer}" ]; then
  echo "::notice::main has moved on to ${newer}; the release run of that commit deploys instead of this one."
  echo "superseded=true" >>"${GITHUB_OUTPUT}"
else
  echo "superseded=false" >>"${GITHUB_OUTPUT}"
fi
