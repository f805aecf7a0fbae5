// Version pinning, digit collection, branching, transfer, text-to-speech and voicemail on real calls.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { type DaemonProcess, eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { adminApi, ivrPathOf, publishFlow } from '../helpers/ivr-api.js';
import { ariRequest } from '../helpers/sandbox.js';

const pinning = (afterSound: string, afterNode: string) => `
name: pinning
start: menu
nodes:
  menu:
    type: menu
    prompts: [{ sound: vm-enter-num-to-call }]
    options: { "1": ${afterNode} }
    timeoutSeconds: 5
    maxAttempts: 2
    onFailure: bye
  ${afterNode}:
    type: play
    prompts: [{ sound: ${afterSound} }]
    next: bye
  bye:
    type: hangup
    prompts: [{ sound: vm-goodbye }]
`;

const EXITS = `
name: exits
start: account
nodes:
  account:
    type: collect
    prompts: [{ sound: vm-enter-num-to-call }]
    variable: account
    minDigits: 3
    maxDigits: 6
    terminator: "#"
    timeoutSeconds: 5
    maxAttempts: 2
    next: route
    onFailure: bye
  route:
    type: branch
    conditions:
      - { variable: account, startsWith: "9", next: leave-message }
    otherwise: agent
  agent:
    type: transfer
    to: "2001"
    route: test
    onError: bye
  leave-message:
    type: voicemail
    mailbox: sales
    maxSeconds: 5
    beep: true
    prompts: [{ say: "Please leave a message for account \${account}" }]
  bye:
    type: hangup
`;

const dir = t.testdir();
const dbPath = join(dir, 'exits.db');
let daemon: DaemonProcess;
let callers: CallerApp;

t.before(async () => {
  daemon = spawnDaemon({
    dbPath,
    port: await freePort(),
    env: { SWITCHBOARD_TRANSFER_ROUTES: 'internal,test' },
  });
  await daemon.waitReady();
  callers = await CallerApp.connect();
});
t.teardown(async () => {
  await callers?.close();
  await daemon?.kill('SIGTERM');
});

async function callRow(callerNumber: string) {
  return eventually(`the call from ${callerNumber}`, async () => (await callsFrom(daemon, callerNumber))[0]);
}

t.test(
  'a call inside version 1 finishes on it while version 2 is published; the next call gets 2',
  async (t) => {
    const flowId = await publishFlow(daemon, 'pinning', pinning('auth-thankyou', 'after'), '300');
    const first = await callers.call('300', '5558001');
    await callers.playbackStarted(first.inbound, 'sound:vm-enter-num-to-call');
    await adminApi(daemon, 'PUT', `/api/flows/${flowId}`, { source: pinning('tt-weasels', 'after-v2') });
    await adminApi(daemon, 'POST', `/api/flows/${flowId}/publish`, { note: 'v2 while a call is in v1' });
    await callers.press(first.caller, '1');
    await callers.playbackStarted(first.inbound, 'sound:vm-goodbye').catch((err) => {
      t.comment(
        `heard: ${callers.playbacksOn(first.inbound).join(' ')}; events: ${callers.events
          .filter(
            (e) => e.channel?.id === first.inbound || e.playback?.target_uri === `channel:${first.inbound}`,
          )
          .map((e) => `${e.type}${e.digit ?? ''}`)
          .join(' ')}`,
      );
      throw err;
    });
    t.same(
      callers.playbacksOn(first.inbound),
      ['sound:vm-enter-num-to-call', 'sound:auth-thankyou', 'sound:vm-goodbye'],
      'heard version 1',
    );
    const firstPath = await ivrPathOf(daemon, (await callRow('5558001')).id);
    t.equal(firstPath.version, 1);
    t.same(
      firstPath.steps.map((s) => s.node),
      ['menu', 'after', 'bye'],
    );

    const second = await callers.call('300', '5558002');
    await callers.playbackStarted(second.inbound, 'sound:vm-enter-num-to-call');
    await callers.press(second.caller, '1');
    await callers.playbackStarted(second.inbound, 'sound:vm-goodbye');
    t.same(
      callers.playbacksOn(second.inbound),
      ['sound:vm-enter-num-to-call', 'sound:tt-weasels', 'sound:vm-goodbye'],
      'heard version 2',
    );
    const secondPath = await ivrPathOf(daemon, (await callRow('5558002')).id);
    t.equal(secondPath.version, 2);
    t.same(
      secondPath.steps.map((s) => s.node),
      ['menu', 'after-v2', 'bye'],
    );
  },
);

t.test(
  'collected digits branch to a transfer through a dialplan route; the call leaves the app',
  async (t) => {
    await publishFlow(daemon, 'exits', EXITS, '400');
    const call = await callers.call('400', '5558003');
    await callers.playbackStarted(call.inbound, 'sound:vm-enter-num-to-call');
    await callers.press(call.caller, '1234#');
    const row = await eventually('the call to leave the app', async () => {
      const found = (await callsFrom(daemon, '5558003'))[0];
      return found?.endedAt ? found : undefined;
    });
    t.equal(row.endedBy, 'transferred');
    t.match(row.hangupCauseText, /left the app: switchboard-route-test,2001/);
    const path = await ivrPathOf(daemon, row.id);
    t.equal(path.variables.account, '1234');
    t.same(path.steps.map((s) => `${s.node}:${s.outcome}`).slice(0, 2), [
      'account:collected',
      'route:no condition matched',
    ]);
    t.match(path.exit, { kind: 'transfer', to: '2001', route: 'test' });
    await callers.hangup(call.caller);
  },
);

t.test(
  'a 9-account leaves a voicemail after a spoken prompt; the recording is stored with the call',
  async (t) => {
    const call = await callers.call('400', '5558004');
    await callers.playbackStarted(call.inbound, 'sound:vm-enter-num-to-call');
    await callers.press(call.caller, '987#');
    const spoken = await callers.waitFor(
      'the synthesised prompt',
      (e) =>
        e.type === 'PlaybackStarted' &&
        e.playback?.target_uri === `channel:${call.inbound}` &&
        /\/tts\/[0-9a-f]+$/.test(e.playback.media_uri),
    );
    t.ok(spoken, 'text-to-speech played through Asterisk');
    await callers.waitFor('the recording to start', (e) => e.type === 'RecordingStarted', 15_000);
    // The caller speaks: a 2.9 s recording played from the caller's side into the call.
    await ariRequest('POST', `/channels/${call.caller}/play`, {
      query: { media: 'sound:tt-weasels', playbackId: `speak-${call.caller}` },
    });
    await new Promise((r) => setTimeout(r, 3200));
    await callers.hangup(call.caller);
    const row = await callRow('5558004');
    const voicemail = await eventually('the voicemail row', () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db
          .prepare('select mailbox, recording_name as name from voicemails where call_id = ?')
          .get(row.id) as { mailbox: string; name: string } | undefined;
      } finally {
        db.close();
      }
    });
    t.equal(voicemail.mailbox, 'sales');
    const file = join(process.env.SWITCHBOARD_ASTERISK_SPOOL_DIR ?? '', 'recording', `${voicemail.name}.wav`);
    // 8 kHz 16-bit mono: about 16 kB a second of speech.
    t.ok(
      statSync(file).size > 30_000,
      `recording ${file} holds the caller's words (${statSync(file).size} bytes)`,
    );
    const path = await ivrPathOf(daemon, row.id);
    t.match(path.exit, { kind: 'voicemail', mailbox: 'sales' });
  },
);
