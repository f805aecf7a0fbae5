import t from 'tap';
import { parseReason, searchPath, suggestPath } from '../../web-softphone/src/lib/knowledge.js';
import {
  clip,
  ivrChoiceTrail,
  statusTone,
  type TicketDraft,
  ticketPart,
  ticketProblem,
} from '../../web-softphone/src/lib/tickets.js';

const draft = (over: Partial<TicketDraft>): TicketDraft => ({
  mode: 'none',
  ticketId: null,
  subject: '',
  category: '',
  priority: 'normal',
  notes: '',
  ...over,
});

t.test('the wrap-up sends ticketId, newTicket or nothing', async (t) => {
  t.same(ticketPart(draft({ mode: 'none', ticketId: 7 })), {}, 'no ticket sends neither field');
  t.same(ticketPart(draft({ mode: 'link', ticketId: 7, subject: 'x' })), { ticketId: 7 });
  t.same(
    ticketPart(
      draft({
        mode: 'new',
        subject: '  Billing call  ',
        category: ' billing ',
        priority: 'high',
        notes: ' Asked ',
      }),
    ),
    { newTicket: { subject: 'Billing call', description: 'Asked', category: 'billing', priority: 'high' } },
  );
  t.same(
    ticketPart(draft({ mode: 'new', subject: 'S' })),
    { newTicket: { subject: 'S', priority: 'normal' } },
    'empty category and notes are left out',
  );
  const long = ticketPart(draft({ mode: 'new', subject: '票'.repeat(250) })) as {
    newTicket: { subject: string };
  };
  t.equal([...long.newTicket.subject].length, 200, 'subject cut to the API limit');
});

t.test('what stops the wrap-up from being sent', async (t) => {
  t.equal(ticketProblem(draft({ mode: 'link' })), 'needTicket');
  t.equal(ticketProblem(draft({ mode: 'new', subject: '   ' })), 'needSubject');
  t.equal(ticketProblem(draft({ mode: 'new', subject: 'ok' })), null);
  t.equal(ticketProblem(draft({ mode: 'none' })), null);
});

t.test('a subject from the IVR menus the caller chose, never their digits', async (t) => {
  const ivr = {
    flowId: 1,
    flowName: 'main',
    flowVersion: 2,
    variables: {},
    steps: [
      { node: 'welcome', outcome: 'played' },
      { node: 'menu', outcome: 'option 2', digits: '2' },
      { node: 'billing', outcome: 'option 1', digits: '1' },
      { node: 'account', outcome: 'collected', digits: '4711' },
      { node: 'support', outcome: 'queued' },
    ],
  };
  t.equal(ivrChoiceTrail(ivr), 'menu › billing');
  t.equal(
    ivrChoiceTrail({
      ...ivr,
      steps: [
        { node: 'welcome', outcome: 'played' },
        { node: 'q', outcome: 'queued' },
      ],
    }),
    'welcome',
    'without choices, the nodes before the queue',
  );
  t.equal(ivrChoiceTrail(null), null);
  t.equal(ivrChoiceTrail({ ...ivr, steps: [] }), null);
  t.equal(clip('abc', 2), 'a…');
  t.equal(clip(' abc ', 5), 'abc');
});

t.test('status chips use the app colours', async (t) => {
  t.equal(statusTone('new'), 'busy');
  t.equal(statusTone('open'), 'busy');
  t.equal(statusTone('pending'), 'wait');
  t.equal(statusTone('resolved'), 'ok');
  t.equal(statusTone('closed'), 'off');
});

t.test('knowledge addresses and reasons', async (t) => {
  t.equal(suggestPath(42, null), '/api/knowledge/suggest?callId=42');
  t.equal(
    suggestPath(42, ' billing & refunds '),
    '/api/knowledge/suggest?callId=42&category=billing+%26+refunds',
  );
  t.equal(searchPath('  '), null);
  t.equal(
    searchPath('退款 流程'),
    `/api/knowledge/search?q=${encodeURIComponent('退款 流程').replace(/%20/g, '+')}`,
  );
  t.equal([...new URLSearchParams((searchPath('x'.repeat(300)) ?? '').split('?')[1]).get('q')!].length, 200);
  t.same(parseReason('category:billing'), { kind: 'category', value: 'billing' });
  t.same(parseReason('node:menu:2'), { kind: 'node', value: 'menu:2' });
  t.equal(parseReason('other'), null);
});
