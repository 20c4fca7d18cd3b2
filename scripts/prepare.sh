#!/usr/bin/env bash
# What both the demo and the test suite need on a fresh machine: a recent Node.js, the npm dependencies
# (reinstalled only when package-lock.json changes) and the real tools (Terraform, the provider mirror,
# moto's server; see setup-test-tools.sh). Idempotent and cached.
set -euo pipefail
cd "$(dirname "$0")/.."

required_node="20.19.0"
node -e "
  const [a, b] = [process.versions.node, '$required_node'].map((v) => v.split('.').map(Number));
  const older = a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));
  if (older) { console.error('devops needs Node.js >= $required_node (found ' + process.versions.node + ')'); process.exit(1); }
"

# npm dependencies (including Claude Code, whose validator the plugin tests run).
stamp=node_modules/.devops-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

bash scripts/setup-test-tools.sh
