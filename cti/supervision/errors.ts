/** A supervision request that cannot happen as asked; nothing was changed in Asterisk. */
export class MonitorRefused extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'bad_request' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'MonitorRefused';
  }
}
