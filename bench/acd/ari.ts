// ARI over plain fetch, for the benchmark only (the product's ARI adapter lives in cti/infra/ari).
export interface AriSettings {
  url: string;
  user: string;
  password: string;
}

export class AriHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`ARI ${method} ${path} answered ${status}: ${body.slice(0, 200)}`);
  }
}

export class AriClient {
  readonly authorization: string;

  constructor(readonly settings: AriSettings) {
    this.authorization = `Basic ${Buffer.from(`${settings.user}:${settings.password}`).toString('base64')}`;
  }

  /** One request; the parsed JSON body (undefined for an empty one), AriHttpError otherwise. */
  async request(
    method: string,
    path: string,
    options: { query?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
  ): Promise<unknown> {
    const url = new URL(`${this.settings.url.replace(/\/+$/, '')}/ari${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { authorization: this.authorization };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNRESET, timeout, ...) is in its cause.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new Error(`ARI ${method} ${path}: ${reason}`);
    }
    const text = await response.text();
    if (!response.ok) throw new AriHttpError(method, path, response.status, text);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  /** The events websocket URL for an application name. */
  eventsUrl(app: string, subscribeAll: boolean): URL {
    const url = new URL(`${this.settings.url.replace(/^http/, 'ws').replace(/\/+$/, '')}/ari/events`);
    url.searchParams.set('app', app);
    if (subscribeAll) url.searchParams.set('subscribeAll', 'true');
    return url;
  }

  async listChannels(): Promise<Array<{ id: string; name: string }>> {
    return (await this.request('GET', '/channels')) as Array<{ id: string; name: string }>;
  }

  /** Hangs a channel up; a channel that is already gone is not an error. */
  async hangup(channelId: string): Promise<void> {
    try {
      await this.request('DELETE', `/channels/${encodeURIComponent(channelId)}`);
    } catch (error) {
      if (!(error instanceof AriHttpError && error.status === 404)) throw error;
    }
  }

  /** Sets a global dialplan variable (what ${NAME} falls back to when a channel has none). */
  async setGlobal(variable: string, value: string): Promise<void> {
    await this.request('POST', '/asterisk/variable', { query: { variable, value } });
  }
}
