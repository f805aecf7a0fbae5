/** Where a blind transfer sends the caller: a queue, or a number through a configured dialplan route. */
export type TransferTarget = { queue: string; priority?: number } | { number: string; route: string };

/** A transfer that cannot happen as asked; nothing was changed. */
export class TransferRefused extends Error {
  constructor(
    readonly kind: 'conflict' | 'bad_request',
    message: string,
  ) {
    super(message);
    this.name = 'TransferRefused';
  }
}
