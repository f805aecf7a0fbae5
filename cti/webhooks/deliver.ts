import type { WebhookSettings } from '../config/settings.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing.js';
import { webhookUrlRefusal } from './url-check.js';
import type { WebhookStore } from './webhook-store.js';

/** A delivery that must not be tried again (the webhook is gone, its URL is now refused). */
export class FinalDeliveryError extends Error {}

/**
 * One attempt of one delivery: POSTs the stored body, signed now. Throws on anything but a 2xx so
 * BullMQ retries with its backoff; `final` says whether this was the last attempt.
 */
export async function deliverOnce(
  store: WebhookStore,
  settings: WebhookSettings,
  deliveryId: string,
  final: boolean,
  clock: () => Date,
): Promise<void> {
  const delivery = store.delivery(deliveryId);
  if (!delivery || delivery.status === 'succeeded') return;
  const webhook = store.byId(delivery.webhookId);
  if (!webhook) return;
  const refusal = await webhookUrlRefusal(webhook.url, settings.allowHosts);
  if (refusal) {
    store.recordAttempt(deliveryId, { ok: false, statusCode: null, error: refusal, final: true });
    throw new FinalDeliveryError(refusal);
  }
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: delivery.id,
        [SIGNATURE_HEADER]: signatureHeader(
          webhook.secret,
          delivery.body,
          Math.floor(clock().getTime() / 1000),
        ),
      },
      body: delivery.body,
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (!response.ok) error = `receiver answered HTTP ${response.status}`;
  } catch (err) {
    error =
      (err as Error).name === 'TimeoutError'
        ? `no answer within ${settings.timeoutMs} ms`
        : String((err as Error).cause ?? (err as Error).message);
  }
  store.recordAttempt(deliveryId, { ok: error === null, statusCode, error, final });
  if (error !== null) throw new Error(error);
}
