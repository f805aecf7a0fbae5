import type { LiveCall } from '../../calls/call-handler.js';
import type { CallSession } from '../../calls/call-session.js';
import { ignoreNotFound } from '../../infra/ari/errors.js';
import type { AriRest } from '../../infra/ari/types.js';
import { safeDialTarget } from '../flow/dial-safety.js';
import { hostAllowed } from '../flow/http-allow-list.js';
import type { FlowPort } from '../flow/port.js';
import type { ResolvedPrompt } from '../flow/types.js';
import { Keypad } from './keypad.js';
import { PromptPlayer } from './prompt-player.js';

/** Turns a flow prompt into an ARI media URI (sound:, digits:, a synthesised or uploaded file). */
export interface PromptMedia {
  toMedia(prompt: ResolvedPrompt): Promise<string>;
}

/** Where the flow's terminal actions lead; the ACD replaces `queue`. */
export interface FlowExits {
  queue(session: CallSession, req: Parameters<FlowPort['queue']>[0]): Promise<void>;
  voicemail(session: CallSession, req: Parameters<FlowPort['voicemail']>[0]): Promise<void>;
  /** After a daemon restart: a caller who had reached `queue` is taken back where it sits. */
  resumeQueued(call: LiveCall, queue: string): Promise<void>;
}

export interface AriFlowPortDeps {
  rest: () => AriRest;
  media: PromptMedia;
  exits: FlowExits;
  httpAllowList: readonly string[];
  transferRoutes: readonly string[];
  clock: () => Date;
}

/** The flow interpreter's port over one live channel (semantics in cti/ivr/flow/port.ts). */
export class AriFlowPort implements FlowPort {
  private readonly keypad = new Keypad();
  private readonly player: PromptPlayer;

  constructor(
    private readonly deps: AriFlowPortDeps,
    private readonly session: CallSession,
  ) {
    this.player = new PromptPlayer(deps.rest, session);
    session.digitListener = (digit) => this.keypad.keyPressed(digit);
    session.onEnd(() => this.keypad.hangup());
  }

  now(): Date {
    return this.deps.clock();
  }

  async play(prompts: ResolvedPrompt[], opts: { bargeIn: boolean }): Promise<{ digit?: string } | 'hangup'> {
    if (this.session.ended) return 'hangup';
    if (prompts.length === 0) {
      if (opts.bargeIn) this.keypad.bufferUntilRead();
      return {};
    }
    const media = await Promise.all(prompts.map((p) => this.deps.media.toMedia(p)));
    if (!opts.bargeIn) {
      this.keypad.ignoreKeys();
      return (await this.player.play(media, null)) === 'hangup' ? 'hangup' : {};
    }
    let digit: string | undefined;
    const interrupted = new Promise<void>((resolve) =>
      this.keypad.listenForBargeIn((key) => {
        digit = key;
        resolve();
      }),
    );
    const outcome = await this.player.play(media, interrupted);
    if (outcome === 'hangup') return 'hangup';
    if (digit === undefined) this.keypad.bufferUntilRead();
    return digit === undefined ? {} : { digit };
  }

  readDigits(opts: Parameters<FlowPort['readDigits']>[0]): ReturnType<FlowPort['readDigits']> {
    if (this.session.ended) return Promise.resolve('hangup');
    return this.keypad.read(opts);
  }

  async httpRequest(req: Parameters<FlowPort['httpRequest']>[0]): ReturnType<FlowPort['httpRequest']> {
    this.keypad.ignoreKeys();
    let host: string;
    try {
      host = new URL(req.url).hostname;
    } catch {
      return { error: `not a URL: ${req.url}` };
    }
    if (!hostAllowed(host, this.deps.httpAllowList))
      return { error: `host ${host} is not on SWITCHBOARD_HTTP_ALLOW_LIST` };
    try {
      const res = await fetch(req.url, {
        method: req.method,
        headers:
          req.body === undefined ? req.headers : { 'content-type': 'application/json', ...req.headers },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(req.timeoutMs),
        redirect: 'error',
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the text it is
      }
      return { status: res.status, body };
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { error: 'timeout' };
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { error: cause ?? (err as Error).message };
    }
  }

  async queue(req: Parameters<FlowPort['queue']>[0]): Promise<void> {
    this.keypad.ignoreKeys();
    await this.deps.exits.queue(this.session, req);
  }

  /** Leaves the app into the route's dialplan context; the route's Dial() does the rest. */
  async transfer(req: Parameters<FlowPort['transfer']>[0]): Promise<void> {
    this.keypad.ignoreKeys();
    if (!this.deps.transferRoutes.includes(req.route)) {
      throw new Error(`transfer route "${req.route}" is not configured (SWITCHBOARD_TRANSFER_ROUTES)`);
    }
    const target = safeDialTarget(req.to);
    this.session.leftAppTo = `switchboard-route-${req.route},${target}`;
    await this.deps
      .rest()
      .setVariable(this.session.channelId, 'SWITCHBOARD_TRANSFER_TIMEOUT', String(req.timeoutSeconds));
    await this.deps
      .rest()
      .continueInDialplan(this.session.channelId, `switchboard-route-${req.route}`, target, 1);
  }

  async voicemail(req: Parameters<FlowPort['voicemail']>[0]): Promise<void> {
    this.keypad.ignoreKeys();
    await this.deps.exits.voicemail(this.session, req);
  }

  async hangup(): Promise<void> {
    this.keypad.ignoreKeys();
    this.session.hungUpByDaemon = true;
    await ignoreNotFound(this.deps.rest().hangup(this.session.channelId));
  }
}
