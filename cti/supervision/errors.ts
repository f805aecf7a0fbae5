/**
 * A supervision request that cannot happen as asked; nothing was changed in Asterisk.
 * not_connected: the call exists but has no agent on it now (still waiting, never queued, or over).
 */
export class MonitorRefused extends Error {
  constructor(
    readonly kind: 'not_found' | 'not_connected' | 'conflict' | 'bad_request' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'MonitorRefused';
  }
}
