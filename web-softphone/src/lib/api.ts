/** The daemon's HTTP API: bearer token from sessionStorage, `{error, message}` bodies as ApiError. */

const TOKEN_KEY = 'switchboard.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** Called when any request answers 401: the session is over and the app goes back to the login. */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: reported by status below.
  }
  if (!res.ok) {
    const err = (json ?? {}) as { error?: string; message?: string };
    if (res.status === 401 && path !== '/api/auth/login') onUnauthorized();
    throw new ApiError(
      res.status,
      err.error ?? `http_${res.status}`,
      err.message ?? `${res.status} ${res.statusText}`,
    );
  }
  return json as T;
}
