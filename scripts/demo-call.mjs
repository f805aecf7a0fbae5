// Places a real call into the product through the demo Asterisk: a Local-channel caller dials
// <number>, presses <digits> a second after the answer, stays <hold> seconds (20), hangs up
// (dialplan/README.md). Imported by demo-traffic.mjs; run directly by `npm run demo -- call`.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** Starts one call; resolves once Asterisk took it (the call itself goes on by itself). */
export async function placeCall({ number, digits = '', caller = '5550100', holdSeconds = 20 }) {
  if (!/^[+*#0-9]+$/.test(number ?? '')) throw new Error(`number ${JSON.stringify(number)}: digits, + * # only`);
  if (!/^[0-9*#w]*$/.test(digits)) throw new Error(`digits ${JSON.stringify(digits)}: 0-9 * # and w (half-second pause) only`);
  if (!/^\+?[0-9]+$/.test(caller)) throw new Error(`caller ${JSON.stringify(caller)}: digits only`);
  const { SWITCHBOARD_ARI_URL: url, SWITCHBOARD_ARI_USER: user, SWITCHBOARD_ARI_PASSWORD: password } = process.env;
  const id = `demo-caller-${randomUUID()}`;
  const res = await fetch(`${url}/ari/channels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    body: JSON.stringify({
      endpoint: `Local/${number}@switchboard-test-dial/n`,
      context: 'switchboard-test-caller',
      extension: 's',
      priority: 1,
      channelId: id,
      otherChannelId: `${id}-in`,
      callerId: caller,
      variables: { SWITCHBOARD_TEST_CALLER: caller, SWITCHBOARD_TEST_DIGITS: digits, SWITCHBOARD_TEST_HOLD: String(holdSeconds) },
    }),
  });
  if (!res.ok) throw new Error(`Asterisk refused the call: ${res.status} ${await res.text()}`);
  return `${id}-in`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [number, digits = ''] = process.argv.slice(2);
  const channel = await placeCall({ number, digits });
  console.log(`calling ${number} from 5550100 (channel ${channel}); it hangs up in about 20 s`);
}
