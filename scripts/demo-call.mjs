// Places a real call into the product through the demo Asterisk: a Local-channel caller dials
// <number>, presses <digits> a second after the answer, stays 20 s, hangs up (dialplan/README.md).
import { randomUUID } from 'node:crypto';

const [number, digits = ''] = process.argv.slice(2);
if (!/^[+*#0-9]+$/.test(number ?? '')) throw new Error(`number ${JSON.stringify(number)}: digits, + * # only`);
if (!/^[0-9*#w]*$/.test(digits)) throw new Error(`digits ${JSON.stringify(digits)}: 0-9 * # and w (half-second pause) only`);
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
    callerId: '5550100',
    variables: { SWITCHBOARD_TEST_CALLER: '5550100', SWITCHBOARD_TEST_DIGITS: digits, SWITCHBOARD_TEST_HOLD: '20' },
  }),
});
if (!res.ok) throw new Error(`Asterisk refused the call: ${res.status} ${await res.text()}`);
console.log(`calling ${number} from 5550100 (channel ${id}-in); it hangs up in about 20 s`);
