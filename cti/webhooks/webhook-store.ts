import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../infra/db/client.js';
import { writeOutboxJob } from './job-outbox.js';
import { type DeliveryRow, type WebhookRow, webhookDeliveries, webhooks } from './schema.js';
import { newWebhookSecret } from './signing.js';

export const WEBHOOK_QUEUE = 'webhooks';

/** Events a webhook may subscribe to; "ticket.*", "sla.*" and "*" take a whole family. */
export const WEBHOOK_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.status-changed',
  'ticket.call-linked',
  'sla.warning',
  'sla.breached',
  'call.ended',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_EVENT_PATTERNS: readonly string[] = [
  ...WEBHOOK_EVENTS,
  'ticket.*',
  'sla.*',
  'call.*',
  '*',
];

export function subscribes(patterns: readonly string[], event: string): boolean {
  return patterns.some(
    (p) => p === '*' || p === event || (p.endsWith('.*') && event.startsWith(p.slice(0, -1))),
  );
}

export interface WebhookJson {
  id: number;
  url: string;
  events: string[];
  createdBy: string;
  createdAt: string;
}

export interface DeliveryJson {
  id: string;
  event: string;
  status: DeliveryRow['status'];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryJobData {
  deliveryId: string;
}

/** Registered endpoints, and one delivery row plus one outbox job per event and subscriber. */
export class WebhookStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    /** Told when deliveries were written, so the relay hands them over now. */
    private readonly written: () => void = () => undefined,
  ) {}

  register(input: { url: string; events: string[]; createdBy: string }): { row: WebhookRow; secret: string } {
    const secret = newWebhookSecret();
    const row = this.db
      .insert(webhooks)
      .values({
        url: input.url,
        events: [...new Set(input.events)],
        secret,
        createdBy: input.createdBy,
        createdAt: this.clock(),
      })
      .returning()
      .get();
    return { row, secret };
  }

  list(): WebhookRow[] {
    return this.db.select().from(webhooks).orderBy(webhooks.id).all();
  }

  byId(id: number): WebhookRow | undefined {
    return this.db.select().from(webhooks).where(eq(webhooks.id, id)).get();
  }

  /** False when there was no such webhook. Its delivery log goes with it. */
  remove(id: number): boolean {
    return this.db.delete(webhooks).where(eq(webhooks.id, id)).run().changes > 0;
  }

  deliveries(webhookId: number, limit: number): DeliveryRow[] {
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, webhookId))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit)
      .all();
  }

  delivery(id: string): DeliveryRow | undefined {
    return this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
  }

  /** The event to every webhook that wants it, as pending deliveries; returns how many. */
  publish(event: WebhookEvent, data: unknown): number {
    const targets = this.list().filter((w) => subscribes(w.events, event));
    if (targets.length === 0) return 0;
    const now = this.clock();
    this.db.transaction((tx) => {
      for (const webhook of targets) {
        const id = randomUUID();
        const body = JSON.stringify({ id, event, createdAt: now.toISOString(), data });
        tx.insert(webhookDeliveries)
          .values({
            id,
            webhookId: webhook.id,
            event,
            body,
            status: 'pending',
            createdAt: now,
            updatedAt: now,
          })
          .run();
        writeOutboxJob(
          tx,
          {
            queue: WEBHOOK_QUEUE,
            jobId: `delivery-${id}`,
            name: event,
            data: { deliveryId: id },
            runAt: now,
          },
          now,
        );
      }
    });
    this.written();
    return targets.length;
  }

  recordAttempt(
    id: string,
    outcome: { ok: boolean; statusCode: number | null; error: string | null; final: boolean },
  ): void {
    const row = this.delivery(id);
    if (!row) return;
    this.db
      .update(webhookDeliveries)
      .set({
        attempts: row.attempts + 1,
        status: outcome.ok ? 'succeeded' : outcome.final ? 'failed' : 'retrying',
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        updatedAt: this.clock(),
      })
      .where(eq(webhookDeliveries.id, id))
      .run();
  }
}

export function webhookJson(row: WebhookRow): WebhookJson {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function deliveryJson(row: DeliveryRow): DeliveryJson {
  return {
    id: row.id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
