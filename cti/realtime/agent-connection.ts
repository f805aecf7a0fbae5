import type { RawData } from 'ws';
import type { AcdAdmin } from '../acd/acd-admin.js';
import type { AgentTransition } from '../acd/engine/types.js';
import { ClientError } from '../http/errors.js';
import type { AgentDirectory } from './agent-directory.js';
import type { ClientSocket } from './client-socket.js';
import { parseInbound } from './inbound.js';
import {
  type AnsweredMessage,
  type EndedMessage,
  type ErrorMessage,
  type HelloMessage,
  message,
  type PongMessage,
  type ScreenPopMessage,
  type StateMessage,
} from './messages.js';

export interface AgentConnectionDeps {
  admin: Pick<AcdAdmin, 'setAgentState'>;
  directory: AgentDirectory;
  clock: () => Date;
}

type ReplyId = string | number | undefined;

/**
 * One agent's socket: hello on connect, then the screen-pops, answers, ends and state changes of
 * that agent; state changes the agent asks for go through the same rules as the HTTP API.
 */
export class AgentConnection {
  /** Set while a set-state from this socket runs: the transition it causes carries the reply id. */
  private awaitingReply: { state: string; id: ReplyId } | null = null;

  constructor(
    readonly agentId: string,
    readonly client: ClientSocket,
    private readonly deps: AgentConnectionDeps,
  ) {}

  hello(): void {
    const agent = this.deps.directory.view(this.agentId);
    if (agent) this.client.send(message<HelloMessage>('hello', this.deps.clock(), { agent }));
  }

  screenPop(pop: ScreenPopMessage): void {
    this.client.send(pop);
  }

  answered(offerId: string, callId: number): void {
    this.client.send(message<AnsweredMessage>('answered', this.deps.clock(), { offerId, callId }));
  }

  ended(callId: number): void {
    this.client.send(message<EndedMessage>('ended', this.deps.clock(), { callId }));
  }

  transition(t: AgentTransition): void {
    let replyTo: ReplyId;
    if (this.awaitingReply && this.awaitingReply.state === t.to) {
      replyTo = this.awaitingReply.id;
      this.awaitingReply = null;
    }
    this.client.send(
      message<StateMessage>('state', this.deps.clock(), {
        agentId: t.agentId,
        state: t.to,
        from: t.from,
        since: new Date(t.at).toISOString(),
        ...(t.reason !== undefined ? { reason: t.reason } : {}),
        ...(replyTo !== undefined ? { replyTo } : {}),
      }),
    );
  }

  received(data: RawData, isBinary: boolean): void {
    const parsed = parseInbound(data, isBinary);
    if (!parsed.ok) {
      this.error(parsed.code, parsed.message, parsed.replyTo);
      return;
    }
    const request = parsed.message;
    if (request.type === 'ping') {
      this.client.send(
        message<PongMessage>(
          'pong',
          this.deps.clock(),
          request.id !== undefined ? { replyTo: request.id } : {},
        ),
      );
      return;
    }
    this.setState(request.state, request.reason, request.id);
  }

  private setState(state: string, reason: string | undefined, id: ReplyId): void {
    this.awaitingReply = { state, id };
    try {
      const agent = this.deps.admin.setAgentState(this.agentId, state, reason);
      // The ACD announces the change while setAgentState runs; answer here only if it did not.
      if (this.awaitingReply) {
        this.client.send(
          message<StateMessage>('state', this.deps.clock(), {
            agentId: agent.id,
            state: agent.state,
            from: agent.state,
            since: new Date(agent.stateSince).toISOString(),
            ...(agent.pauseReason !== undefined ? { reason: agent.pauseReason } : {}),
            ...(id !== undefined ? { replyTo: id } : {}),
          }),
        );
      }
    } catch (err) {
      if (!(err instanceof ClientError)) throw err;
      this.error(err.code, err.message, id);
    } finally {
      this.awaitingReply = null;
    }
  }

  private error(code: string, text: string, replyTo: ReplyId): void {
    this.client.send(
      message<ErrorMessage>('error', this.deps.clock(), {
        code,
        message: text,
        ...(replyTo !== undefined ? { replyTo } : {}),
      }),
    );
  }
}
