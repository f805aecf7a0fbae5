import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import { verifySignature } from '../../cti/webhooks/signing.js';

export interface Received {
  event: string;
  delivery: string;
  body: { id: string; event: string; data: Record<string, unknown> };
  signed: boolean;
  headers: IncomingHttpHeaders;
}

/** A webhook endpoint on loopback that checks each signature; `answer` picks the status per request. */
export async function startReceiver(
  t: Test,
  secret: () => string,
  answer: (n: number) => number = () => 200,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        event: String(req.headers['x-switchboard-event']),
        delivery: String(req.headers['x-switchboard-delivery']),
        body: JSON.parse(raw),
        signed: verifySignature(
          secret(),
          raw,
          String(req.headers['x-switchboard-signature'] ?? ''),
          Math.floor(Date.now() / 1000),
        ),
        headers: req.headers,
      });
      res.statusCode = answer(received.length);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

export async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
