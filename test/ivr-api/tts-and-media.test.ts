import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { EspeakTextToSpeech } from '../../cti/ivr/prompts/espeak-tts.js';
import { MediaResolver } from '../../cti/ivr/prompts/media.js';
import { type TextToSpeech, TtsInputError } from '../../cti/ivr/prompts/tts.js';
import { AriSoundCatalog, FixedSoundCatalog } from '../../cti/ivr/sound-catalog.js';
import { soxi } from './fixtures/ivr.js';

t.test('espeak-ng speech is 8 kHz mono, and the second request is a cache hit', async (t) => {
  const cacheDir = join(t.testdir(), 'tts');
  const tts = new EspeakTextToSpeech({ cacheDir });
  const text = 'Thank you for calling. Your call is important to us.';

  await tts.voices(); // list voices first so the timings below compare synthesis with a cache hit only
  let started = process.hrtime.bigint();
  const path = await tts.synthesize(text, 'en-us');
  const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
  t.match(soxi(path), { rate: 8000, channels: 1, bits: 16 });
  t.ok(soxi(path).seconds > 1, 'there is speech in it');
  t.equal(tts.synthesized, 1);

  started = process.hrtime.bigint();
  const again = await tts.synthesize(text, 'en-us');
  const hitMs = Number(process.hrtime.bigint() - started) / 1e6;
  t.equal(again, path, 'same file');
  t.equal(tts.synthesized, 1, 'no process started for the cache hit');
  t.same(readdirSync(cacheDir), [path.split('/').at(-1)], 'no new file');
  t.ok(hitMs < synthMs, `cache hit ${hitMs.toFixed(2)} ms < synthesis ${synthMs.toFixed(2)} ms`);
  t.comment(`synthesis ${synthMs.toFixed(1)} ms, cache hit ${hitMs.toFixed(2)} ms`);

  const [a, b, c] = await Promise.all([
    tts.synthesize('Press one for sales.', 'en-us'),
    tts.synthesize('Press one for sales.', 'en-us'),
    tts.synthesize('Press one for sales.', 'EN-US'),
  ]);
  t.equal(a, b);
  t.equal(a, c, 'voice names are case-insensitive');
  t.equal(tts.synthesized, 2, 'three concurrent requests, one synthesis');

  const other = await tts.synthesize('Press one for sales.', 'de');
  t.not(other, a, 'another voice is another file');
  t.ok((await tts.voices()).has('en'), 'bare languages are voices');
  const regional = await tts.synthesize('Drücken Sie die Eins.', 'de-DE');
  t.match(soxi(regional), { rate: 8000, channels: 1 }, 'a region of a known language is spoken');
});

t.test('text and voices are checked before anything runs', async (t) => {
  const tts = new EspeakTextToSpeech({ cacheDir: join(t.testdir(), 'tts') });
  await t.rejects(tts.synthesize('', 'en-us'), TtsInputError);
  await t.rejects(tts.synthesize('x'.repeat(1001), 'en-us'), {
    message: /1001 characters; the limit is 1000/,
  });
  await t.rejects(tts.synthesize('hello', 'xx-nowhere'), {
    message: /voice "xx-nowhere" is not an espeak-ng voice/,
  });
  t.equal(tts.synthesized, 0, 'nothing was started for refused input');
  const dashes = await tts.synthesize('-v xx --voices', 'en-us');
  t.ok(soxi(dashes).seconds > 0.5, 'text that looks like options is spoken, never read as options');
});

t.test('MediaResolver names media the way Asterisk sees the prompts directory', async (t) => {
  const said: Array<[string, string]> = [];
  const tts: TextToSpeech = {
    engine: 'fake',
    synthesize: async (text, voice) => {
      said.push([text, voice]);
      return `/host/var/prompts/tts/abc123.wav`;
    },
    voices: async () => new Set(['en-us', 'en-gb', 'de', 'en']),
  };
  const media = new MediaResolver({
    tts,
    asteriskPromptsDir: '/var/lib/asterisk/prompts',
    defaultVoice: 'en-us',
  });
  t.equal(await media.toMedia({ kind: 'sound', name: 'digits/1' }), 'sound:digits/1');
  t.equal(
    await media.toMedia({ kind: 'upload', id: 'welcome' }),
    'sound:/var/lib/asterisk/prompts/uploads/welcome',
  );
  t.equal(await media.toMedia({ kind: 'say', text: 'Hello' }), 'sound:/var/lib/asterisk/prompts/tts/abc123');
  t.equal(await media.toMedia({ kind: 'digits', digits: '12#' }), 'digits:12#');
  await media.toMedia({ kind: 'say', text: 'Hallo', voice: 'de' });
  await media.toMedia({ kind: 'say', text: 'Hallo' }, 'de');
  await media.toMedia({ kind: 'say', text: 'Hello' }, 'en');
  await media.toMedia({ kind: 'say', text: 'Hello' }, 'en_GB');
  await media.toMedia({ kind: 'say', text: 'Hello' }, 'xx');
  await media.toMedia({ kind: 'say', text: 'Hallo' }, 'de_AT');
  t.same(said, [
    ['Hello', 'en-us'],
    ['Hallo', 'de'],
    ['Hallo', 'de'],
    ['Hello', 'en-us'],
    ['Hello', 'en-gb'],
    ['Hello', 'en-us'],
    ['Hallo', 'de-at'],
  ]);
  await t.rejects(media.toMedia({ kind: 'upload', id: '../../etc/passwd' }), { message: /not a prompt id/ });
  await t.rejects(media.toMedia({ kind: 'digits', digits: '' }), { message: /no digits/ });
});

t.test('the ARI sound catalogue trusts every name until Asterisk answered, then knows', async (t) => {
  let calls = 0;
  let answer: Array<{ id: string }> | Error = new Error('connect ECONNREFUSED');
  const catalog = new AriSoundCatalog(async () => {
    calls++;
    if (answer instanceof Error) throw answer;
    return answer;
  });
  await catalog.start();
  t.notOk(catalog.loaded);
  t.ok(catalog.exists('anything'), 'not loaded: taken on trust');
  await t.rejects(catalog.refresh(), { message: /ARI GET \/sounds\) failed: connect ECONNREFUSED/ });
  answer = [{ id: 'hello-world' }, { id: 'digits/1' }];
  await Promise.all([catalog.refresh(), catalog.refresh()]);
  t.equal(calls, 3, 'concurrent refreshes share one request');
  t.ok(catalog.loaded);
  t.ok(catalog.exists('digits/1'));
  t.notOk(catalog.exists('anything'));
  answer = new Error('timeout');
  await t.rejects(catalog.refresh());
  t.ok(catalog.exists('digits/1'), 'a failed refresh keeps the last list');
  const fixed = new FixedSoundCatalog(['beep']);
  t.ok(fixed.exists('beep'));
  t.notOk(fixed.exists('boop'));
});
