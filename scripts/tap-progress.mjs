// Turns tap's raw output into one line per test file (and the failures in full) while it runs.
import { createInterface } from 'node:readline';

let block = [];
for await (const line of createInterface({ input: process.stdin })) {
  block.push(line);
  const file = /^(not )?ok \d+ - (\S+)/.exec(line);
  if (!file) continue;
  if (file[1]) {
    console.log(`✘ ${file[2]}`);
    console.log(block.filter((l) => /not ok|^\s+(message|found|wanted|at|stack|error):|^\s{2,}[-+]/.test(l)).join('\n'));
  } else {
    console.log(`✔ ${file[2]}${/# time=(\S+)/.exec(line)?.[1] ? ` (${/# time=(\S+)/.exec(line)[1]})` : ''}`);
  }
  block = [];
}
