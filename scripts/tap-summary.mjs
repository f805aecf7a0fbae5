// Counts the tests in tap's raw output: each file's direct subtests, plus a file that failed
// outside any subtest (a crash before or between tests). Prints "N passed, N failed[, N skipped]".
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2] ?? 0, 'utf8').split('\n');
let passed = 0;
let failed = 0;
let skipped = 0;
let fileFailures = 0;
for (const line of lines) {
  const test = /^ {4}(not )?ok \d+/.exec(line);
  if (test) {
    if (test[1]) {
      failed += 1;
      fileFailures += 1;
    } else if (/# (SKIP|TODO)/i.test(line)) skipped += 1;
    else passed += 1;
    continue;
  }
  const file = /^(not )?ok \d+ - /.exec(line);
  if (file) {
    if (file[1] && fileFailures === 0) failed += 1;
    fileFailures = 0;
  }
}
if (passed + failed === 0) failed = 1; // no test ran: that is a failure, never a green run
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
