/**
 * Decision time of the ACD router: one match() after an agent becomes available (a saturated
 * floor with callers waiting) and after a caller is enqueued (a staffed floor, nobody waiting),
 * for 1,000 and 10,000 agents over 50 skills, indexed versus the linear-scan baseline (every
 * match looks at every waiting caller and, for each, at every agent: what a polling ACD does).
 *
 *   npx tsx bench/acd/routing-bench.ts [--quick]
 *
 * Prints p50/p99 in microseconds and heap used by the populated router, and writes the figures to
 * bench/acd/results/routing.json. Both routers replay the same seeded event sequence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { DecisionMethod } from '../../cti/acd/engine/pick-agent.js';
import { Router } from '../../cti/acd/engine/router.js';
import type { QueueConfig, RoutingStrategy, SkillRequirement } from '../../cti/acd/engine/types.js';

v8.setFlagsFromString('--expose_gc');
const fullGc = vm.runInNewContext('gc') as () => void;
/** One collection can leave a dropped router half-collected; three settle the heap for a fair reading. */
const gc = () => {
  for (let i = 0; i < 3; i++) fullGc();
};

const QUICK = process.argv.includes('--quick');
const SKILLS = Array.from({ length: 50 }, (_, i) => `skill${i}`);
const LANGUAGES = SKILLS.slice(40);
const STRATEGIES: RoutingStrategy[] = ['longest-idle', 'fewest-calls', 'best-skill', 'round-robin'];
const T0 = Date.parse('2025-06-02T08:00:00Z');

/** mulberry32: the same floor and the same events for both routers. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}
type Rng = ReturnType<typeof rng>;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[r.int(0, xs.length - 1)] as T;

interface Floor {
  queues: QueueConfig[];
  agents: { id: string; skills: Record<string, number>; queues: string[] }[];
}

/** Queues need 1–2 of the first 40 skills; agents sit in 3 queues, mostly qualified for them, with 6–10 skills. */
function buildFloor(agentCount: number, queueCount: number, seed: number): Floor {
  const r = rng(seed);
  const queues: QueueConfig[] = Array.from({ length: queueCount }, (_, i) => {
    const required: SkillRequirement[] = [];
    for (let k = r.int(1, 2); k > 0; k--)
      required.push({ skill: pick(r, SKILLS.slice(0, 40)), minLevel: r.int(1, 5) });
    return {
      id: `q${i}`,
      name: `queue ${i}`,
      requiredSkills: required,
      priority: r.int(0, 3),
      strategy: STRATEGIES[i % STRATEGIES.length] as RoutingStrategy,
      serviceLevelSeconds: 20,
      wrapUpSeconds: 0,
      ringTimeoutSeconds: 15,
      relaxation: [{ afterSeconds: 60, skill: required[0]?.skill ?? 'skill0', minLevel: 1 }],
      priorityAging: { everySeconds: 30, step: 1, max: 5 },
    };
  });
  const agents = Array.from({ length: agentCount }, (_, i) => {
    const skills: Record<string, number> = {};
    const member = new Set<string>();
    while (member.size < 3) member.add(`q${r.int(0, queueCount - 1)}`);
    for (const q of member) {
      for (const req of queues[Number(q.slice(1))]?.requiredSkills ?? []) {
        if (r.next() < 0.85) skills[req.skill] = r.int(req.minLevel, 10);
      }
    }
    while (Object.keys(skills).length < r.int(6, 10)) skills[pick(r, SKILLS)] = r.int(1, 10);
    return { id: `agent${String(i).padStart(5, '0')}`, skills, queues: [...member] };
  });
  return { queues, agents };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Figures {
  samples: number;
  offersMade: number;
  p50us: number;
  p99us: number;
  meanUs: number;
}

function summarise(timesNs: number[], offers: number): Figures {
  const us = timesNs.map((ns) => ns / 1000).sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    samples: us.length,
    offersMade: offers,
    p50us: round(percentile(us, 50)),
    p99us: round(percentile(us, 99)),
    meanUs: round(us.reduce((a, b) => a + b, 0) / us.length),
  };
}

function timed<T>(f: () => T, into: number[]): T {
  const start = process.hrtime.bigint();
  const out = f();
  into.push(Number(process.hrtime.bigint() - start));
  return out;
}

/** Everyone busy on calls, two callers waiting per queue; each step frees one agent and times the match. */
function agentAvailable(floor: Floor, method: DecisionMethod, steps: number, seed: number) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const router = new Router({ decision: method });
  const r = rng(seed);
  let now = T0;
  let calls = 0;
  for (const q of floor.queues) router.addQueue(q);
  for (const a of floor.agents) {
    router.upsertAgent(a, now);
    router.agentState(a.id, 'available', now);
    router.agentState(a.id, 'on-call', now, 'direct call');
  }
  const enqueue = () => {
    calls += 1;
    const extra = r.next() < 0.25 ? [{ skill: pick(r, LANGUAGES), minLevel: 3 }] : [];
    router.enqueue({ callId: `c${calls}`, queueId: pick(r, floor.queues).id, skills: extra }, now);
  };
  for (let i = 0; i < floor.queues.length * 2; i++) enqueue();
  router.match(now);
  router.takeTransitions();
  gc();
  const heapBytes = process.memoryUsage().heapUsed - heapBefore;
  const times: number[] = [];
  let offers = 0;
  for (let i = 0; i < steps; i++) {
    now += 50;
    const agent = pick(r, floor.agents);
    const snap = router.getAgent(agent.id);
    if (snap?.state !== 'on-call') continue;
    if (snap.callId) router.callEnded(snap.callId, now);
    else router.agentState(agent.id, 'available', now);
    const made = timed(() => router.match(now), times);
    offers += made.length;
    for (const o of made) {
      router.offerAnswered(o.offerId, now);
      enqueue();
    }
    if (made.length === 0) router.agentState(agent.id, 'on-call', now, 'direct call');
    router.match(now);
    router.takeTransitions();
  }
  return { ...summarise(times, offers), heapBytes, waiting: router.waitingCalls(now).length };
}

/** 30% of agents available, nobody waiting; each step enqueues one caller and times the match. */
function callerEnqueued(floor: Floor, method: DecisionMethod, steps: number, seed: number) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const router = new Router({ decision: method });
  const r = rng(seed);
  let now = T0;
  for (const q of floor.queues) router.addQueue(q);
  for (const a of floor.agents) {
    router.upsertAgent(a, now);
    router.agentState(a.id, 'available', now);
    if (r.next() < 0.7) router.agentState(a.id, 'on-call', now, 'direct call');
  }
  router.takeTransitions();
  gc();
  const heapBytes = process.memoryUsage().heapUsed - heapBefore;
  const times: number[] = [];
  let offers = 0;
  for (let i = 0; i < steps; i++) {
    now += 50;
    const callId = `c${i}`;
    const extra = r.next() < 0.25 ? [{ skill: pick(r, LANGUAGES), minLevel: 3 }] : [];
    router.enqueue({ callId, queueId: pick(r, floor.queues).id, skills: extra }, now);
    const [offer] = timed(() => router.match(now), times);
    if (offer === undefined) {
      router.dequeue(callId, now, 'abandoned');
      continue;
    }
    offers += 1;
    router.offerAnswered(offer.offerId, now);
    router.callEnded(callId, now);
    router.agentState(offer.agentId, 'on-call', now, 'direct call');
    for (let tries = 0; tries < 20; tries++) {
      const other = pick(r, floor.agents);
      const snap = router.getAgent(other.id);
      if (snap?.state === 'on-call' && !snap.callId) {
        router.agentState(other.id, 'available', now);
        break;
      }
    }
    router.match(now);
    router.takeTransitions();
  }
  return { ...summarise(times, offers), heapBytes };
}

const sizes = QUICK
  ? [{ agents: 1000, queues: 20 }]
  : [
      { agents: 1000, queues: 20 },
      { agents: 10000, queues: 100 },
    ];
const results = [];
for (const size of sizes) {
  const floor = buildFloor(size.agents, size.queues, 42);
  for (const method of ['indexed', 'linear-scan'] as const) {
    const slow = method === 'linear-scan' && size.agents >= 10000;
    const steps = QUICK ? 300 : slow ? 400 : 3000;
    agentAvailable(floor, method, Math.min(steps, 200), 7); // warm-up
    const available = agentAvailable(floor, method, steps, 7);
    const enqueued = callerEnqueued(floor, method, steps, 11);
    results.push({
      ...size,
      skills: SKILLS.length,
      method,
      agentAvailable: available,
      callerEnqueued: enqueued,
    });
    const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
    console.log(
      `${String(size.agents).padStart(6)} agents ${String(size.queues).padStart(3)} queues ${method.padEnd(11)} | ` +
        `agent available: p50 ${available.p50us} µs p99 ${available.p99us} µs (${available.samples} decisions, ${available.waiting} waiting) | ` +
        `caller enqueued: p50 ${enqueued.p50us} µs p99 ${enqueued.p99us} µs | ` +
        `heap ${mb(available.heapBytes)} busy floor, ${mb(enqueued.heapBytes)} staffed floor`,
    );
  }
}

const out = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  note:
    'decision = one Router.match() call; agentAvailable: saturated floor with 2 waiting callers per queue, one agent freed per step; ' +
    'callerEnqueued: 30% of agents available, one caller enqueued per step; heap = heapUsed of the populated router after gc (transition log drained); ' +
    'linear-scan = every match decides for every waiting caller, each decision a scan of all agents (a polling ACD); ' +
    'in callerEnqueued only the new caller waits, so that figure is one linear decision.',
  results,
};
if (!QUICK) {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'routing.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written ${file}`);
}
