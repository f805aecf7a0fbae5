import t from 'tap';
import { checkDialTarget, safeDialTarget, UnsafeDialTargetError } from '../../cti/ivr/flow/dial-safety.js';

t.test('keypad numbers pass unchanged', async (t) => {
  for (const ok of ['201', '+493012345678', '*98', '#31#0049301234', '0'])
    t.equal(safeDialTarget(ok), ok, ok);
});

t.test('anything that could change a Dial string is refused, naming the character', async (t) => {
  const cases: [unknown, RegExp][] = [
    ['500&PJSIP/trunk/0049301234', /contains "&"/],
    ['PJSIP/trunk/500', /contains "P"/],
    ['500,30,tT', /contains ","/],
    ['500|30', /contains "\|"/],
    [`\${EXTEN}`, /contains "\$"/],
    ['500)', /contains "\)"/],
    ['12 34', /contains " "/],
    ['12\n34', /contains "\\n"/],
    ['49+30', /contains "\+"/],
    ['++49', /contains "\+"/],
    ['', /is empty/],
    ['1'.repeat(33), /longer than 32 keys/],
    [42, /must be text, got number/],
    [undefined, /must be text/],
  ];
  for (const [raw, reason] of cases) {
    const check = checkDialTarget(raw);
    t.equal(check.ok, false, JSON.stringify(raw));
    if (!check.ok) t.match(check.reason, reason);
    t.throws(() => safeDialTarget(raw), UnsafeDialTargetError);
  }
});

t.test('the thrown error starts with "transfer target" and carries the value', async (t) => {
  try {
    safeDialTarget('500&PJSIP/trunk/1');
    t.fail('should throw');
  } catch (err) {
    t.type(err, UnsafeDialTargetError);
    t.match((err as Error).message, /^transfer target "500&PJSIP\/trunk\/1" contains "&"; only digits/);
    t.equal((err as UnsafeDialTargetError).target, '500&PJSIP/trunk/1');
  }
});
