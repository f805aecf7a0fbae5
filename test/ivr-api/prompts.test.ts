import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { MAX_PROMPT_BYTES } from '../../cti/ivr/prompts/prompt-service.js';
import { type IvrHarness, ivrHarness, soxi, synthAudio, tinyFlow } from './fixtures/ivr.js';

function upload(
  h: IvrHarness,
  name: string,
  body: Buffer | string,
  contentType: string | undefined,
  description?: string,
) {
  const query = new URLSearchParams({ name, ...(description ? { description } : {}) });
  return h.app.inject({
    method: 'POST',
    url: `/api/prompts?${query}`,
    headers: { ...h.admin, ...(contentType ? { 'content-type': contentType } : {}) },
    payload: body,
  });
}

t.test('a WAV upload is stored as 8 kHz mono 16-bit WAV with its duration', async (t) => {
  const h = await ivrHarness(t);
  const dir = t.testdir();
  const wav = synthAudio(dir, 'wav', { seconds: 2, rate: 44100, channels: 2 });
  const res = await upload(h, 'Welcome Message (Main)', wav, 'audio/wav', 'first words callers hear');
  t.equal(res.statusCode, 201, res.body);
  const prompt = res.json();
  t.match(prompt, {
    id: 'welcome-message-main',
    originalName: 'Welcome Message (Main)',
    description: 'first words callers hear',
    usedBy: [],
  });
  t.ok(Math.abs(prompt.durationMs - 2000) <= 20, `duration ${prompt.durationMs} ms is about 2 s`);

  const stored = join(h.settings.ivr.promptsDir, 'uploads', 'welcome-message-main.wav');
  t.same(soxi(stored).rate, 8000, '8 kHz');
  t.same(soxi(stored).channels, 1, 'mono');
  t.same(soxi(stored).bits, 16, '16-bit');
  t.same(
    readdirSync(join(h.settings.ivr.promptsDir, 'uploads')),
    ['welcome-message-main.wav'],
    'no temp files left',
  );

  const audio = await h.app.inject({
    method: 'GET',
    url: '/api/prompts/welcome-message-main/audio',
    headers: h.supervisor,
  });
  t.equal(audio.statusCode, 200);
  t.equal(audio.headers['content-type'], 'audio/wav');
  t.equal(audio.rawPayload.subarray(0, 4).toString(), 'RIFF');
  t.equal(audio.rawPayload.length, prompt.sizeBytes);
  const downloaded = join(dir, 'downloaded.wav');
  writeFileSync(downloaded, audio.rawPayload);
  t.equal(soxi(downloaded).rate, 8000);

  const again = await upload(h, 'welcome message main', wav, 'audio/x-wav');
  t.equal(again.statusCode, 409, 'the same slug is taken');
  t.match(again.json().message, /prompt "welcome-message-main" already exists/);

  const list = await h.call('GET', '/api/prompts');
  t.same(
    list.json().items.map((p: { id: string }) => p.id),
    ['welcome-message-main'],
  );
  t.equal((await h.call('GET', '/api/prompts/welcome-message-main')).json().sizeBytes, prompt.sizeBytes);
  t.equal((await h.call('GET', '/api/prompts/nope')).statusCode, 404);
});

t.test('an MP3 upload works too', async (t) => {
  const h = await ivrHarness(t);
  const mp3 = synthAudio(t.testdir(), 'mp3', { seconds: 1 });
  const res = await upload(h, 'hold-music', mp3, 'audio/mpeg');
  t.equal(res.statusCode, 201, res.body);
  t.ok(Math.abs(res.json().durationMs - 1000) <= 80, `about 1 s (${res.json().durationMs} ms)`);
  const stored = soxi(join(h.settings.ivr.promptsDir, 'uploads', 'hold-music.wav'));
  t.match(stored, { rate: 8000, channels: 1, bits: 16 });
});

t.test('the wrong type is 415 naming what came; too big is 413 naming the limit', async (t) => {
  const h = await ivrHarness(t);
  const dir = t.testdir();
  const wav = synthAudio(dir, 'wav');
  const mp3 = synthAudio(dir, 'mp3');
  const before = h.snapshot();

  const cases: Array<[string, Buffer | string, string | undefined, RegExp]> = [
    [
      'text as wav',
      '<html>hello</html>',
      'audio/wav',
      /sent as audio\/wav is not WAV audio: it starts with 3c 68 74 6d/,
    ],
    [
      'json',
      '{"a":1}',
      'application/json',
      /must be audio\/wav, audio\/x-wav, audio\/mpeg; received content type "application\/json"/,
    ],
    ['octet-stream', wav, 'application/octet-stream', /received content type "application\/octet-stream"/],
    ['mp3 sent as wav', mp3, 'audio/wav', /sent as audio\/wav \(WAV\) is MP3 audio; send it as audio\/mpeg/],
    ['wav sent as mp3', wav, 'audio/mpeg', /is WAV audio; send it as audio\/wav/],
    ['empty', Buffer.alloc(0), 'audio/wav', /is not WAV audio: it is empty/],
    ['no type', 'RIFF', undefined, /received (no content type|content type "[^"]+")/],
    ['truncated wav', wav.subarray(0, 20), 'audio/wav', /could not be read: sox failed/],
  ];
  for (const [why, body, type, message] of cases) {
    const res = await upload(h, `case ${why}`, body, type);
    t.equal(res.statusCode, 415, `${why}: ${res.body}`);
    t.match(res.json(), { error: 'unsupported_media_type', message }, why);
  }

  const big = Buffer.concat([wav.subarray(0, 44), Buffer.alloc(MAX_PROMPT_BYTES)]);
  const tooBig = await upload(h, 'too big', big, 'audio/wav');
  t.equal(tooBig.statusCode, 413);
  t.match(tooBig.json(), { error: 'payload_too_large', message: /at most 10 MB \(10485760 bytes\)/ });

  const noName = await upload(h, '---', wav, 'audio/wav');
  t.equal(noName.statusCode, 400);
  t.match(noName.json().message, /has no letters or digits/);
  t.same(h.snapshot(), before, 'nothing stored');
  const uploads = join(h.settings.ivr.promptsDir, 'uploads');
  t.same(existsSync(uploads) ? readdirSync(uploads) : [], [], 'no files left behind');
});

t.test('a prompt a live flow plays cannot be deleted', async (t) => {
  const h = await ivrHarness(t);
  const wav = synthAudio(t.testdir(), 'wav');
  t.equal((await upload(h, 'greeting', wav, 'audio/wav')).statusCode, 201);
  const draftOnly = await h.createFlow(tinyFlow({ upload: 'greeting' }));
  t.same((await h.call('GET', '/api/prompts/greeting')).json().usedBy, [], 'a draft is no use');
  await h.publish(draftOnly.id);
  t.match((await h.call('GET', '/api/prompts/greeting')).json().usedBy, [
    { flowId: draftOnly.id, flowName: 'Tiny', version: 1 },
  ]);

  const before = h.snapshot();
  const refused = await h.call('DELETE', '/api/prompts/greeting');
  t.equal(refused.statusCode, 409);
  t.match(
    refused.json().message,
    /prompt "greeting" cannot be deleted: it is played by live flow \d+ \("Tiny"\) version 1/,
  );
  t.same(h.snapshot(), before);
  t.ok(existsSync(join(h.settings.ivr.promptsDir, 'uploads', 'greeting.wav')));

  await h.call('PUT', `/api/flows/${draftOnly.id}`, { source: tinyFlow() });
  await h.publish(draftOnly.id);
  t.equal(
    (await h.call('DELETE', '/api/prompts/greeting')).statusCode,
    204,
    'free once no live version plays it',
  );
  t.notOk(existsSync(join(h.settings.ivr.promptsDir, 'uploads', 'greeting.wav')), 'the file went too');
  t.equal((await h.call('GET', '/api/prompts/greeting/audio')).statusCode, 404);

  const rollback = await h.call('POST', `/api/flows/${draftOnly.id}/rollback`, { version: 1 });
  t.equal(rollback.statusCode, 400, 'rolling back to a version whose upload is gone is refused');
  t.match(rollback.json().issues, [
    { path: '/nodes/hello/prompts/0/upload', message: /not an uploaded prompt/ },
  ]);

  const actions = h.database.sqlite
    .prepare("SELECT action, target FROM audit_log WHERE action LIKE 'prompt.%' ORDER BY id")
    .all();
  t.same(actions, [
    { action: 'prompt.upload', target: 'prompt:greeting' },
    { action: 'prompt.delete', target: 'prompt:greeting' },
  ]);
});
