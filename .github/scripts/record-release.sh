#!/usr/bin/env bash
# Usage: record-release.sh STACK MESSAGE
#
# Commits Pulumi.<STACK>.yaml, with the image digests set-image-digests.sh wrote into it, and pushes the commit
# to main before the deployment starts: the stack file on main then names what runs, and a `pulumi up` from that
# commit, or a re-run of the job, deploys the same digests. The message carries "[skip ci]", so the record
# starts no release of its own. When main has moved on meanwhile, the record is replayed on top of it in a
# separate worktree, leaving this checkout (the program that gets deployed) as it is.
#
# Needs a checkout with full history and push credentials (persist-credentials) and `contents: write`.
set -euo pipefail

stack="${1:?usage: record-release.sh STACK MESSAGE}"
message="${2:?usage: record-release.sh STACK MESSAGE}"
file="Pulumi.${stack}.yaml"

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"

git fetch --quiet --no-tags origin main
if git diff --quiet origin/main -- "${file}"; then
  echo "main already records these images in ${file}."
  exit 0
fi

git commit --quiet --message "${message} [skip ci]" -- "${file}"
record="$(git rev-parse HEAD)"

for attempt in 1 2 3; do
  if git push --quiet origin "${record}:refs/heads/main"; then
    echo "recorded ${file} on main in ${record}"
    exit 0
  fi
  echo "main moved on (attempt ${attempt}); replaying the record on top of it"
  git fetch --quiet --no-tags origin main
  worktree="$(mktemp -d)"
  git worktree add --quiet --detach "${worktree}" origin/main
  if ! git -C "${worktree}" cherry-pick "${record}" >/dev/null; then
    git -C "${worktree}" cherry-pick --abort || true
    git worktree remove --force "${worktree}"
    echo "::error::${file} changed on main meanwhile; nothing was deployed. Re-run the job, or release the newer commit."
    exit 1
  fi
  record="$(git -C "${worktree}" rev-parse HEAD)"
  git worktree remove --force "${worktree}"
done

echo "::error::could not push the record of ${file} to main; nothing was deployed."
exit 1
