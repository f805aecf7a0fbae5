import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DaemonProcess } from '../helpers/daemon.js';
import { adminApi, publishFlow, queueOnlyFlow } from '../helpers/ivr-api.js';

/** A queue "support" on DID `did` with agent alice (a Local channel that answers), available. */
export async function supportQueueWithAlice(daemon: DaemonProcess, did: string): Promise<void> {
  await adminApi(daemon, 'PUT', '/api/acd/queues/support', {
    name: 'Support',
    requiredSkills: [{ skill: 'english', minLevel: 1 }],
    priority: 0,
    strategy: 'longest-idle',
    serviceLevelSeconds: 20,
    wrapUpSeconds: 1,
    ringTimeoutSeconds: 5,
  });
  await publishFlow(daemon, 'to-support', queueOnlyFlow('support', '    skills: [english]\n'), did);
  await adminApi(daemon, 'PUT', '/api/agents/alice', {
    name: 'Alice',
    skills: { english: 5 },
    queues: ['support'],
    device: 'Local/alice@switchboard-test-agent/n',
  });
  await adminApi(daemon, 'POST', '/api/agents/alice/state', { state: 'available' });
}

/**
 * Text spoken by espeak-ng as an 8 kHz WAV in the sandbox's prompts directory; returns the
 * sound: URI Asterisk plays it by, and its length.
 */
export function speak(workDir: string, name: string, text: string): { sound: string; ms: number } {
  const hostDir = join(process.env.SWITCHBOARD_PROMPTS_DIR ?? '', 'test-stt');
  const asteriskDir = join(process.env.SWITCHBOARD_ASTERISK_PROMPTS_DIR ?? '', 'test-stt');
  mkdirSync(hostDir, { recursive: true });
  const raw = join(workDir, `${name}-raw.wav`);
  const wav = join(hostDir, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '120', '-w', raw, text]);
  execFileSync('sox', ['-V1', raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', wav]);
  const seconds = Number(execFileSync('soxi', ['-D', wav]).toString().trim());
  return { sound: `sound:${join(asteriskDir, name)}`, ms: Math.round(seconds * 1000) };
}
