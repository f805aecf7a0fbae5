// With no ARI websocket connected for the app, Stasis() fails and the inbound
// dialplan must answer, apologise and hang up: never dead air, no channel left.
// Observed for real: AMI events over a raw TCP socket plus ARI channel variables.
import { connect, type Socket } from 'node:net';
import t from 'tap';
import {
  AriError,
  ariRequest,
  channelVariable,
  listChannels,
  originateTestCaller,
  sandboxEnv,
  waitFor,
} from '../helpers/sandbox.js';

type AmiMessage = Record<string, string>;

/** Just enough AMI to log in and collect events; no library in between. */
class RawAmi {
  readonly messages: AmiMessage[] = [];
  private buffer = '';

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
  }

  static async login(): Promise<RawAmi> {
    const env = sandboxEnv();
    const socket = connect(env.amiPort, env.amiHost);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const ami = new RawAmi(socket);
    socket.write(
      `Action: Login\r\nActionID: login\r\nUsername: ${env.amiUser}\r\nSecret: ${env.amiPassword}\r\n` +
        'Events: call,dialplan\r\n\r\n',
    );
    const reply = await waitFor(() => ami.find((m) => m.ActionID === 'login'), 5000, 'the AMI login reply');
    if (reply.Response !== 'Success') throw new Error(`AMI login refused: ${reply.Message ?? ''}`);
    return ami;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\r\n\r\n'); end >= 0; end = this.buffer.indexOf('\r\n\r\n')) {
      const message: AmiMessage = {};
      for (const line of this.buffer.slice(0, end).split('\r\n')) {
        const colon = line.indexOf(': ');
        if (colon > 0) message[line.slice(0, colon)] = line.slice(colon + 2);
      }
      this.messages.push(message);
      this.buffer = this.buffer.slice(end + 4);
    }
  }

  find(match: (m: AmiMessage) => boolean): AmiMessage | undefined {
    return this.messages.find(match);
  }

  close(): void {
    this.socket.end('Action: Logoff\r\n\r\n');
    this.socket.destroy();
  }
}

/**
 * Waits until Asterisk forgets the app: no websocket and nothing subscribed. A channel or bridge an
 * earlier test's daemon left keeps it registered for a while; if it stays, the failure names them.
 */
async function assertNoAppConnected(app: string): Promise<void> {
  await waitFor(
    async () => {
      try {
        const held = (await ariRequest('GET', `/applications/${encodeURIComponent(app)}`)) as {
          channel_ids?: string[];
          bridge_ids?: string[];
        };
        throw new Error(
          `still registered: channels ${JSON.stringify(held.channel_ids ?? [])}, bridges ${JSON.stringify(held.bridge_ids ?? [])}`,
        );
      } catch (error) {
        if (error instanceof AriError && error.status === 404) return true;
        throw error;
      }
    },
    30_000,
    `no ARI websocket for app "${app}" (GET /applications/${app} must be 404; stop the daemon first)`,
  );
}

t.test('no daemon connected: the caller hears an apology and is hung up', async (t) => {
  const { ariApp } = sandboxEnv();
  await assertNoAppConnected(ariApp);
  const ami = await RawAmi.login();
  t.teardown(() => ami.close());

  const callerNumber = `+49170${Date.now() % 10_000_000}`;
  const caller = await originateTestCaller({
    did: '+4930555000',
    callerNumber,
    digits: '1',
    holdSeconds: 10,
  });
  const inbound = caller.inboundChannelId;

  t.equal(
    await waitFor(
      () => channelVariable(inbound, 'SWITCHBOARD_FALLBACK'),
      5000,
      'SWITCHBOARD_FALLBACK on the live channel',
    ),
    '1',
    'fallback flag set on the inbound channel while it lives',
  );
  t.equal(
    await channelVariable(inbound, 'CALLERID(num)'),
    callerNumber,
    'inbound half carries the caller number',
  );

  const stasis = await waitFor(
    () => ami.find((m) => m.Event === 'Newexten' && m.Uniqueid === inbound && m.Application === 'Stasis'),
    5000,
    'Stasis() to run',
  );
  t.equal(stasis.AppData, `${ariApp},inbound,+4930555000`, 'Stasis was tried first, with the DID');
  const playback = await waitFor(
    () => ami.find((m) => m.Event === 'Newexten' && m.Uniqueid === inbound && m.Application === 'Playback'),
    5000,
    'the apology Playback',
  );
  t.equal(playback.AppData, 'im-sorry&please-try-call-later', 'apology from the core sounds');
  t.equal(playback.Context, 'switchboard-inbound');

  for (const id of [inbound, caller.callerChannelId]) {
    await waitFor(
      () => ami.find((m) => m.Event === 'Hangup' && m.Uniqueid === id),
      15_000,
      `Hangup of ${id}`,
    );
  }
  const inboundHangup = ami.find((m) => m.Event === 'Hangup' && m.Uniqueid === inbound);
  const hungUpByDialplan = ami.find(
    (m) => m.Event === 'Newexten' && m.Uniqueid === inbound && m.Application === 'Hangup',
  );
  t.ok(hungUpByDialplan, 'the inbound dialplan hung up after the apology');
  t.equal(inboundHangup?.Cause, '16', 'normal clearing');

  const left = (await listChannels()).filter((c) => c.id === inbound || c.id === caller.callerChannelId);
  t.same(left, [], 'no channel left behind');
});

t.test('a DID like "500&9" is refused, never handed to Stasis', async (t) => {
  const ami = await RawAmi.login();
  t.teardown(() => ami.close());
  // Straight into the inbound context, as a carrier would send it (SIP allows '&' in a user part).
  const id = `test-reject-${Date.now()}`;
  await ariRequest('POST', '/channels', {
    body: {
      endpoint: 'Local/500&9@switchboard-inbound/n',
      context: 'switchboard-test-caller',
      extension: 's',
      priority: 1,
      channelId: `${id}-b`,
      otherChannelId: `${id}-b-in`,
    },
  });
  const hangup = await waitFor(
    () =>
      ami.find((m) => m.Event === 'Newexten' && m.Uniqueid === `${id}-b-in` && m.Application === 'Hangup'),
    5000,
    'the reject branch',
  );
  t.equal(hangup.AppData, '1', 'hung up as unallocated number');
  t.notOk(
    ami.find((m) => m.Event === 'Newexten' && m.Uniqueid === `${id}-b-in` && m.Application === 'Stasis'),
    'Stasis never ran',
  );
  await waitFor(
    async () => !(await listChannels()).some((c) => c.id.startsWith(id)),
    10_000,
    'the rejected call to be gone',
  );
});
