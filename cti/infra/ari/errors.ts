/** An ARI request failed; `notFound` marks the common "that channel/bridge is gone" case callers may ignore. */
export class AriRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly detail: string,
    readonly notFound: boolean,
  ) {
    super(`ARI ${operation} failed: ${detail}`);
  }
}

/** ari-client turns an HTTP error into an Error whose message is the response body (often {"message": ...}). */
export function toAriError(operation: string, err: unknown): AriRequestError {
  const raw = err instanceof Error ? err.message : String(err);
  let detail = raw;
  try {
    const body = JSON.parse(raw) as { message?: unknown; error?: unknown };
    detail = String(body.message ?? body.error ?? raw);
  } catch {
    // not JSON: keep the text as is
  }
  return new AriRequestError(operation, detail, /not found|not in stasis|does not exist/i.test(detail));
}

/** For cleanup paths: a vanished channel or bridge is the outcome we wanted anyway. */
export async function ignoreNotFound(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof AriRequestError && err.notFound)) throw err;
  }
}
