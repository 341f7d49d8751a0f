#!/usr/bin/env bash
# The one test command (README: `npm test`): type checks, layering, unit tests, root-only kernel
# integration tests, and end-to-end browser tests. Under CI=true a skipped root-only test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npm run -s typecheck
echo "== layering"; node scripts/check-layering.mjs
mkdir -p test-results
# One project at a time: kernel tests and browser tests share the machine's namespaces and two
# cores, and must not race each other.
status=0
for project in unit integration e2e; do
  echo "== $project"
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="test-results/vitest-$project.json" || status=1
done
node scripts/check-skips.mjs test-results/vitest-unit.json test-results/vitest-integration.json test-results/vitest-e2e.json || status=1
exit $status
