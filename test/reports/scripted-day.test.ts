// Report figures for the scripted day (test/reports/scripted-day.ts: read its timeline first)
// equal the values computed here by hand, per queue and per agent, by quarter hour, hour, day and month.
import t, { type Test } from 'tap';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { CallLog } from '../../cti/calls/call-log.js';
import { reportApp, rowsOf } from './report-app.js';
import { setUpQueuesAndAgents, writeScriptedDay, ZONE } from './scripted-day.js';

const Q = '/api/reports/queues';
const A = '/api/reports/agents';
const P = '/api/reports/pauses';
const DAY_QUERY = 'from=2025-06-10&to=2025-06-10';

type Figures = Record<string, number | null>;

/** A queue row with nothing in it. */
const EMPTY_QUEUE: Figures = {
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  overflowed: 0,
  removed: 0,
  stillWaiting: 0,
  answeredWithinServiceLevel: 0,
  serviceLevelPercent: null,
  abandonRatePercent: null,
  averageSpeedOfAnswerSeconds: null,
  longestAnswerWaitSeconds: null,
  averageAbandonWaitSeconds: null,
  handledCalls: 0,
  averageHandleSeconds: null,
  averageTalkSeconds: null,
  averageWrapUpSeconds: null,
  fcrCalls: 0,
  fcrResolved: 0,
  firstContactResolutionPercent: null,
  answerWaitSeconds: 0,
  handledTalkSeconds: 0,
  handledWrapUpSeconds: 0,
};

const sales = (start: string, end: string, figures: Figures) => ({
  queueId: 'sales',
  queueName: 'Sales',
  start,
  end,
  ...EMPTY_QUEUE,
  serviceLevelSeconds: 20,
  ...figures,
});
const support = (start: string, end: string, figures: Figures) => ({
  queueId: 'support',
  queueName: 'Support',
  start,
  end,
  ...EMPTY_QUEUE,
  serviceLevelSeconds: 30,
  ...figures,
});

/** An agent row: call figures default to none, state times must be given. */
const agentRow = (id: 'anna' | 'ben', start: string, end: string, figures: Figures) => ({
  agentId: id,
  agentName: id === 'anna' ? 'Anna' : 'Ben',
  start,
  end,
  answered: 0,
  missedOffers: 0,
  handledCalls: 0,
  averageHandleSeconds: null,
  averageTalkSeconds: null,
  averageWrapUpSeconds: null,
  fcrCalls: 0,
  fcrResolved: 0,
  firstContactResolutionPercent: null,
  offeringSeconds: 0,
  onCallSeconds: 0,
  wrapUpSeconds: 0,
  pausedSeconds: 0,
  handledTalkSeconds: 0,
  handledWrapUpSeconds: 0,
  ...figures,
});

const hour = (h: number) => `2025-06-10T${String(h).padStart(2, '0')}:00:00+02:00`;

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
        // repeats within 24 h: C1 (C6 from +4930111), C2 (C11 next morning), C6 (C10); resolved C5, C7, C9: 3 / 6
        fcrCalls: 6,
        fcrResolved: 3,
        firstContactResolutionPercent: 50,
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
        fcrCalls: 1,
        fcrResolved: 1,
        firstContactResolutionPercent: 100,
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
        // with a number: C1 (repeat), C5, C9, C10 → 3 / 4
        fcrCalls: 4,
        fcrResolved: 3,
        firstContactResolutionPercent: 75,
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
        // C2 and C6 repeated, C7 not: 1 / 3
        fcrCalls: 3,
        fcrResolved: 1,
        firstContactResolutionPercent: 33.33,
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

  t.test('queues by hour: every hour of both queues, the busy ones as computed', async (t) => {
    const { body } = await app.get(`${Q}?${DAY_QUERY}&interval=hour`);
    t.equal(body.rows.length, 48, '24 hours × 2 queues');
    const busy: Record<string, Record<string, ReturnType<typeof sales>>> = {
      sales: {
        // C1 (10 s), C2 (25 s): ASA 17.5, 1 of 2 within 20 s; handle (270 + 320) / 2 = 295; both repeated
        [hour(9)]: sales(hour(9), hour(10), {
          offered: 2,
          answered: 2,
          answerWaitSeconds: 35,
          averageSpeedOfAnswerSeconds: 17.5,
          longestAnswerWaitSeconds: 25,
          answeredWithinServiceLevel: 1,
          serviceLevelPercent: 50,
          abandonRatePercent: 0,
          handledCalls: 2,
          handledTalkSeconds: 540,
          handledWrapUpSeconds: 50,
          averageTalkSeconds: 270,
          averageWrapUpSeconds: 25,
          averageHandleSeconds: 295,
          fcrCalls: 2,
          fcrResolved: 0,
          firstContactResolutionPercent: 0,
        }),
        // C5 (5 s), C6 (entered 10:14:50, 20 s): ASA 12.5, both within; handle (150 + 330) / 2 = 240; C6 repeated
        [hour(10)]: sales(hour(10), hour(11), {
          offered: 2,
          answered: 2,
          answerWaitSeconds: 25,
          averageSpeedOfAnswerSeconds: 12.5,
          longestAnswerWaitSeconds: 20,
          answeredWithinServiceLevel: 2,
          serviceLevelPercent: 100,
          abandonRatePercent: 0,
          handledCalls: 2,
          handledTalkSeconds: 420,
          handledWrapUpSeconds: 60,
          averageTalkSeconds: 210,
          averageWrapUpSeconds: 30,
          averageHandleSeconds: 240,
          fcrCalls: 2,
          fcrResolved: 1,
          firstContactResolutionPercent: 50,
        }),
        // C7: 30 s, outside the 20 s service level
        [hour(12)]: sales(hour(12), hour(13), {
          offered: 1,
          answered: 1,
          answerWaitSeconds: 30,
          averageSpeedOfAnswerSeconds: 30,
          longestAnswerWaitSeconds: 30,
          serviceLevelPercent: 0,
          abandonRatePercent: 0,
          handledCalls: 1,
          handledTalkSeconds: 120,
          handledWrapUpSeconds: 30,
          averageTalkSeconds: 120,
          averageWrapUpSeconds: 30,
          averageHandleSeconds: 150,
          fcrCalls: 1,
          fcrResolved: 1,
          firstContactResolutionPercent: 100,
        }),
        // C9: 8 s
        [hour(15)]: sales(hour(15), hour(16), {
          offered: 1,
          answered: 1,
          answerWaitSeconds: 8,
          averageSpeedOfAnswerSeconds: 8,
          longestAnswerWaitSeconds: 8,
          answeredWithinServiceLevel: 1,
          serviceLevelPercent: 100,
          abandonRatePercent: 0,
          handledCalls: 1,
          handledTalkSeconds: 120,
          handledWrapUpSeconds: 30,
          averageTalkSeconds: 120,
          averageWrapUpSeconds: 30,
          averageHandleSeconds: 150,
          fcrCalls: 1,
          fcrResolved: 1,
          firstContactResolutionPercent: 100,
        }),
      },
      support: {
        // C3 short (3 s), C4 abandoned (40 s): service level 0 / (2 - 1); abandon rate 1 / 1
        [hour(9)]: support(hour(9), hour(10), {
          offered: 2,
          abandoned: 1,
          shortAbandoned: 1,
          serviceLevelPercent: 0,
          abandonRatePercent: 100,
          averageAbandonWaitSeconds: 40,
        }),
        // C5 overflowed to sales after 60 s: offered here, not answered here
        [hour(10)]: support(hour(10), hour(11), {
          offered: 1,
          overflowed: 1,
          serviceLevelPercent: 0,
          abandonRatePercent: 0,
        }),
        // C8: 15 s, no caller number
        [hour(14)]: support(hour(14), hour(15), {
          offered: 1,
          answered: 1,
          answerWaitSeconds: 15,
          averageSpeedOfAnswerSeconds: 15,
          longestAnswerWaitSeconds: 15,
          answeredWithinServiceLevel: 1,
          serviceLevelPercent: 100,
          abandonRatePercent: 0,
          handledCalls: 1,
          handledTalkSeconds: 600,
          handledWrapUpSeconds: 30,
          averageTalkSeconds: 600,
          averageWrapUpSeconds: 30,
          averageHandleSeconds: 630,
        }),
        // C10: 20 s
        [hour(16)]: support(hour(16), hour(17), {
          offered: 1,
          answered: 1,
          answerWaitSeconds: 20,
          averageSpeedOfAnswerSeconds: 20,
          longestAnswerWaitSeconds: 20,
          answeredWithinServiceLevel: 1,
          serviceLevelPercent: 100,
          abandonRatePercent: 0,
          handledCalls: 1,
          handledTalkSeconds: 300,
          handledWrapUpSeconds: 30,
          averageTalkSeconds: 300,
          averageWrapUpSeconds: 30,
          averageHandleSeconds: 330,
          fcrCalls: 1,
          fcrResolved: 1,
          firstContactResolutionPercent: 100,
        }),
      },
    };
    for (const queue of ['sales', 'support'] as const) {
      const rows = rowsOf(body.rows as Array<{ start: string }>, 'queueId', queue);
      t.equal(rows.size, 24, `${queue}: 24 hourly rows`);
      for (let h = 0; h < 24; h++) {
        const end = h === 23 ? '2025-06-11T00:00:00+02:00' : hour(h + 1);
        const want = busy[queue]?.[hour(h)] ?? (queue === 'sales' ? sales : support)(hour(h), end, {});
        t.strictSame(rows.get(hour(h)), want, `${queue} ${hour(h)}`);
      }
    }
  });

  t.test('agents by hour: a row for each hour logged in', async (t) => {
    const { body } = await app.get(`${A}?${DAY_QUERY}&interval=hour`);
    const h = (n: number) => [hour(n), hour(n + 1)] as const;
    const idle = (id: 'anna' | 'ben', n: number, available = 3600, extra = {}) =>
      agentRow(id, ...h(n), {
        loggedInSeconds: 3600,
        availableSeconds: available,
        occupancyPercent: 0,
        ...extra,
      });
    t.strictSame(body.rows, [
      idle('anna', 8),
      // C1 answered 09:00:10: reserved 8 s, talk 240, wrap-up 30; available 3600 - 278 = 3322; 270 / 3592 = 7.52 %
      agentRow('anna', ...h(9), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 270,
        averageTalkSeconds: 240,
        averageWrapUpSeconds: 30,
        fcrCalls: 1,
        fcrResolved: 0,
        firstContactResolutionPercent: 0,
        loggedInSeconds: 3600,
        availableSeconds: 3322,
        offeringSeconds: 8,
        onCallSeconds: 240,
        wrapUpSeconds: 30,
        occupancyPercent: 7.52,
        handledTalkSeconds: 240,
        handledWrapUpSeconds: 30,
      }),
      // C5: 4 + 120 + 30; available 3446; 150 / 3596 = 4.17 %
      agentRow('anna', ...h(10), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 150,
        averageTalkSeconds: 120,
        averageWrapUpSeconds: 30,
        fcrCalls: 1,
        fcrResolved: 1,
        firstContactResolutionPercent: 100,
        loggedInSeconds: 3600,
        availableSeconds: 3446,
        offeringSeconds: 4,
        onCallSeconds: 120,
        wrapUpSeconds: 30,
        occupancyPercent: 4.17,
        handledTalkSeconds: 120,
        handledWrapUpSeconds: 30,
      }),
      idle('anna', 11),
      // lunch 12:00-12:45: paused 2700, available 900, occupancy 0 / 900
      idle('anna', 12, 900, { pausedSeconds: 2700 }),
      idle('anna', 13),
      // C8 (no number: no FCR): 5 + 600 + 30; available 2965; 630 / 3595 = 17.52 %
      agentRow('anna', ...h(14), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 630,
        averageTalkSeconds: 600,
        averageWrapUpSeconds: 30,
        loggedInSeconds: 3600,
        availableSeconds: 2965,
        offeringSeconds: 5,
        onCallSeconds: 600,
        wrapUpSeconds: 30,
        occupancyPercent: 17.52,
        handledTalkSeconds: 600,
        handledWrapUpSeconds: 30,
      }),
      // C9: 1 + 120 + 30; available 3449; 150 / 3599 = 4.17 %
      agentRow('anna', ...h(15), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 150,
        averageTalkSeconds: 120,
        averageWrapUpSeconds: 30,
        fcrCalls: 1,
        fcrResolved: 1,
        firstContactResolutionPercent: 100,
        loggedInSeconds: 3600,
        availableSeconds: 3449,
        offeringSeconds: 1,
        onCallSeconds: 120,
        wrapUpSeconds: 30,
        occupancyPercent: 4.17,
        handledTalkSeconds: 120,
        handledWrapUpSeconds: 30,
      }),
      // C10: 2 + 300 + 30; available 3268; 330 / 3598 = 9.17 %
      agentRow('anna', ...h(16), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 330,
        averageTalkSeconds: 300,
        averageWrapUpSeconds: 30,
        fcrCalls: 1,
        fcrResolved: 1,
        firstContactResolutionPercent: 100,
        loggedInSeconds: 3600,
        availableSeconds: 3268,
        offeringSeconds: 2,
        onCallSeconds: 300,
        wrapUpSeconds: 30,
        occupancyPercent: 9.17,
        handledTalkSeconds: 300,
        handledWrapUpSeconds: 30,
      }),
      idle('ben', 8),
      // C2: 5 + 300 + 20; available 3275; 320 / 3595 = 8.90 %
      agentRow('ben', ...h(9), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 320,
        averageTalkSeconds: 300,
        averageWrapUpSeconds: 20,
        fcrCalls: 1,
        fcrResolved: 0,
        firstContactResolutionPercent: 0,
        loggedInSeconds: 3600,
        availableSeconds: 3275,
        offeringSeconds: 5,
        onCallSeconds: 300,
        wrapUpSeconds: 20,
        occupancyPercent: 8.9,
        handledTalkSeconds: 300,
        handledWrapUpSeconds: 20,
      }),
      // C6: 5 + 300 + 30; available 3265; 330 / 3595 = 9.18 %
      agentRow('ben', ...h(10), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 330,
        averageTalkSeconds: 300,
        averageWrapUpSeconds: 30,
        fcrCalls: 1,
        fcrResolved: 0,
        firstContactResolutionPercent: 0,
        loggedInSeconds: 3600,
        availableSeconds: 3265,
        offeringSeconds: 5,
        onCallSeconds: 300,
        wrapUpSeconds: 30,
        occupancyPercent: 9.18,
        handledTalkSeconds: 300,
        handledWrapUpSeconds: 30,
      }),
      idle('ben', 11),
      // C7: 5 + 120 + 30; available 3445; 150 / 3595 = 4.17 %
      agentRow('ben', ...h(12), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 150,
        averageTalkSeconds: 120,
        averageWrapUpSeconds: 30,
        fcrCalls: 1,
        fcrResolved: 1,
        firstContactResolutionPercent: 100,
        loggedInSeconds: 3600,
        availableSeconds: 3445,
        offeringSeconds: 5,
        onCallSeconds: 120,
        wrapUpSeconds: 30,
        occupancyPercent: 4.17,
        handledTalkSeconds: 120,
        handledWrapUpSeconds: 30,
      }),
      // training from 13:50: 600 paused here, 1200 in the next hour
      idle('ben', 13, 3000, { pausedSeconds: 600 }),
      idle('ben', 14, 2400, { pausedSeconds: 1200 }),
      // rang 5 s for C9 without answering
      idle('ben', 15, 3595, { missedOffers: 1, offeringSeconds: 5 }),
      idle('ben', 16),
    ]);
  });

  t.test('quarter hours: spans split at each boundary', async (t) => {
    const queues = await app.get(`${Q}?${DAY_QUERY}&interval=15m`);
    t.equal(queues.body.rows.length, 2 * 96, '96 quarters × 2 queues');
    const sales15 = rowsOf(queues.body.rows as Array<{ start: string }>, 'queueId', 'sales');
    // C5 (10:01:00) and C6 (10:14:50) both entered in 10:00-10:15
    t.match(sales15.get('2025-06-10T10:00:00+02:00'), {
      end: '2025-06-10T10:15:00+02:00',
      offered: 2,
      averageSpeedOfAnswerSeconds: 12.5,
    });
    t.match(sales15.get('2025-06-10T10:15:00+02:00'), { offered: 0, averageSpeedOfAnswerSeconds: null });

    const agents = await app.get(`${A}?${DAY_QUERY}&interval=15m`);
    t.equal(agents.body.rows.length, 72, 'anna and ben: 36 quarters each, 08:00-17:00');
    const ben = rowsOf(agents.body.rows as Array<{ start: string }>, 'agentId', 'ben');
    const q = (hm: string) => `2025-06-10T${hm}:00+02:00`;
    // C2: reserved 09:10:20-25, talk 09:10:25-09:15:25 → 275 s before 09:15 and 25 s after, wrap-up 20 s
    // after. The call counts (with its whole handling) in the quarter it was answered in.
    t.strictSame(
      ben.get(q('09:00')),
      agentRow('ben', q('09:00'), q('09:15'), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 320,
        averageTalkSeconds: 300,
        averageWrapUpSeconds: 20,
        fcrCalls: 1,
        fcrResolved: 0,
        firstContactResolutionPercent: 0,
        // 900 - 5 - 275 = 620 available; occupancy 275 / (275 + 620) = 30.73 %
        loggedInSeconds: 900,
        availableSeconds: 620,
        offeringSeconds: 5,
        onCallSeconds: 275,
        occupancyPercent: 30.73,
        handledTalkSeconds: 300,
        handledWrapUpSeconds: 20,
      }),
    );
    t.strictSame(
      ben.get(q('09:15')),
      // 25 on call + 20 wrap-up; 855 available; 45 / 900 = 5 %
      agentRow('ben', q('09:15'), q('09:30'), {
        loggedInSeconds: 900,
        availableSeconds: 855,
        onCallSeconds: 25,
        wrapUpSeconds: 20,
        occupancyPercent: 5,
      }),
    );

    const pauses = await app.get(`${P}?${DAY_QUERY}&interval=15m`);
    const training = pauses.body.rows
      .filter((r) => r.reason === 'training')
      .map((r) => [r.start, r.pauses, r.pausedSeconds]);
    t.strictSame(training, [
      [q('13:45'), 1, 600],
      [q('14:00'), 0, 900],
      [q('14:15'), 0, 300],
    ]);
    t.equal(pauses.body.rows.filter((r) => r.reason === 'lunch').length, 3, 'lunch: three full quarters');
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
    const dayFigures = byDay.body.rows.map((r: Figures) => ({ ...r, start: m('06'), end: m('07') }));
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
      firstContactResolutionPercent: 50,
    });
    // Agents and pauses: rows only for the month they were logged in, the same as the day.
    for (const path of [A, P]) {
      const day = await app.get(`${path}?${DAY_QUERY}&interval=day`);
      const month = await app.get(`${path}?${months}`);
      t.strictSame(
        month.body.rows,
        day.body.rows.map((r: Figures) => ({ ...r, start: m('06'), end: m('07') })),
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
      { agentId: 'anna', answered: 2, averageHandleSeconds: 480, fcrCalls: 1, availableSeconds: 28150 },
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
    // A 48 h window reaches C12 (24 h 50 min after C7): sales FCR 2 / 6, ben's 0 / 3.
    const wide = await app.get(`${Q}?${DAY_QUERY}&queue=sales&repeatCallWindowHours=48`);
    t.match(wide.body, { repeatCallWindowHours: 48 });
    t.match(wide.body.rows[0], { fcrCalls: 6, fcrResolved: 2, firstContactResolutionPercent: 33.33 });
    const benWide = await app.get(`${A}?${DAY_QUERY}&agent=ben&repeatCallWindowHours=48`);
    t.match(benWide.body.rows[0], { fcrResolved: 0, firstContactResolutionPercent: 0 });
  });
});

/** Anna answers a call at 23:58:30 on `day` and talks 300 s, 210 of them on `next` (its first day). */
async function lateCall(t: Test, day: string, next: string) {
  const app = await reportApp(t, ZONE, '2025-07-12T12:00:00Z');
  setUpQueuesAndAgents(app.admin);
  const db = app.database.db;
  const store = new AcdStore(db);
  const call = new CallLog(db).recordStart({
    channelId: 'late-call',
    callerNumber: '+4930888',
    callerName: null,
    dialedNumber: '600',
    startedAt: new Date(`${day}T23:57:55+02:00`),
  });
  // Waits 23:58:00-23:58:30, talks to anna until 00:03:30 (300 s: 90 before midnight), wraps up 30 s.
  store.enter(call.id, 'sales', 0, [], new Date(`${day}T23:58:00+02:00`));
  store.leave(call.id, 'answered', new Date(`${day}T23:58:30+02:00`), 'anna');
  const change = (to: 'available' | 'on-call' | 'wrap-up' | 'logged-out', iso: string) => ({
    agentId: 'anna',
    from: 'available' as const,
    to,
    at: Date.parse(iso),
  });
  store.transitions([
    change('available', `${day}T23:50:00+02:00`),
    change('on-call', `${day}T23:58:30+02:00`),
    change('wrap-up', `${next}T00:03:30+02:00`),
    change('available', `${next}T00:04:00+02:00`),
    change('logged-out', `${next}T00:10:00+02:00`),
  ]);
  return app;
}

/** The late call by `interval`: the first row (day or month of the answer) and the next. */
async function lateCallRows(
  t: Test,
  app: Awaited<ReturnType<typeof lateCall>>,
  query: string,
  starts: [string, string],
) {
  const queues = await app.get(`${Q}?${query}&queue=sales`);
  t.match(queues.body.rows, [
    { start: starts[0], offered: 1, answered: 1, averageHandleSeconds: 330 },
    { start: starts[1], offered: 0, averageHandleSeconds: null },
  ]);
  const agents = await app.get(`${A}?${query}`);
  t.match(agents.body.rows, [
    // 23:50-23:58:30 available (510 s), 90 s on call before midnight
    { start: starts[0], answered: 1, averageHandleSeconds: 330, onCallSeconds: 90, availableSeconds: 510 },
    // 210 s on call, 30 s wrap-up, 00:04-00:10 available (360 s)
    { start: starts[1], answered: 0, onCallSeconds: 210, wrapUpSeconds: 30, availableSeconds: 360 },
  ]);
}

t.test('a call across midnight counts on the day it came; its talk is split between the days', async (t) => {
  const app = await lateCall(t, '2025-06-10', '2025-06-11');
  await lateCallRows(t, app, 'from=2025-06-10&to=2025-06-11', [
    '2025-06-10T00:00:00+02:00',
    '2025-06-11T00:00:00+02:00',
  ]);
});

t.test('a call across the month end counts in June; its talk is split between June and July', async (t) => {
  const app = await lateCall(t, '2025-06-30', '2025-07-01');
  await lateCallRows(t, app, 'from=2025-06-01&to=2025-07-31&interval=month', [
    '2025-06-01T00:00:00+02:00',
    '2025-07-01T00:00:00+02:00',
  ]);
});
