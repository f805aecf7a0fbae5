// Integration-test access to the running Asterisk sandbox (scripts/asterisk-sandbox.sh).
// Settings come from the sandbox's asterisk.env, sourced into the environment:
//   SANDBOX_INSTANCE=test bash scripts/asterisk-sandbox.sh start
//   set -a; . /var/lib/switchboard/sandbox-test/asterisk.env; set +a
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SANDBOX_SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'scripts',
  'asterisk-sandbox.sh',
);
const run = promisify(execFile);

export interface SandboxEnv {
  ariUrl: string;
  ariUser: string;
  ariPassword: string;
  ariApp: string;
  amiHost: string;
  amiPort: number;
  amiUser: string;
  amiPassword: string;
  instance: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `${name} is not set: start the sandbox (SANDBOX_INSTANCE=test bash scripts/asterisk-sandbox.sh start) ` +
        'and source its asterisk.env (set -a; . /var/lib/switchboard/sandbox-test/asterisk.env; set +a)',
    );
  }
  return value;
}

export function sandboxEnv(): SandboxEnv {
  return {
    ariUrl: required('SWITCHBOARD_ARI_URL').replace(/\/+$/, ''),
    ariUser: required('SWITCHBOARD_ARI_USER'),
    ariPassword: required('SWITCHBOARD_ARI_PASSWORD'),
    ariApp: required('SWITCHBOARD_ARI_APP'),
    amiHost: required('SWITCHBOARD_AMI_HOST'),
    amiPort: Number(required('SWITCHBOARD_AMI_PORT')),
    amiUser: required('SWITCHBOARD_AMI_USER'),
    amiPassword: required('SWITCHBOARD_AMI_PASSWORD'),
    instance: process.env.SWITCHBOARD_SANDBOX_INSTANCE || process.env.SANDBOX_INSTANCE || 'test',
  };
}

export class AriError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`ARI ${method} ${path} answered ${status}: ${body.slice(0, 200)}`);
  }
}

export type AriQuery = Record<string, string | number | boolean>;

/** One ARI call with basic auth. Resolves to the parsed JSON body (undefined for 204); throws AriError otherwise. */
export async function ariRequest(
  method: string,
  path: string,
  options: { query?: AriQuery; body?: unknown } = {},
): Promise<unknown> {
  const env = sandboxEnv();
  const url = new URL(`${env.ariUrl}/ari${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${env.ariUser}:${env.ariPassword}`).toString('base64')}`,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new AriError(method, path, response.status, text);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

export interface AriChannel {
  id: string;
  name: string;
  state: string;
  caller: { name: string; number: string };
  connected: { name: string; number: string };
  dialplan: { context: string; exten: string; priority: number; app_name?: string; app_data?: string };
}

export interface AriBridge {
  id: string;
  name: string;
  bridge_type: string;
  channels: string[];
}

export async function listBridges(): Promise<AriBridge[]> {
  return (await ariRequest('GET', '/bridges')) as AriBridge[];
}

export async function listChannels(): Promise<AriChannel[]> {
  return (await ariRequest('GET', '/channels')) as AriChannel[];
}

/** A channel variable, or undefined once the channel is gone. */
export async function channelVariable(channelId: string, variable: string): Promise<string | undefined> {
  try {
    const result = (await ariRequest('GET', `/channels/${encodeURIComponent(channelId)}/variable`, {
      query: { variable },
    })) as { value: string };
    return result.value;
  } catch (error) {
    if (error instanceof AriError && error.status === 404) return undefined;
    throw error;
  }
}

export interface TestCallerOptions {
  /** The number dialled (becomes EXTEN in switchboard-inbound), e.g. "100", "+4930123456" or "s". */
  did: string;
  /** CALLERID(num) the daemon sees on the inbound half. */
  callerNumber: string;
  /** DTMF the caller keys about a second after answer ("" for none). */
  digits: string;
  /** Seconds the caller stays on after keying the digits, then hangs up. */
  holdSeconds: number;
  /** Id of the caller half (;1); generated when omitted. */
  channelId?: string;
  /** Id of the inbound half (;2) the daemon sees; generated when omitted. */
  otherChannelId?: string;
}

export interface TestCaller {
  /** ;1: runs switchboard-test-caller (digits, hold, hang up). */
  callerChannelId: string;
  /** ;2: enters switchboard-inbound like a trunk call; the one in Stasis. */
  inboundChannelId: string;
}

const DID = /^([+*#0-9]+|s)$/;

/**
 * Places a real call into switchboard-inbound through a Local channel (see dialplan/README.md).
 * `/n`: no Local optimisation, so both channel ids stay valid for the whole call.
 */
export async function originateTestCaller(options: TestCallerOptions): Promise<TestCaller> {
  if (!DID.test(options.did))
    throw new Error(`originateTestCaller: did ${JSON.stringify(options.did)} is not a dial string`);
  if (!/^\+?[0-9]{1,20}$/.test(options.callerNumber)) {
    throw new Error(
      `originateTestCaller: callerNumber ${JSON.stringify(options.callerNumber)} is not a number`,
    );
  }
  const callerChannelId = options.channelId ?? `test-caller-${randomUUID()}`;
  const inboundChannelId = options.otherChannelId ?? `${callerChannelId}-in`;
  await ariRequest('POST', '/channels', {
    body: {
      endpoint: `Local/${options.did}@switchboard-test-dial/n`,
      context: 'switchboard-test-caller',
      extension: 's',
      priority: 1,
      channelId: callerChannelId,
      otherChannelId: inboundChannelId,
      // Sets caller and connected line on ;1; Local gives ;2 the connected line of ;1 as its caller.
      callerId: options.callerNumber,
      variables: {
        SWITCHBOARD_TEST_CALLER: options.callerNumber,
        SWITCHBOARD_TEST_DIGITS: options.digits,
        SWITCHBOARD_TEST_HOLD: String(options.holdSeconds),
      },
    },
  });
  return { callerChannelId, inboundChannelId };
}

/** Polls until check returns something other than undefined/null/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sandboxScript(...args: string[]): Promise<string> {
  const instance = sandboxEnv().instance;
  try {
    const { stdout } = await run('bash', [SANDBOX_SCRIPT, ...args], {
      env: { ...process.env, SANDBOX_INSTANCE: instance },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`asterisk-sandbox.sh ${args.join(' ')} (instance ${instance}) failed: ${stderr.trim()}`);
  }
}

/** Stops and starts the sandbox Asterisk; credentials and ports stay the same. */
export async function restartAsterisk(): Promise<void> {
  await sandboxScript('restart');
}

/** Runs an Asterisk CLI command in the sandbox instance and returns its output. */
export async function asteriskRx(command: string): Promise<string> {
  return sandboxScript('rx', command);
}
