import { isAgentState } from '../../lib/agent-states.js';
import { getToken } from '../../lib/api.js';
import { ReconnectingSocket, type SocketStatus } from '../../realtime/socket.js';
import type { AgentRow, QueueRow, QueueView, Thresholds } from './types.js';

/**
 * The wallboard's own /ws/supervisor connection and what it has learnt: queues and agents as the
 * daemon scoped them for this user (a supervisor gets their queues only), and the thresholds.
 */
export const board = {
  queues: new Map<string, QueueRow>(),
  agents: new Map<string, AgentRow>(),
  thresholds: null as Thresholds | null,
  status: 'connecting' as SocketStatus,
};

let socket: ReconnectingSocket | null = null;
const listeners = new Set<() => void>();

export function onBoardChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed(): void {
  for (const fn of listeners) fn();
}

export function startBoard(onSessionEnded: () => void): void {
  if (socket) return;
  socket = new ReconnectingSocket({
    path: '/ws/supervisor',
    token: getToken,
    onSessionEnded,
    onStatus: (status) => {
      board.status = status;
      changed();
    },
    onMessage: (msg) => {
      if (apply(msg, Date.now())) changed();
    },
  });
  socket.start();
}

export function stopBoard(): void {
  socket?.stop();
  socket = null;
  board.queues.clear();
  board.agents.clear();
  board.thresholds = null;
  board.status = 'connecting';
}

/** Applies one message; false for messages the board does not use. */
export function apply(msg: { type: string; [k: string]: unknown }, now: number): boolean {
  switch (msg.type) {
    case 'snapshot': {
      board.queues = new Map((msg.queues as QueueView[]).map((q) => [q.queueId, { ...q, receivedAt: now }]));
      board.agents = new Map((msg.agents as AgentRow[]).map((a) => [a.id, a]));
      if (msg.thresholds) board.thresholds = msg.thresholds as Thresholds;
      return true;
    }
    case 'queue': {
      const q = msg.queue as QueueView;
      board.queues.set(q.queueId, { ...q, receivedAt: now });
      return true;
    }
    case 'agent': {
      const id = msg.agentId as string;
      const before = board.agents.get(id);
      if (!isAgentState(msg.to)) return false;
      board.agents.set(id, {
        id,
        name: (msg.name as string | null) ?? before?.name ?? null,
        state: msg.to,
        since: msg.since as string,
        ...(typeof msg.reason === 'string' ? { reason: msg.reason } : {}),
        queues: (msg.queues as string[] | undefined) ?? before?.queues ?? [],
        call: 'call' in msg ? (msg.call as AgentRow['call']) : before?.call,
        today: (msg.today as AgentRow['today']) ?? before?.today,
      });
      return true;
    }
    case 'thresholds':
      board.thresholds = msg.thresholds as Thresholds;
      return true;
    default:
      return false;
  }
}
