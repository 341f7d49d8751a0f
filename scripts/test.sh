#!/usr/bin/env bash
# The one test command (README: `npm test`): type checks, layering, unit tests, root-only kernel
# integration tests, and end-to-end browser tests. Under CI=true a skipped root-only test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npm run -s typecheck
echo "== layering"; node scripts/check-layering.mjs
mkdir -p test-results
echo "== unit, integration, e2e"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
node scripts/check-skips.mjs test-results/vitest.json
