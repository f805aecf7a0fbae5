/**
 * A rule of the user and key services was broken (unknown user, duplicate name, last admin...).
 * The services know nothing of HTTP; the routes turn `kind` into a status (see rule-error-http.ts).
 */
export class AuthRuleError extends Error {
  override readonly name = 'AuthRuleError';

  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}
