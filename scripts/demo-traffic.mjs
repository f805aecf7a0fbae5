// A few minutes of real demo traffic for the wallboard and reports: <calls> Local-channel callers
// spread over <minutes>, each pressing 1 (sales) or 2 (support) and staying 15-75 s; some numbers
// call twice (repeat callers), some hang up early while waiting (abandons).
import { placeCall } from './demo-call.mjs';

const calls = Number(process.argv[2] ?? 12);
const minutes = Number(process.argv[3] ?? 3);
if (!(Number.isInteger(calls) && calls >= 1 && calls <= 500)) throw new Error(`calls ${process.argv[2]}: a whole number 1-500`);
if (!(minutes > 0 && minutes <= 120)) throw new Error(`minutes ${process.argv[3]}: above 0, at most 120`);

const callers = ['4930111001', '4930111002', '4930111003', '8610222001', '8610222002', '4420333001'];
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const gapMs = (minutes * 60_000) / calls;
for (let n = 1; n <= calls; n++) {
  const digits = pick(['1', '2']);
  const holdSeconds = 15 + Math.floor(Math.random() * 60);
  const caller = pick(callers);
  await placeCall({ number: '100', digits, caller, holdSeconds });
  console.log(`call ${n}/${calls}: ${caller} presses ${digits}, stays ${holdSeconds} s`);
  if (n < calls) await new Promise((resolve) => setTimeout(resolve, gapMs * (0.5 + Math.random())));
}
