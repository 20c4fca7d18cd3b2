#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need (scripts/prepare.sh: idempotent,
# cached), type-checks, and runs vitest. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/prepare.sh
echo "test setup: type-checking" >&2
npx --no-install tsc --noEmit
echo "test setup: formatter and linter (biome check)" >&2
npx --no-install biome check .

npx --no-install vitest run "$@"
