// Sums the vitest JSON reports given as arguments and prints one line: "N passed, N failed".
// A missing or unreadable report counts as a failure: a suite that did not run must not pass.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A file that failed to load (syntax error, failing beforeAll) has no failed tests of its own.
    failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
    if (r.numTotalTests === 0) {
      console.error(`${file}: ran no test`);
      failed += 1;
    }
  } catch (err) {
    console.error(`${file}: no report (${err.message})`);
    failed += 1;
  }
}
// Gates that are not test suites (typecheck, lint, format, stale OpenAPI) count as one failure each.
for (const gate of (process.env.FAILED_GATES ?? '').split(',').filter(Boolean)) {
  console.error(`gate failed: ${gate}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
