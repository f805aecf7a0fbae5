// Report figures for the scripted day (test/reports/scripted-day.ts: read its timeline first) by hour
// and quarter hour equal the values computed here by hand: every row of both queues and agents.
import t from 'tap';
import { A, agentRow, DAY_QUERY, hour, P, Q, sales, support } from './expected-rows.js';
import { reportApp, rowsOf } from './report-app.js';
import { setUpQueuesAndAgents, writeScriptedDay, ZONE } from './scripted-day.js';

t.test('the scripted day by hour and quarter hour', async (t) => {
  const app = await reportApp(t, ZONE, '2025-06-12T12:00:00Z');
  setUpQueuesAndAgents(app.admin);
  writeScriptedDay(app.database.db);

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
        // C5 (5 s), C6 (entered 10:14:50, 20 s): ASA 12.5, both within; handle (150 + 330) / 2 = 240; C6 repeats C1 (answered at 09:00): FCR of C5 only
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
          fcrCalls: 1,
          fcrResolved: 1,
          firstContactResolutionPercent: 100,
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
          fcrCalls: 0,
          fcrResolved: 0,
          firstContactResolutionPercent: null,
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
      // C10 (repeats C6: no first contact): 2 + 300 + 30; available 3268; 330 / 3598 = 9.17 %
      agentRow('anna', ...h(16), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 330,
        averageTalkSeconds: 300,
        averageWrapUpSeconds: 30,
        fcrCalls: 0,
        fcrResolved: 0,
        firstContactResolutionPercent: null,
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
      // C6 (repeats C1: no first contact): 5 + 300 + 30; available 3265; 330 / 3595 = 9.18 %
      agentRow('ben', ...h(10), {
        answered: 1,
        handledCalls: 1,
        averageHandleSeconds: 330,
        averageTalkSeconds: 300,
        averageWrapUpSeconds: 30,
        fcrCalls: 0,
        fcrResolved: 0,
        firstContactResolutionPercent: null,
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
});
