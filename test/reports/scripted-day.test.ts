// Report figures for the scripted day (test/reports/scripted-day.ts: read its timeline first)
// equal the values computed here by hand, per queue and per agent, by day, month and in total, with
// filters and per-request counting rules. Hours and quarter hours: scripted-hours.test.ts.
import t from 'tap';
import { A, agentRow, DAY_QUERY, hour, P, Q, sales, support } from './expected-rows.js';
import { reportApp } from './report-app.js';
import { setUpQueuesAndAgents, writeScriptedDay, ZONE } from './scripted-day.js';

t.test('the scripted day', async (t) => {
  const app = await reportApp(t, ZONE, '2025-06-12T12:00:00Z');
  setUpQueuesAndAgents(app.admin);
  writeScriptedDay(app.database.db);

  t.test('queues by day', async (t) => {
    const { status, body } = await app.get(`${Q}?${DAY_QUERY}&interval=day`);
    t.equal(status, 200);
    t.match(body, {
      report: 'queues',
      timeZone: 'Europe/Berlin',
      from: '2025-06-10T00:00:00+02:00',
      to: '2025-06-11T00:00:00+02:00',
      interval: 'day',
      shortAbandonSeconds: 5,
      repeatCallWindowHours: 24,
    });
    const [day, next] = [hour(0), '2025-06-11T00:00:00+02:00'];
    t.strictSame(body.rows, [
      // sales: C1, C2, C5 (after its overflow), C6, C7, C9, all answered.
      sales(day, next, {
        offered: 6,
        answered: 6,
        // waits 10 + 25 + 5 + 20 + 30 + 8 = 98 s; ASA 98 / 6 = 16.33; longest 30
        answerWaitSeconds: 98,
        averageSpeedOfAnswerSeconds: 16.33,
        longestAnswerWaitSeconds: 30,
        // within 20 s: C1 (10), C5 (5), C6 (20: "within" includes 20), C9 (8) = 4 of 6 - 0 short = 66.67 %
        answeredWithinServiceLevel: 4,
        serviceLevelPercent: 66.67,
        abandonRatePercent: 0,
        handledCalls: 6,
        // talk 240 + 300 + 120 + 300 + 120 + 120 = 1200 → 200; wrap-up 30 + 20 + 30 + 30 + 30 + 30 = 170 → 28.33
        handledTalkSeconds: 1200,
        handledWrapUpSeconds: 170,
        averageTalkSeconds: 200,
        averageWrapUpSeconds: 28.33,
        // handle (1200 + 170) / 6 = 228.33
        averageHandleSeconds: 228.33,
        // first contacts: C1, C2, C5, C7, C9 (C6 repeats C1, answered 1 h 15 min before: its follow-up);
        // repeated within 24 h: C1 (by C6), C2 (by C11 next morning); resolved C5, C7, C9: 3 / 5
        fcrCalls: 5,
        fcrResolved: 3,
        firstContactResolutionPercent: 60,
      }),
      // support: C3 short abandon, C4 abandon, C5 overflow, C8 and C10 answered.
      support(day, next, {
        offered: 5,
        answered: 2,
        abandoned: 1,
        shortAbandoned: 1,
        overflowed: 1,
        // waits 15 + 20 = 35 → 17.5
        answerWaitSeconds: 35,
        averageSpeedOfAnswerSeconds: 17.5,
        longestAnswerWaitSeconds: 20,
        // both within 30 s: 2 / (5 offered - 1 short) = 50 %; abandoned 1 / 4 = 25 %
        answeredWithinServiceLevel: 2,
        serviceLevelPercent: 50,
        abandonRatePercent: 25,
        averageAbandonWaitSeconds: 40,
        handledCalls: 2,
        // talk 600 + 300 = 900 → 450; wrap-up 30 + 30 → 30; handle 960 / 2 = 480
        handledTalkSeconds: 900,
        handledWrapUpSeconds: 60,
        averageTalkSeconds: 450,
        averageWrapUpSeconds: 30,
        averageHandleSeconds: 480,
        // C8 has no number; C10 (+4930111) had no later call: 1 / 1
        // C8 has no number; C10 (+4930111) repeats C6, answered at 10:14: no first contact
        fcrCalls: 0,
        fcrResolved: 0,
        firstContactResolutionPercent: null,
      }),
    ]);
  });

  t.test('agents by day', async (t) => {
    const { status, body } = await app.get(`${A}?${DAY_QUERY}&interval=day`);
    t.equal(status, 200);
    const [day, next] = [hour(0), '2025-06-11T00:00:00+02:00'];
    t.strictSame(body.rows, [
      agentRow('anna', day, next, {
        // C1, C5, C8, C9, C10
        answered: 5,
        handledCalls: 5,
        // talk 240 + 120 + 600 + 120 + 300 = 1380 → 276; wrap-up 5 × 30 = 150 → 30; handle 1530 / 5 = 306
        handledTalkSeconds: 1380,
        handledWrapUpSeconds: 150,
        averageTalkSeconds: 276,
        averageWrapUpSeconds: 30,
        averageHandleSeconds: 306,
        // first contacts: C1 (repeated by C6), C5, C9 (C10 repeats C6; C8 has no number) → 2 / 3
        fcrCalls: 3,
        fcrResolved: 2,
        firstContactResolutionPercent: 66.67,
        // logged in 08:00-17:00 = 32400 s
        loggedInSeconds: 32400,
        // reserved/ringing 8 + 4 + 5 + 1 + 2 = 20
        offeringSeconds: 20,
        onCallSeconds: 1380,
        wrapUpSeconds: 150,
        pausedSeconds: 2700,
        // 32400 - 20 - 1380 - 150 - 2700 = 28150
        availableSeconds: 28150,
        // (1380 + 150) / (1380 + 150 + 28150) = 1530 / 29680 = 5.15 %
        occupancyPercent: 5.15,
      }),
      agentRow('ben', day, next, {
        // C2, C6, C7; rang for C9 without answering
        answered: 3,
        missedOffers: 1,
        handledCalls: 3,
        // talk 300 + 300 + 120 = 720 → 240; wrap-up 20 + 30 + 30 = 80 → 26.67; handle 800 / 3 = 266.67
        handledTalkSeconds: 720,
        handledWrapUpSeconds: 80,
        averageTalkSeconds: 240,
        averageWrapUpSeconds: 26.67,
        averageHandleSeconds: 266.67,
        // first contacts C2 (repeated by C11) and C7 (not); C6 repeats C1 → 1 / 2
        fcrCalls: 2,
        fcrResolved: 1,
        firstContactResolutionPercent: 50,
        loggedInSeconds: 32400,
        // 5 + 5 + 5 + 5 (the missed one) = 20
        offeringSeconds: 20,
        onCallSeconds: 720,
        wrapUpSeconds: 80,
        pausedSeconds: 1800,
        // 32400 - 20 - 720 - 80 - 1800 = 29780
        availableSeconds: 29780,
        // 800 / (800 + 29780) = 2.62 %
        occupancyPercent: 2.62,
      }),
    ]);
  });

  t.test('pause time by reason, by day and by hour', async (t) => {
    const day = await app.get(`${P}?${DAY_QUERY}&interval=day`);
    const next = '2025-06-11T00:00:00+02:00';
    t.strictSame(day.body.rows, [
      {
        agentId: 'anna',
        agentName: 'Anna',
        start: hour(0),
        end: next,
        reason: 'lunch',
        pauses: 1,
        pausedSeconds: 2700,
      },
      {
        agentId: 'ben',
        agentName: 'Ben',
        start: hour(0),
        end: next,
        reason: 'training',
        pauses: 1,
        pausedSeconds: 1800,
      },
    ]);
    const hourly = await app.get(`${P}?${DAY_QUERY}&interval=hour`);
    t.strictSame(hourly.body.rows, [
      {
        agentId: 'anna',
        agentName: 'Anna',
        start: hour(12),
        end: hour(13),
        reason: 'lunch',
        pauses: 1,
        pausedSeconds: 2700,
      },
      // training 13:50-14:20 is split at 14:00: 600 s, then 1200 s; it began in the 13:00 hour
      {
        agentId: 'ben',
        agentName: 'Ben',
        start: hour(13),
        end: hour(14),
        reason: 'training',
        pauses: 1,
        pausedSeconds: 600,
      },
      {
        agentId: 'ben',
        agentName: 'Ben',
        start: hour(14),
        end: hour(15),
        reason: 'training',
        pauses: 0,
        pausedSeconds: 1200,
      },
    ]);
  });

  t.test('total: the whole range as one interval equals the day', async (t) => {
    const total = await app.get(`${Q}?${DAY_QUERY}&interval=total`);
    const day = await app.get(`${Q}?${DAY_QUERY}&interval=day`);
    t.strictSame(total.body.rows, day.body.rows);
  });

  t.test('months: June holds the day, May and July are empty', async (t) => {
    const months = `from=2025-05-01&to=2025-07-31&interval=month`;
    const m = (month: string) => `2025-${month}-01T00:00:00+02:00`;
    const byDay = await app.get(`${Q}?${DAY_QUERY}&interval=day`);
    const byMonth = await app.get(`${Q}?${months}`);
    const dayFigures = byDay.body.rows.map((r) => ({ ...r, start: m('06'), end: m('07') }));
    t.strictSame(byMonth.body.rows, [
      sales(m('05'), m('06'), {}),
      dayFigures[0],
      sales(m('07'), m('08'), {}),
      support(m('05'), m('06'), {}),
      dayFigures[1],
      support(m('07'), m('08'), {}),
    ]);
    t.match(byMonth.body.rows[1], {
      offered: 6,
      serviceLevelPercent: 66.67,
      firstContactResolutionPercent: 60,
    });
    // Agents and pauses: rows only for the month they were logged in, the same as the day.
    for (const path of [A, P]) {
      const day = await app.get(`${path}?${DAY_QUERY}&interval=day`);
      const month = await app.get(`${path}?${months}`);
      t.strictSame(
        month.body.rows,
        day.body.rows.map((r) => ({ ...r, start: m('06'), end: m('07') })),
        `${path} by month`,
      );
    }
  });

  t.test('filters: skill, queue, agent', async (t) => {
    // Only C8 and C10 asked for german: both support, both answered.
    const german = await app.get(`${Q}?${DAY_QUERY}&skill=german`);
    t.match(german.body.rows, [
      { queueId: 'sales', offered: 0 },
      { queueId: 'support', offered: 2, answered: 2, averageHandleSeconds: 480, serviceLevelPercent: 100 },
    ]);
    const oneQueue = await app.get(`${Q}?${DAY_QUERY}&queue=support`);
    t.strictSame(
      oneQueue.body.rows.map((r) => r.queueId),
      ['support'],
    );
    // Agents with german: anna only.
    const germanAgents = await app.get(`${A}?${DAY_QUERY}&skill=german`);
    t.strictSame(
      germanAgents.body.rows.map((r) => r.agentId),
      ['anna'],
    );
    // Members of support (anna), counting only support calls (C8, C10): handle (630 + 330) / 2;
    // her time in each state is hers whatever queue it served.
    const supportAgents = await app.get(`${A}?${DAY_QUERY}&queue=support`);
    t.match(supportAgents.body.rows, [
      { agentId: 'anna', answered: 2, averageHandleSeconds: 480, fcrCalls: 0, availableSeconds: 28150 },
    ]);
    t.equal(supportAgents.body.rows.length, 1);
    const ben = await app.get(`${A}?${DAY_QUERY}&agent=ben`);
    t.strictSame(
      ben.body.rows.map((r) => r.agentId),
      ['ben'],
    );
  });

  t.test('per-request counting rules', async (t) => {
    // Short abandons under 2 s: C3 (3 s) is a real abandon: SL 2 / 5, abandon rate 2 / 5.
    const strict = await app.get(`${Q}?${DAY_QUERY}&queue=support&shortAbandonSeconds=2`);
    t.match(strict.body, { shortAbandonSeconds: 2 });
    t.match(strict.body.rows[0], {
      abandoned: 2,
      shortAbandoned: 0,
      serviceLevelPercent: 40,
      abandonRatePercent: 40,
      averageAbandonWaitSeconds: 21.5, // (3 + 40) / 2
    });
    // Under 60 s: C4 (40 s) is short too: SL 2 / 3.
    const lenient = await app.get(`${Q}?${DAY_QUERY}&queue=support&shortAbandonSeconds=60`);
    t.match(lenient.body.rows[0], { abandoned: 0, shortAbandoned: 2, serviceLevelPercent: 66.67 });
    // A 48 h window reaches C12 (24 h 50 min after C7): sales FCR 2 / 5 (C5, C9), ben's 0 / 2.
    const wide = await app.get(`${Q}?${DAY_QUERY}&queue=sales&repeatCallWindowHours=48`);
    t.match(wide.body, { repeatCallWindowHours: 48 });
    t.match(wide.body.rows[0], { fcrCalls: 5, fcrResolved: 2, firstContactResolutionPercent: 40 });
    const benWide = await app.get(`${A}?${DAY_QUERY}&agent=ben&repeatCallWindowHours=48`);
    t.match(benWide.body.rows[0], { fcrCalls: 2, fcrResolved: 0, firstContactResolutionPercent: 0 });
  });
});
