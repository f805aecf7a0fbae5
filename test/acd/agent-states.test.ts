import t from 'tap';
import { AGENT_TRANSITIONS, transition } from '../../cti/acd/engine/agent-states.js';
import { AgentStateError } from '../../cti/acd/engine/errors.js';
import { AGENT_STATES, type AgentSnapshot } from '../../cti/acd/engine/types.js';
import { at, login, ok, queue, router } from './fixtures/helpers.js';

const base = (state: AgentSnapshot['state']): AgentSnapshot => ({
  id: '7',
  skills: {},
  queues: [],
  state,
  stateSince: 0,
  callsAnswered: 0,
});

t.test('transition follows the table exactly, for both actors', async (t) => {
  let allowed = 0;
  for (const from of AGENT_STATES) {
    for (const to of AGENT_STATES) {
      for (const actor of ['agent', 'router'] as const) {
        const rule = AGENT_TRANSITIONS[from][to];
        const expected = rule === 'any' || rule === actor;
        const res = transition(base(from), to, 1000, 'why', actor);
        if (res.ok !== expected) t.fail(`${from} → ${to} by ${actor}: expected ${expected}`);
        if (res.ok) {
          allowed += 1;
          t.same(res.record, { agentId: '7', from, to, at: 1000, reason: 'why' });
          t.equal(res.agent.stateSince, 1000);
        } else {
          t.ok(res.error instanceof AgentStateError);
          t.match(res.error.message, `agent 7 cannot go ${to} while ${from}: `);
        }
      }
    }
  }
  t.equal(allowed, 25, 'the table allows 25 (transition, actor) pairs');
});

t.test('a transition is pure and keeps only what belongs to the new state', async (t) => {
  const paused = { ...base('paused'), pauseReason: 'lunch' };
  const res = transition(paused, 'available', 5000);
  t.ok(res.ok);
  if (!res.ok) return;
  t.same(paused.state, 'paused', 'the input is untouched');
  t.equal(res.agent.pauseReason, undefined);
  t.equal(res.agent.idleSince, 5000);
  const noReason = transition(base('available'), 'paused', 1);
  t.match(noReason.ok ? '' : noReason.error.message, /a pause needs a reason code/);
});

t.test('invalid requests through the router are typed errors that change nothing', async (t) => {
  const r = router([queue('q')]);
  login(r, '7', {}, ['q'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
  const [offer] = r.match(at(1));
  ok(r.offerAnswered(offer?.offerId ?? '', at(2)));
  r.takeTransitions();
  const before = r.getAgent('7');

  const onCall = r.agentState('7', 'available', at(3));
  t.notOk(onCall.ok);
  if (!onCall.ok) {
    t.ok(onCall.error instanceof AgentStateError);
    t.equal(
      onCall.error.message,
      'agent 7 cannot go available while on-call: the ACD call c1 must end first (callEnded)',
    );
    t.same(
      { from: (onCall.error as AgentStateError).from, to: (onCall.error as AgentStateError).to },
      { from: 'on-call', to: 'available' },
    );
  }
  const loggedOut = r.agentState('7', 'logged-out', at(3));
  t.equal(loggedOut.ok ? '' : loggedOut.error.code, 'invalid-transition');
  t.same(r.getAgent('7'), before, 'the agent is unchanged');
  t.same(r.takeTransitions(), [], 'nothing recorded');

  ok(r.callEnded('c1', at(4)));
  const reserve = r.agentState('7', 'reserved', at(5));
  t.match(reserve.ok ? '' : reserve.error.message, 'only the router reserves and rings agents');
  ok(r.enqueue({ callId: 'c2', queueId: 'q' }, at(6)));
  const [o2] = r.match(at(6));
  const pause = r.agentState('7', 'paused', at(7), 'break');
  t.match(
    pause.ok ? '' : pause.error.message,
    'agent 7 cannot go paused while reserved: the agent has a live offer',
  );
  t.equal(r.liveOffers()[0]?.offerId, o2?.offerId, 'the offer is still live');
  const unknown = r.agentState('nobody', 'available', at(7));
  t.equal(unknown.ok ? '' : unknown.error.code, 'unknown-agent');
});

t.test('every transition is stored with its time and reason, in order', async (t) => {
  const r = router([queue('q', { wrapUpSeconds: 10, pauseOnNoAnswer: { reason: 'rona' } })]);
  login(r, 'a', {}, ['q'], 0);
  ok(r.enqueue({ callId: 'c1', queueId: 'q' }, at(1)));
  const [o1] = r.match(at(1));
  ok(r.offerRinging(o1?.offerId ?? '', at(1.5)));
  ok(r.offerFailed(o1?.offerId ?? '', at(16), 'no-answer'));
  ok(r.agentState('a', 'available', at(20)));
  t.same(r.match(at(20)), [], 'a is passed over for c1 until one ring timeout after its no-answer');
  const [o2] = r.match(at(31));
  ok(r.offerAnswered(o2?.offerId ?? '', at(32)));
  ok(r.callEnded('c1', at(80)));
  ok(r.agentState('a', 'available', at(90), 'wrap-up ended'));
  ok(r.agentState('a', 'logged-out', at(91)));
  t.same(
    r
      .takeTransitions()
      .map((x) => `${(x.at - at(0)) / 1000} ${x.from}→${x.to}${x.reason ? ` (${x.reason})` : ''}`),
    [
      '0 logged-out→available',
      '1 available→reserved (offer o1 of call c1)',
      '1.5 reserved→ringing (offer o1)',
      '16 ringing→paused (rona)',
      '20 paused→available',
      '31 available→reserved (offer o2 of call c1)',
      '32 reserved→on-call (answered call c1)',
      '80 on-call→wrap-up (after call c1)',
      '90 wrap-up→available (wrap-up ended)',
      '91 available→logged-out',
    ],
  );
  t.same(r.takeTransitions(), [], 'taking empties the buffer');
});
