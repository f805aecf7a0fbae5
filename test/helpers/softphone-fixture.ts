import { pino } from 'pino';
import type { Test } from 'tap';
import { AcdAdmin } from '../../cti/acd/acd-admin.js';
import { acdOffers } from '../../cti/acd/schema.js';
import type { AriRest, ConfigField, ConfigObjectRef } from '../../cti/infra/ari/types.js';
import { Softphone } from '../../cti/softphone/softphone-service.js';
import { buildTestApp, type TestApp, type TestAppOverrides, TestClock } from './app.js';

/** ARI push configuration in memory, like Asterisk's memory wizard; records every request. */
export class FakeConfigAri {
  readonly objects = new Map<string, ConfigField[]>();
  readonly requests: string[] = [];
  failWith: string | null = null;

  private key(ref: ConfigObjectRef): string {
    return `${ref.configClass}/${ref.objectType}/${ref.id}`;
  }

  fields(objectType: string, id: string): Record<string, string> | undefined {
    const fields = this.objects.get(`res_pjsip/${objectType}/${id}`);
    return fields && Object.fromEntries(fields.map((f) => [f.attribute, f.value]));
  }

  readonly rest = {
    updateConfigObject: async (ref: ConfigObjectRef, fields: ConfigField[]) => {
      this.requests.push(`PUT ${this.key(ref)}`);
      if (this.failWith) throw new Error(this.failWith);
      this.objects.set(this.key(ref), fields);
      return fields;
    },
    getConfigObject: async (ref: ConfigObjectRef) => {
      this.requests.push(`GET ${this.key(ref)}`);
      return this.objects.get(this.key(ref)) ?? null;
    },
    deleteConfigObject: async (ref: ConfigObjectRef) => {
      this.requests.push(`DELETE ${this.key(ref)}`);
      if (this.failWith) throw new Error(this.failWith);
      return this.objects.delete(this.key(ref));
    },
  } as unknown as AriRest;
}

export interface DesktopFixture extends TestApp {
  ari: FakeConfigAri;
  softphone: Softphone;
  /** What the softphone service logged, one JSON line each (the password must never be here). */
  logLines: string[];
  ariState: { state: string; lastError: string | null };
  admin: AcdAdmin;
  /** A user of role agent linked to a new agent record in queue "support". */
  agentUser(id: string, device?: string): Promise<{ userId: number; headers: Record<string, string> }>;
  /** A call that agent answered (a call row and an answered offer), returning the call id. */
  answeredCall(agentId: string, callerNumber?: string, minutesAgo?: number): number;
}

export async function desktopFixture(t: Test, overrides: TestAppOverrides = {}): Promise<DesktopFixture> {
  const clock = overrides.clock ?? new TestClock();
  const ari = new FakeConfigAri();
  const ariState = { state: 'connected', lastError: null as string | null };
  const logLines: string[] = [];
  let softphone: Softphone | null = null;
  const harness = await buildTestApp(t, {
    ...overrides,
    clock,
    deps: {
      softphone: {
        issue: (agent, session) => softphone!.issue(agent, session),
        sessionEnded: (sessionId) => softphone!.sessionEnded(sessionId),
      },
      ...overrides.deps,
    },
  });
  softphone = new Softphone({
    db: harness.database.db,
    rest: () => ari.rest,
    ariStatus: () => ariState,
    settings: harness.settings,
    clock: clock.now,
    logger: pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) }),
  });
  const admin = new AcdAdmin(harness.database.db, harness.deps.acd, clock.now);
  admin.putQueue(
    'support',
    {
      name: 'Support',
      requiredSkills: [],
      priority: 0,
      strategy: 'longest-idle',
      serviceLevelSeconds: 20,
      wrapUpSeconds: 30,
      ringTimeoutSeconds: 15,
    },
    null,
  );
  let offers = 0;
  return {
    ...harness,
    ari,
    softphone,
    logLines,
    ariState,
    admin,
    async agentUser(id, device) {
      const user = await harness.createUser('agent', { username: `user-${id}` });
      admin.putAgent(id, {
        name: `Agent ${id}`,
        skills: {},
        queues: ['support'],
        device: device ?? `Local/${id}@switchboard-test-agent/n`,
        userId: user.id,
      });
      return { userId: user.id, headers: { authorization: `Bearer ${harness.sessionFor(user)}` } };
    },
    answeredCall(agentId, callerNumber = '+4930123', minutesAgo = 1) {
      offers += 1;
      const at = new Date(clock.now().getTime() - minutesAgo * 60_000);
      const call = harness.deps.callLog.recordStart({
        channelId: `chan-${offers}`,
        callerNumber,
        callerName: null,
        dialedNumber: '600',
        startedAt: at,
      });
      harness.database.db
        .insert(acdOffers)
        .values({
          id: `o-test-${offers}`,
          callId: call.id,
          queueId: 'support',
          agentId,
          offeredAt: at,
          outcome: 'answered',
          outcomeAt: new Date(at.getTime() + 1000),
          trace: {} as never,
        })
        .run();
      return call.id;
    },
  };
}
