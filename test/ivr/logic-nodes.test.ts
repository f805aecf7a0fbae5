import t from 'tap';
import { DEFAULT_MAX_STEPS } from '../../cti/ivr/flow/interpreter.js';
import { simulateFlow } from '../../cti/ivr/flow/simulator.js';
import type { FlowDocument } from '../../cti/ivr/flow/types.js';
import { flowFrom } from './fixtures/helpers.js';

const at = '2025-06-02T08:00:00Z';

const byCaller = flowFrom(`
name: By caller number
start: route
variables: { vip_list: "" }
nodes:
  route:
    type: branch
    conditions:
      - { variable: caller_number, in: ["+4930111", "+4930222"], next: vip }
      - { variable: caller_number, startsWith: "+49", next: german }
      - { variable: caller_number, matches: "\\\\+86[0-9]+", next: chinese }
      - { variable: caller_number, isEmpty: true, next: anonymous }
    otherwise: other
  vip: { type: queue, queue: support, priority: 10 }
  german: { type: queue, queue: support, skills: [german] }
  chinese: { type: queue, queue: support, skills: [mandarin] }
  anonymous: { type: hangup }
  other: { type: queue, queue: support, skills: [english] }
`);

t.test('branch on the caller number: list, prefix, pattern, empty, otherwise', async (t) => {
  const cases: [string, string, string][] = [
    ['+4930111', 'vip', 'matched condition 1'],
    ['+4940555', 'german', 'matched condition 2'],
    ['+8610555', 'chinese', 'matched condition 3'],
    ['', 'anonymous', 'matched condition 4'],
    ['+1212555', 'other', 'no condition matched'],
  ];
  for (const [callerNumber, node, outcome] of cases) {
    const out = await simulateFlow(byCaller, { callerNumber, dialedNumber: '100', at, digits: [] });
    t.equal(out.path[0]?.outcome, outcome, `${callerNumber || '(withheld)'}: ${outcome}`);
    t.equal(out.exit.node, node);
  }
});

t.test('set: values interpolate the variables as they were before the node', async (t) => {
  const flow = flowFrom(`
name: Set
start: tag
variables: { greeting: "hi" }
nodes:
  tag:
    type: set
    variables: { greeting: "hello \${caller_number}", copy: "\${greeting}", count: 3, flag: true }
    next: done
  done:
    type: hangup
    prompts: [{ say: "\${greeting}, \${copy}, \${count} \${flag}", voice: en }]
`);
  const out = await simulateFlow(flow, { callerNumber: '+4930123', dialedNumber: '100', at, digits: [] });
  t.same(out.path[0]?.assigned, { greeting: 'hello +4930123', copy: 'hi', count: '3', flag: 'true' });
  t.same(out.path[1]?.prompts, [{ kind: 'say', text: 'hello +4930123, hi, 3 true', voice: 'en' }]);
});

const lookup = flowFrom(`
name: CRM lookup
start: crm
nodes:
  crm:
    type: http
    method: POST
    url: https://crm.example.com/callers?number=\${caller_number}
    headers: { authorization: "Bearer demo" }
    body: { number: "\${caller_number}", line: "\${dialed_number}" }
    timeoutSeconds: 2
    results: { customer_name: customer.name, tier: customer.tier, first_case: cases.0.id }
    next: by-tier
    onError: plain
  by-tier:
    type: branch
    conditions: [{ variable: tier, equals: gold, next: gold }]
    otherwise: plain
  gold: { type: queue, queue: support, priority: 50 }
  plain: { type: queue, queue: support }
`);
const crmUrl = 'https://crm.example.com/callers?number=%2B4930123';
const crmCall = { callerNumber: '+4930123', dialedNumber: '100', at, digits: [] };

t.test('http: the answer fills variables; caller input is URL-encoded', async (t) => {
  const out = await simulateFlow(lookup, {
    ...crmCall,
    httpStubs: {
      [`POST ${crmUrl}`]: {
        status: 200,
        body: { customer: { name: 'Ada', tier: 'gold' }, cases: [{ id: 77 }] },
      },
    },
  });
  t.match(out.path[0], { outcome: 'http 200', note: `POST ${crmUrl}`, next: 'by-tier' });
  t.same(out.path[0]?.assigned, { customer_name: 'Ada', tier: 'gold', first_case: '77' });
  t.match(out.exit, { kind: 'queue', priority: 50 });
  t.same(out.notes, []);
});

t.test('http: a stub by URL without the query also answers', async (t) => {
  const out = await simulateFlow(lookup, {
    ...crmCall,
    httpStubs: { 'https://crm.example.com/callers': { status: 200, body: { customer: { tier: 'silver' } } } },
  });
  t.equal(out.path[0]?.outcome, 'http 200');
  t.equal(out.variables.customer_name, '', 'a missing field reads as empty');
  t.equal(out.exit.node, 'plain');
});

t.test('http: timeouts, errors and non-2xx answers take onError', async (t) => {
  const cases = [
    [{ status: 200, body: {}, delayMs: 2500 }, 'error: timeout'],
    [{ error: 'connection refused' }, 'error: connection refused'],
    [{ status: 503, body: 'busy' }, 'http 503'],
  ] as const;
  for (const [stub, outcome] of cases) {
    const out = await simulateFlow(lookup, { ...crmCall, httpStubs: { [crmUrl]: stub } });
    t.match(out.path[0], { outcome, next: 'plain' }, outcome);
  }
});

t.test('http: without a stub the simulation does not call out and takes onError', async (t) => {
  const out = await simulateFlow(lookup, crmCall);
  t.equal(out.path[0]?.outcome, 'error: simulation does not call external hosts');
  t.equal(out.path[0]?.next, 'plain');
  t.match(out.notes, [/no http stub for POST https:\/\/crm\.example\.com/]);
});

t.test('http: a host off the run-time allow-list is refused even if validation was skipped', async (t) => {
  const out = await simulateFlow(lookup, {
    ...crmCall,
    httpAllowList: ['other.example.com'],
    httpStubs: { [crmUrl]: { status: 200, body: {} } },
  });
  t.equal(out.path[0]?.outcome, 'error: host not allowed');
});

t.test('transfer: collected digits are dialled; letters from a lookup never reach the port', async (t) => {
  const flow = flowFrom(`
name: Transfer
start: crm
nodes:
  crm:
    type: http
    url: https://crm.example.com/agent
    results: { agent_ext: ext }
    next: out
    onError: bye
  out:
    type: transfer
    to: "\${agent_ext}"
    route: internal
    timeoutSeconds: 20
    onError: bye
  bye: { type: hangup }
`);
  const good = await simulateFlow(flow, {
    ...crmCall,
    httpStubs: { 'https://crm.example.com/agent': { status: 200, body: { ext: '201' } } },
  });
  t.same(good.exit, { kind: 'transfer', node: 'out', to: '201', route: 'internal' });
  const evil = await simulateFlow(flow, {
    ...crmCall,
    httpStubs: { 'https://crm.example.com/agent': { status: 200, body: { ext: '201&PJSIP/trunk/0900123' } } },
  });
  t.match(evil.path[1], { outcome: 'refused', note: /contains "&"/, next: 'bye' });
  t.match(evil.exit, { kind: 'hangup' });
});

t.test('voicemail and queue end the flow with their details', async (t) => {
  const flow = flowFrom(`
name: Voicemail
start: vm
nodes:
  vm: { type: voicemail, mailbox: "100@default", prompts: [{ sound: vm-intro }], maxSeconds: 60, beep: false }
`);
  const out = await simulateFlow(flow, { ...crmCall });
  t.same(out.exit, { kind: 'voicemail', node: 'vm', mailbox: '100@default' });
  t.equal(out.path[0]?.outcome, 'voicemail');
});

t.test('the step limit stops a caller looping through a menu forever', async (t) => {
  const flow = flowFrom(`
name: Loop
start: main
nodes:
  main:
    type: menu
    prompts: [{ sound: vm-press }]
    options: { "1": main }
    onFailure: bye
  bye: { type: hangup }
`);
  const out = await simulateFlow(flow, { ...crmCall, digits: Array(DEFAULT_MAX_STEPS + 10).fill('1') });
  t.equal(out.path.length, DEFAULT_MAX_STEPS);
  t.match(out.exit, { kind: 'error', message: /stopped after 200 steps/ });
  const short = await simulateFlow(flow, { ...crmCall, digits: ['1', '1', '1', '1'], maxSteps: 3 });
  t.equal(short.path.length, 3);
  t.equal(short.exit.kind, 'error');
});

t.test('the step limit also stops an unvalidated flow that loops without input', async (t) => {
  const flow: FlowDocument = {
    name: 'Spin',
    start: 'a',
    nodes: { a: { type: 'set', variables: { x: '1' }, next: 'a' } },
  };
  const out = await simulateFlow(flow, { ...crmCall });
  t.equal(out.path.length, DEFAULT_MAX_STEPS);
  t.equal(out.exit.kind, 'error');
});

t.test('an unknown node or a missing outlet ends with an error exit, not an exception', async (t) => {
  const flow: FlowDocument = {
    name: 'Broken',
    start: 'a',
    nodes: {
      a: { type: 'play', prompts: [{ sound: 'hello' }], next: 'nowhere' },
      b: { type: 'play', prompts: [] },
    },
  };
  const out = await simulateFlow(flow, { ...crmCall });
  t.same(out.exit, { kind: 'error', node: 'nowhere', message: 'node "nowhere" does not exist' });
  const noNext = await simulateFlow({ ...flow, start: 'b' }, { ...crmCall });
  t.same(noNext.exit, { kind: 'error', node: 'b', message: 'node "b" has no next' });
});
