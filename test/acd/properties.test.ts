import { deepStrictEqual } from 'node:assert';
import fc from 'fast-check';
import t from 'tap';
import { INDEX_MISMATCH } from '../../cti/acd/engine/pick-agent.js';
import { Router } from '../../cti/acd/engine/router.js';
import type { AgentProfile, AgentSnapshot, QueueConfig } from '../../cti/acd/engine/types.js';
import { T0 } from './fixtures/helpers.js';
import { type Command, commandArb, Model, profileArb, QUEUES, queueArb } from './fixtures/random-floor.js';

/**
 * Random event sequences against two routers: the indexed one (with full traces, which also
 * cross-checks every index decision against a scan) and the linear-scan baseline that looks at
 * every caller and every agent each time. They must agree on every answer, and the indexed one
 * must keep the invariants: one live offer per agent and per caller, offers only to eligible
 * agents, no pair left unmade after match(), and nextWakeUp never missing a timed change.
 */

function summary(res: unknown): unknown {
  if (Array.isArray(res))
    return res.map((o) => [o.offerId, o.callId, o.agentId, o.attempt, o.effectivePriority, o.waitedMs]);
  const r = res as { ok: boolean; error?: { code: string; message: string }; overflow?: unknown };
  return r.ok ? 'ok' : (r.error?.message ?? r.overflow);
}

function run(
  agents: string[],
  calls: string[],
  queues: QueueConfig[],
  profiles: AgentProfile[],
  loggedIn: string[],
  cmds: Command[],
): number {
  let made = 0;
  const a = new Router({ trace: 'full' });
  const b = new Router({ decision: 'linear-scan' });
  const model = new Model();
  let now = T0;
  for (const r of [a, b]) {
    for (const q of queues) r.addQueue(q);
    for (const p of profiles) r.upsertAgent(p, now);
    for (const id of loggedIn) r.agentState(id, 'available', now);
  }
  const agentsOf = (r: Router) =>
    agents.map((id) => r.getAgent(id)).filter((x): x is AgentSnapshot => x !== undefined);
  const both = <T>(f: (r: Router) => T): T => {
    const ra = f(a);
    deepStrictEqual(summary(ra), summary(f(b)));
    return ra;
  };
  const checkMaximal = (at: number) => {
    for (const w of b.waitingCalls(at)) {
      for (const ag of agentsOf(a)) {
        if (model.eligible(a, ag, w.call, at))
          throw new Error(`left unmade: ${w.call.callId} could go to ${ag.id}`);
      }
    }
  };
  for (const cmd of cmds) {
    const before = agentsOf(a);
    switch (cmd.k) {
      case 'enqueue':
        both((r) =>
          r.enqueue(
            { callId: cmd.call, queueId: cmd.queue, priority: cmd.priority, skills: cmd.skills },
            now,
          ),
        );
        break;
      case 'dequeue':
        both((r) => r.dequeue(cmd.call, now, cmd.reason));
        break;
      case 'state': {
        const res = both((r) => r.agentState(cmd.agent, cmd.to, now, 'why'));
        if (!res.ok) deepStrictEqual(agentsOf(a), before, 'a refused transition changed an agent');
        break;
      }
      case 'profile':
        both((r) => r.upsertAgent(cmd.profile, now));
        break;
      case 'advance': {
        const wake = a.nextWakeUp(now);
        now += cmd.ms;
        if (wake === undefined || wake.at > now) {
          both((r) => r.match(now));
          deepStrictEqual(
            a.liveOffers().length,
            before.filter((x) => x.offerId).length,
            'a pair appeared with no wake-up due',
          );
        }
        break;
      }
      case 'match': {
        const waiting = new Map(a.waitingCalls(now).map((w) => [w.call.callId, w.call]));
        const offers = both((r) => r.match(now));
        made += offers.length;
        for (const o of offers) {
          if (o.trace.plan.includes(INDEX_MISMATCH)) throw new Error(o.trace.plan);
          const ag = before.find((x) => x.id === o.agentId);
          const call = waiting.get(o.callId);
          if (ag === undefined || call === undefined || !model.eligible(a, ag, call, now)) {
            throw new Error(`offer ${o.offerId} went to ineligible agent ${o.agentId} for ${o.callId}`);
          }
        }
        checkMaximal(now);
        break;
      }
      case 'answer':
      case 'ringing':
      case 'fail': {
        const live = a.liveOffers();
        const o = live[cmd.pick % Math.max(1, live.length)];
        if (o === undefined) break;
        if (cmd.k === 'answer') both((r) => r.offerAnswered(o.offerId, now));
        if (cmd.k === 'ringing') both((r) => r.offerRinging(o.offerId, now));
        if (cmd.k === 'fail') {
          const ring = a.getQueue(o.queueId)?.ringTimeoutSeconds ?? 0;
          if (both((r) => r.offerFailed(o.offerId, now, cmd.why)).ok) {
            model.failures.set(`${o.callId}|${o.agentId}`, now + ring * 1000);
          }
        }
        break;
      }
      case 'end': {
        const connected = calls.filter((c) => a.getCall(c)?.status === 'connected');
        const c = connected[cmd.pick % Math.max(1, connected.length)];
        if (c !== undefined) both((r) => r.callEnded(c, now));
        break;
      }
      case 'wrapdone':
        for (const ag of a.wrapUpDue(now)) both((r) => r.agentState(ag.id, 'available', now));
        break;
      case 'update':
        both((r) => r.updateQueue(cmd.config, now));
        break;
    }
    const offers = a.liveOffers();
    if (new Set(offers.map((o) => o.agentId)).size !== offers.length)
      throw new Error('an agent is in two live offers');
    if (new Set(offers.map((o) => o.callId)).size !== offers.length)
      throw new Error('a caller is in two live offers');
    for (const ag of agentsOf(a)) {
      const mine = offers.filter((o) => o.agentId === ag.id);
      const engaged = ag.state === 'reserved' || ag.state === 'ringing';
      if (engaged !== (mine.length === 1) || (engaged && mine[0]?.offerId !== ag.offerId)) {
        throw new Error(`agent ${ag.id} is ${ag.state} with offers ${mine.map((o) => o.offerId)}`);
      }
    }
    for (const o of offers) {
      if (a.getCall(o.callId)?.status !== 'offered')
        throw new Error(`offer ${o.offerId}: its caller is not offered`);
    }
    const wake = a.nextWakeUp(now);
    if (wake !== undefined && wake.at < now) throw new Error(`wake-up in the past: ${JSON.stringify(wake)}`);
    if (wake === undefined || wake.at > now) {
      deepStrictEqual(summary(b.match(now)), [], 'nothing pending, yet the baseline found a pair');
      deepStrictEqual(summary(a.match(now)), []);
    }
  }
  return made;
}

function universe(agentCount: number, callCount: number, numRuns: number, maxCommands: number) {
  const agents = Array.from({ length: agentCount }, (_, i) => `a${i}`);
  const calls = Array.from({ length: callCount }, (_, i) => `c${i}`);
  const setup = fc.tuple(
    fc.tuple(...QUEUES.map(queueArb)),
    fc.tuple(...agents.map(profileArb)),
    fc.subarray(agents),
  );
  let offers = 0;
  fc.assert(
    fc.property(
      setup,
      fc.array(commandArb(agents, calls), { minLength: maxCommands / 2, maxLength: maxCommands }),
      ([queues, profiles, loggedIn], cmds) => {
        offers += run(agents, calls, queues, profiles, loggedIn, cmds);
      },
    ),
    { numRuns },
  );
  return offers;
}

t.test('small floor: 6 agents, 10 callers, 3 queues', async (t) => {
  const offers = universe(6, 10, 600, 80);
  t.ok(offers > 1000, `600 random sequences of 40–80 events made ${offers} offers`);
});

t.test('bigger floor: 40 agents (the skill-bucket search gets used), 16 callers', async (t) => {
  const offers = universe(40, 16, 150, 200);
  t.ok(offers > 1000, `150 random sequences of 100–200 events made ${offers} offers`);
});
