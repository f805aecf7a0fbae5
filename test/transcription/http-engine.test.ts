import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Test } from 'tap';
import t from 'tap';
import { EngineError } from '../../cti/transcription/engines/engine.js';
import { HttpEngine } from '../../cti/transcription/engines/http-engine.js';

interface Seen {
  url: string;
  authorization: string | undefined;
  contentType: string;
  fields: Record<string, string[]>;
  fileBytes: number;
}

async function fakeServer(t: Test, reply: (seen: Seen) => [number, unknown]) {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const contentType = req.headers['content-type'] ?? '';
    // Parse the multipart body with the platform's own parser.
    const form = await new Request('http://x', {
      method: 'POST',
      body: Buffer.concat(chunks),
      headers: { 'content-type': contentType },
    }).formData();
    const fields: Record<string, string[]> = {};
    let fileBytes = 0;
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') fields[key] = [...(fields[key] ?? []), value];
      else fileBytes = value.size;
    }
    const s: Seen = {
      url: req.url ?? '',
      authorization: req.headers.authorization,
      contentType,
      fields,
      fileBytes,
    };
    seen.push(s);
    const [status, body] = reply(s);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, seen };
}

const wavFile = (dir: string) => {
  const path = join(dir, 'call-1-1.wav');
  writeFileSync(path, Buffer.alloc(1000, 1));
  return path;
};

t.test('multipart request with model and verbose_json; word timings used when given', async (t) => {
  const server = await fakeServer(t, () => [
    200,
    {
      text: 'hello world',
      language: 'english',
      segments: [{ start: 0, end: 1.5, text: ' hello world' }],
      words: [
        { word: 'hello', start: 0.1, end: 0.5 },
        { word: 'world', start: 0.6, end: 1.2 },
      ],
    },
  ]);
  const engine = new HttpEngine({ url: server.url, apiKey: 'sk-test', model: 'whisper-1' });
  const result = await engine.transcribe(wavFile(t.testdir()));
  t.same(result, {
    language: 'english',
    segments: [
      { startMs: 100, endMs: 500, text: 'hello' },
      { startMs: 600, endMs: 1200, text: 'world' },
    ],
  });
  const seen = server.seen[0];
  t.equal(seen?.url, '/v1/audio/transcriptions');
  t.equal(seen?.authorization, 'Bearer sk-test');
  t.match(seen?.contentType, /^multipart\/form-data; boundary=/);
  t.same(seen?.fields.model, ['whisper-1']);
  t.same(seen?.fields.response_format, ['verbose_json']);
  t.same(seen?.fields['timestamp_granularities[]'], ['word', 'segment']);
  t.equal(seen?.fileBytes, 1000, 'the recording is sent whole');
});

t.test('segments when the server gives no words; full endpoint URLs are used as given', async (t) => {
  const server = await fakeServer(t, () => [
    200,
    {
      text: 'a b',
      segments: [
        { start: 0, end: 2.25, text: ' first part ' },
        { start: 2.5, end: 4, text: 'second' },
      ],
    },
  ]);
  const engine = new HttpEngine({
    url: `${server.url}/openai/v1/audio/transcriptions`,
    apiKey: null,
    model: 'large-v3',
  });
  const result = await engine.transcribe(wavFile(t.testdir()));
  t.same(result.segments, [
    { startMs: 0, endMs: 2250, text: 'first part' },
    { startMs: 2500, endMs: 4000, text: 'second' },
  ]);
  t.equal(server.seen[0]?.url, '/openai/v1/audio/transcriptions');
  t.equal(server.seen[0]?.authorization, undefined, 'no key, no header');
});

t.test('server errors: 5xx is retried, 4xx is not; unreachable is retried', async (t) => {
  let status = 503;
  const server = await fakeServer(t, () => [status, { error: { message: 'overloaded' } }]);
  const engine = new HttpEngine({ url: server.url, apiKey: 'k', model: 'm' });
  const file = wavFile(t.testdir());
  const e1 = await engine.transcribe(file).catch((e: unknown) => e);
  t.ok(e1 instanceof EngineError && e1.retryable, '503 is worth retrying');
  t.match((e1 as Error).message, /answered 503: .*overloaded/);
  status = 401;
  const e2 = await engine.transcribe(file).catch((e: unknown) => e);
  t.ok(e2 instanceof EngineError && !e2.retryable, '401 will not pass on a retry');
  const closed = createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as { port: number }).port;
  closed.close();
  const down = new HttpEngine({ url: `http://127.0.0.1:${port}`, apiKey: null, model: 'm' });
  const e3 = await down.transcribe(file).catch((e: unknown) => e);
  t.ok(e3 instanceof EngineError && e3.retryable);
  t.match((e3 as Error).message, /unreachable: ECONNREFUSED/);
});
