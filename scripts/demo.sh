#!/usr/bin/env bash
# The product on a local sandbox, from a fresh clone with no install step: creates a throwaway
# project whose environments target a local AWS emulator, validates it and shows what each
# environment resolves to. Runs the committed bundle, exactly as the Claude Code plugin does.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
devops() { node "$repo/dist/cli.js" "$@"; }

project="$(mktemp -d "${TMPDIR:-/tmp}/devops-demo.XXXXXX")"
echo "Demo project: $project"
cd "$project"

echo; echo "\$ devops init --sandbox --project demo-shop"
devops init --sandbox --project demo-shop
echo; echo "\$ devops config validate"
devops config validate
echo; echo "\$ devops config show --env test"
devops config show --env test
echo; echo "\$ devops config show --env production"
devops config show --env production
echo; echo "\$ devops config show --env staging   # unknown environments are refused, never guessed"
set +e
devops config show --env staging
echo "(exit code $?)"
