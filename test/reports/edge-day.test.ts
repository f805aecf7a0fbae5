// Report figures for the edge day (test/reports/edge-day.ts: read its timeline first) equal the
// values worked out here by hand: service level and abandon rate with stays that left before the
// threshold or still wait, an abandon at exactly the short threshold, and daemon restarts that
// re-log an agent's call and pause.
import t from 'tap';
import { EDGE_AGENT_DAY, EDGE_CALLS, EDGE_DAY, EDGE_NOW, EDGE_QUERY } from './edge-day.js';
import { A, agentRow, P, Q, sales, support } from './expected-rows.js';
import { reportApp } from './report-app.js';
import { setUpQueuesAndAgents, writeCalls, ZONE } from './scripted-day.js';

const day = '2025-06-20T00:00:00+02:00';
const next = '2025-06-21T00:00:00+02:00';

t.test('the edge day', async (t) => {
  const app = await reportApp(t, ZONE, EDGE_NOW);
  setUpQueuesAndAgents(app.admin);
  writeCalls(app.database.db, EDGE_CALLS, EDGE_AGENT_DAY, EDGE_DAY);

  t.test('queues by day', async (t) => {
    const { status, body } = await app.get(`${Q}?${EDGE_QUERY}&interval=day`);
    t.equal(status, 200);
    t.strictSame(body.rows, [
      // sales: E2's second stay, a 2 s short abandon: nothing graded, no abandon rate.
      sales(day, next, { offered: 1, shortAbandoned: 1 }),
      // support: E1 answered, E4 abandoned (5 s is not under 5 s), E7 short, E2 overflowed, E3 and E8
      // removed, E5 and E6 still waiting.
      support(day, next, {
        offered: 8,
        answered: 1,
        abandoned: 1,
        shortAbandoned: 1,
        overflowed: 1,
        removed: 2,
        stillWaiting: 2,
        // graded: E1 answered, E4 abandoned, E3 removed after 50 s, E6 waiting 40 s = 4 (not E2 overflowed
        // at 0 s, E8 removed at 12 s, E5 waiting 10 s, E7 short); within 30 s: E1 → 1 / 4 = 25 %
        answeredWithinServiceLevel: 1,
        serviceLevelPercent: 25,
        // abandoned E4 / (8 offered − 1 short − 2 still waiting) = 1 / 5 = 20 %
        abandonRatePercent: 20,
        answerWaitSeconds: 10,
        averageSpeedOfAnswerSeconds: 10,
        longestAnswerWaitSeconds: 10,
        averageAbandonWaitSeconds: 5,
        // E1: talk from the answer 09:00:10 to the hang-up 09:01:40 across the restart = 90, wrap-up 30
        handledCalls: 1,
        handledTalkSeconds: 90,
        handledWrapUpSeconds: 30,
        averageTalkSeconds: 90,
        averageWrapUpSeconds: 30,
        averageHandleSeconds: 120,
        fcrCalls: 1,
        fcrResolved: 1,
        firstContactResolutionPercent: 100,
      }),
    ]);
  });

  t.test('the agent whose call and pause were re-logged by restarts', async (t) => {
    const { status, body } = await app.get(`${A}?${EDGE_QUERY}&interval=day`);
    t.equal(status, 200);
    t.strictSame(body.rows, [
      agentRow('anna', day, next, {
        answered: 1,
        handledCalls: 1,
        handledTalkSeconds: 90,
        handledWrapUpSeconds: 30,
        averageTalkSeconds: 90,
        averageWrapUpSeconds: 30,
        averageHandleSeconds: 120,
        fcrCalls: 1,
        fcrResolved: 1,
        firstContactResolutionPercent: 100,
        // 08:00-17:00
        loggedInSeconds: 32400,
        // reserved 09:00:05-09:00:10
        offeringSeconds: 5,
        onCallSeconds: 90,
        wrapUpSeconds: 30,
        pausedSeconds: 2700,
        // 32400 − 5 − 90 − 30 − 2700 = 29575; occupancy 120 / (120 + 29575) = 0.40 %
        availableSeconds: 29575,
        occupancyPercent: 0.4,
      }),
    ]);
  });

  t.test('a pause re-logged by a restart is one pause', async (t) => {
    const { status, body } = await app.get(`${P}?${EDGE_QUERY}&interval=day`);
    t.equal(status, 200);
    t.strictSame(body.rows, [
      {
        agentId: 'anna',
        agentName: 'Anna',
        start: day,
        end: next,
        reason: 'lunch',
        pauses: 1,
        pausedSeconds: 2700,
      },
    ]);
  });
});
