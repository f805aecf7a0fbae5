// A minimal SIP-over-WebSocket user agent (RFC 7118) for tests: REGISTER with digest auth, and
// answering INVITEs with 180 Ringing (never 200), so a real Asterisk can ring a "browser".
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export interface SipMessage {
  startLine: string;
  /** Lower-case header names; every value of a repeated header, in order. */
  headers: Map<string, string[]>;
  body: string;
}

export function parseSip(text: string): SipMessage {
  const [head = '', body = ''] = text.split('\r\n\r\n', 2);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { startLine, headers, body };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const token = () => randomBytes(8).toString('hex');

function digestParams(challenge: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of challenge.replace(/^Digest\s+/i, '').matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)) {
    out[match[1]!.toLowerCase()] = match[3] ?? match[2]!;
  }
  return out;
}

export interface RegisterResult {
  status: number;
  reason: string;
  /** Every final answer, in order (e.g. [401, 200]). */
  statuses: number[];
}

/** One SIP UA on one websocket. */
export class SipWsClient {
  readonly invites: SipMessage[] = [];
  private readonly waiting: Array<(msg: SipMessage) => void> = [];
  private readonly instance = token();
  private readonly callId = `${token()}@switchboard-test`;
  private readonly fromTag = token();
  private cseq = 0;

  private constructor(
    private readonly ws: WebSocket,
    readonly user: string,
    readonly domain: string,
  ) {
    ws.on('message', (data) => this.receive(parseSip(data.toString())));
  }

  static async connect(
    wsUrl: string,
    user: string,
    domain: string,
    localAddress?: string,
  ): Promise<SipWsClient> {
    const ws = new WebSocket(wsUrl, 'sip', localAddress ? { localAddress } : {});
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new SipWsClient(ws, user, domain);
  }

  /** REGISTER, answering a digest challenge once with the password. */
  async register(password: string, expires = 120): Promise<RegisterResult> {
    const statuses: number[] = [];
    let authorization: string | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await this.request(this.registerText(expires, authorization));
      const [, code = '0', ...reason] = response.startLine.split(' ');
      const status = Number(code);
      statuses.push(status);
      if (status !== 401 && status !== 407) return { status, reason: reason.join(' '), statuses };
      if (attempt === 1) return { status, reason: reason.join(' '), statuses };
      const challenges = [
        ...(response.headers.get('www-authenticate') ?? []),
        ...(response.headers.get('proxy-authenticate') ?? []),
      ].map(digestParams);
      const challenge = challenges.find((c) => !c.algorithm || c.algorithm.toUpperCase() === 'MD5');
      if (!challenge) return { status, reason: 'no MD5 challenge', statuses };
      authorization = this.authorization(challenge, password);
    }
    throw new Error('unreachable');
  }

  /** The next INVITE Asterisk sends (already answered with 180 Ringing). */
  async nextInvite(timeoutMs = 10_000): Promise<SipMessage> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const invite = this.invites.shift();
      if (invite) return invite;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no INVITE reached ${this.user} within ${timeoutMs} ms`);
  }

  close(): void {
    this.ws.close();
  }

  private registerText(expires: number, authorization?: string): string {
    this.cseq += 1;
    const uri = `sip:${this.user}@${this.domain}`;
    return [
      `REGISTER sip:${this.domain} SIP/2.0`,
      `Via: SIP/2.0/WS ${this.instance}.invalid;branch=z9hG4bK${token()}`,
      'Max-Forwards: 70',
      `To: <${uri}>`,
      `From: <${uri}>;tag=${this.fromTag}`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${this.cseq} REGISTER`,
      `Contact: <sip:${this.instance}@${this.instance}.invalid;transport=ws>;expires=${expires}`,
      `Expires: ${expires}`,
      'User-Agent: switchboard-test',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  }

  private authorization(challenge: Record<string, string>, password: string): string {
    const realm = challenge.realm ?? '';
    const nonce = challenge.nonce ?? '';
    const uri = `sip:${this.domain}`;
    const ha1 = md5(`${this.user}:${realm}:${password}`);
    const ha2 = md5(`REGISTER:${uri}`);
    const parts = [`username="${this.user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`];
    if (challenge.qop?.split(',').includes('auth')) {
      const nc = '00000001';
      const cnonce = token();
      parts.push(
        `response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`,
        'qop=auth',
        `nc=${nc}`,
        `cnonce="${cnonce}"`,
      );
    } else {
      parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
    }
    parts.push('algorithm=MD5');
    if (challenge.opaque !== undefined) parts.push(`opaque="${challenge.opaque}"`);
    return `Digest ${parts.join(', ')}`;
  }

  private request(text: string, timeoutMs = 5000): Promise<SipMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no final SIP answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.push((msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      this.ws.send(text);
    });
  }

  private receive(msg: SipMessage): void {
    if (msg.startLine.startsWith('SIP/2.0 ')) {
      const code = Number(msg.startLine.split(' ')[1]);
      if (code >= 200 || code === 401) this.waiting.shift()?.(msg);
      return;
    }
    const method = msg.startLine.split(' ')[0];
    if (method === 'INVITE') {
      this.invites.push(msg);
      this.reply(msg, '180 Ringing', true);
    } else if (method === 'CANCEL') {
      this.reply(msg, '200 OK');
    } else if (method === 'OPTIONS' || method === 'BYE' || method === 'NOTIFY') {
      this.reply(msg, '200 OK');
    }
  }

  /** Answers a request from Asterisk, echoing Via, From, To, Call-ID and CSeq as SIP requires. */
  private reply(request: SipMessage, status: string, withToTag = false): void {
    const header = (name: string) => request.headers.get(name) ?? [];
    const to = header('to')[0] ?? '';
    const lines = [
      `SIP/2.0 ${status}`,
      ...header('via').map((v) => `Via: ${v}`),
      `From: ${header('from')[0] ?? ''}`,
      `To: ${withToTag && !/;tag=/.test(to) ? `${to};tag=${this.fromTag}` : to}`,
      `Call-ID: ${header('call-id')[0] ?? ''}`,
      `CSeq: ${header('cseq')[0] ?? ''}`,
      ...(withToTag ? [`Contact: <sip:${this.instance}@${this.instance}.invalid;transport=ws>`] : []),
      'Content-Length: 0',
      '',
      '',
    ];
    this.ws.send(lines.join('\r\n'));
  }
}
