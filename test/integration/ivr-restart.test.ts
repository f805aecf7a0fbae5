// The daemon dies (SIGKILL) while a caller is in a menu: the restarted daemon adopts the call and
// walks the same flow version again from the top, keeping the path so far.
import { join } from 'node:path';
import t from 'tap';
import { CallerApp } from '../helpers/caller-app.js';
import { callsFrom } from '../helpers/calls-api.js';
import { eventually, freePort, spawnDaemon } from '../helpers/daemon.js';
import { ivrPathOf, publishFlow } from '../helpers/ivr-api.js';

const FLOW = `
name: resume
start: menu
nodes:
  menu:
    type: menu
    prompts: [{ sound: vm-enter-num-to-call }]
    options: { "1": thanks }
    timeoutSeconds: 5
    maxAttempts: 3
    onFailure: bye
  thanks:
    type: play
    prompts: [{ sound: auth-thankyou }]
    next: bye
  bye:
    type: hangup
    prompts: [{ sound: vm-goodbye }]
`;

t.test('a caller in the menu hears it again from the restarted daemon and goes on', async (t) => {
  const dbPath = join(t.testdir(), 'resume.db');
  const port = await freePort();
  const first = spawnDaemon({ dbPath, port });
  await first.waitReady();
  await publishFlow(first, 'resume', FLOW, '500');
  const callers = await CallerApp.connect();
  t.teardown(() => callers.close());

  const call = await callers.call('500', '5559001');
  await callers.playbackStarted(call.inbound, 'sound:vm-enter-num-to-call');
  await first.kill('SIGKILL');
  const second = spawnDaemon({ dbPath, port });
  t.teardown(() => second.kill('SIGTERM'));
  await second.waitReady();
  await callers.playbackStarted(call.inbound, 'sound:vm-enter-num-to-call', 2);
  await callers.press(call.caller, '1');
  await callers.playbackStarted(call.inbound, 'sound:vm-goodbye');

  const row = await eventually('the call to end', async () => {
    const found = (await callsFrom(second, '5559001'))[0];
    return found?.endedAt ? found : undefined;
  });
  const path = await ivrPathOf(second, row.id);
  t.same(
    path.steps.map((s) => `${s.node}:${s.outcome}`),
    ['menu:interrupted by a daemon restart', 'menu:option 1', 'thanks:played', 'bye:hung up'],
  );
  t.equal(path.version, 1, 'the same version');
  t.equal((await callsFrom(second, '5559001')).length, 1, 'one call row');
  t.equal(row.endedBy, 'daemon');
});
