import t from 'tap';
import { Keypad } from '../../cti/ivr/call/keypad.js';

const read = { max: 4, terminator: '#', firstTimeoutMs: 60, interDigitTimeoutMs: 40 };

t.test('keys are dropped while nothing listens', async (t) => {
  const pad = new Keypad();
  pad.keyPressed('1');
  t.same(await pad.read(read), { digits: '', ended: 'timeout' });
});

t.test('barge-in: the first key interrupts, the rest of the burst is buffered for the read', async (t) => {
  const pad = new Keypad();
  const keys: string[] = [];
  pad.listenForBargeIn((k) => keys.push(k));
  pad.keyPressed('4');
  pad.keyPressed('2');
  t.same(keys, ['4'], 'only the first key interrupts');
  t.same(await pad.read({ ...read, initial: '4' }), { digits: '42', ended: 'timeout' }, 'initial + buffered');
});

t.test('keys after a prompt ended count for the following read; the terminator ends it', async (t) => {
  const pad = new Keypad();
  pad.listenForBargeIn(() => t.fail('no key came during the prompt'));
  pad.bufferUntilRead();
  pad.keyPressed('7');
  const reading = pad.read(read);
  pad.keyPressed('8');
  pad.keyPressed('#');
  t.same(await reading, { digits: '78', ended: 'terminator' });
});

t.test('max digits ends the read at once; non-DTMF characters are ignored', async (t) => {
  const pad = new Keypad();
  const reading = pad.read({ ...read, max: 2 });
  pad.keyPressed('x');
  pad.keyPressed('1');
  pad.keyPressed('2');
  pad.keyPressed('3');
  t.same(await reading, { digits: '12', ended: 'max' });
});

t.test(
  'inter-digit timeout ends with the digits so far; hang-up resolves pending and later reads',
  async (t) => {
    const pad = new Keypad();
    const reading = pad.read(read);
    pad.keyPressed('5');
    t.same(await reading, { digits: '5', ended: 'timeout' });
    const pending = pad.read(read);
    pad.hangup();
    t.equal(await pending, 'hangup');
    t.equal(await pad.read(read), 'hangup');
  },
);

t.test('a new non-interruptible prompt throws away buffered keys', async (t) => {
  const pad = new Keypad();
  pad.bufferUntilRead();
  pad.keyPressed('9');
  pad.ignoreKeys();
  t.same(await pad.read(read), { digits: '', ended: 'timeout' });
});
