// Under CI=true a skipped root-only (*.integration.test.ts) test is a failure, not a pass.
// Prints the plain closing line CI reads: "N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const reports = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const ci = process.env.CI === 'true' || process.env.CI === '1';
let passed = 0, failed = 0, skipped = 0;
const badSkips = [];
for (const file of reports.flatMap((r) => r.testResults)) {
  for (const t of file.assertionResults) {
    if (t.status === 'passed') passed++;
    else if (t.status === 'failed') failed++;
    else {
      skipped++;
      if (file.name.endsWith('.integration.test.ts')) badSkips.push(`${file.name}: ${t.fullName}`);
    }
  }
}
if (ci && badSkips.length) {
  console.error(`CI=true: ${badSkips.length} root-only test(s) were skipped; that is a failure:`);
  for (const s of badSkips.slice(0, 20)) console.error(`  ${s}`);
  failed += badSkips.length;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || reports.some((r) => r.success === false) ? 1 : 0);
