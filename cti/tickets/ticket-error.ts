/** A refused ticket operation, by kind; the routes map kinds to HTTP statuses. */
export type TicketRuleKind =
  | 'not_found'
  | 'bad_request'
  | 'forbidden'
  | 'out_of_scope'
  | 'invalid_transition'
  | 'closed'
  | 'conflict'
  | 'too_large'
  | 'unsupported_type';

export class TicketRuleError extends Error {
  constructor(
    readonly kind: TicketRuleKind,
    message: string,
  ) {
    super(message);
  }
}

export const ticketNotFound = (ticketId: number) =>
  new TicketRuleError('not_found', `ticket ${ticketId} not found`);
