import { createServer } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import type { Test } from 'tap';
import { AcdRuntime } from '../../cti/acd/call/acd-runtime.js';
import { AcdStore } from '../../cti/acd/call/acd-store.js';
import { AgentLegs } from '../../cti/acd/call/agent-legs.js';
import { CallBridges } from '../../cti/acd/call/call-bridges.js';
import { buildApp } from '../../cti/app.js';
import { AuditLog } from '../../cti/audit/audit-log.js';
import { ApiKeyStore } from '../../cti/auth/api-keys.js';
import { hashPassword } from '../../cti/auth/passwords.js';
import { type Role, users } from '../../cti/auth/schema.js';
import { SessionStore } from '../../cti/auth/sessions.js';
import { CallLog } from '../../cti/calls/call-log.js';
import { loadSettings } from '../../cti/config/load.js';
import type { Settings } from '../../cti/config/settings.js';
import type { AppDeps } from '../../cti/deps.js';
import { applyMigrations, type DbHandle, openDatabase } from '../../cti/infra/db/client.js';
import { createMetrics } from '../../cti/infra/metrics.js';
import { createIvrServices } from '../../cti/ivr/ivr-services.js';
import type { TextToSpeech } from '../../cti/ivr/prompts/tts.js';
import { FixedSoundCatalog, type SoundCatalog } from '../../cti/ivr/sound-catalog.js';
import { Softphone } from '../../cti/softphone/softphone-service.js';

/** The password every helper-made user has (at least 12 characters, like any real one). */
export const TEST_PASSWORD = 'correct horse battery staple';

/** A clock tests can move: sessions, throttling and the audit log all read it. */
export class TestClock {
  private nowMs: number;

  constructor(start = new Date()) {
    this.nowMs = start.getTime();
  }

  /** Pass this as the clock; it returns a fresh Date each call, like `() => new Date()`. */
  readonly now = (): Date => new Date(this.nowMs);

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface TestUser {
  id: number;
  username: string;
  role: Role;
  password: string;
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  settings: Settings;
  database: DbHandle;
  clock: TestClock;
  /** Env the settings were loaded from, for tests that run the CLI against the same database. */
  env: NodeJS.ProcessEnv;
  /** Creates a user straight in the database (with TEST_PASSWORD unless told otherwise). */
  createUser(
    role: Role,
    options?: { username?: string; password?: string; disabled?: boolean },
  ): Promise<TestUser>;
  /** A session token for the user, minted without a password check (cheap: no KDF). */
  sessionFor(user: TestUser): string;
  /** A new user of that role and headers carrying a session of theirs. */
  signedIn(role: Role): Promise<{ user: TestUser; headers: Record<string, string> }>;
  /** A new API key with that role. */
  apiKey(role: Role, name?: string): string;
  /** POST /api/auth/login through the app. */
  login(username: string, password: string, ip?: string): Promise<LightMyRequestResponse>;
}

export interface TestAppOverrides {
  /** Extra or replaced SWITCHBOARD_* variables. */
  env?: Record<string, string | undefined>;
  /** Replaces any dependency after the defaults are made (e.g. a fake `ari` reporting connected). */
  deps?: Partial<AppDeps>;
  clock?: TestClock;
  /** Asterisk's sounds as the IVR sees them (default: TEST_SOUNDS, always loaded). */
  sounds?: SoundCatalog;
  /** Text-to-speech engine (default: espeak-ng, cached under the test's prompts directory). */
  tts?: TextToSpeech;
}

/**
 * Sounds the test Asterisk "has": every one the demo flow plays plus common stock ones, so the
 * demo publishes as is and a misspelt name is refused.
 */
export const TEST_SOUNDS: readonly string[] = [
  'basic-pbx-ivr-main',
  'vm-sorry',
  'pm-invalid-option',
  'hours',
  'pls-hold-while-try',
  'one-moment-please',
  'vm-nobodyavail',
  'please-try-call-later',
  'goodbye',
  'hello-world',
  'beep',
  'silence/1',
  'queue-thankyou',
  'vm-intro',
  'auth-thankyou',
  'transfer',
  ...['a-m', 'p-m', ...Array.from({ length: 7 }, (_, i) => `day-${i}`)].map((d) => `digits/${d}`),
  ...Array.from({ length: 10 }, (_, i) => `digits/${i}`),
];

/** A free TCP port on loopback: nothing listens there once this returns, so connections are refused. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** Settings env for tests: Asterisk and Redis point at a port where nothing listens. */
export async function testEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const port = await unusedPort();
  return {
    SWITCHBOARD_ARI_URL: `http://127.0.0.1:${port}`,
    SWITCHBOARD_ARI_USER: 'switchboard',
    SWITCHBOARD_ARI_PASSWORD: 'test-ari-password',
    SWITCHBOARD_REDIS_URL: `redis://127.0.0.1:${port}`,
    SWITCHBOARD_DB_PATH: join(dir, 'switchboard.db'),
    SWITCHBOARD_LOG_LEVEL: 'fatal',
  };
}

let sharedHash: Promise<string> | null = null;
/** One real hash of TEST_PASSWORD per test process: users are made fast, logins still verify for real. */
function testPasswordHash(): Promise<string> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  return sharedHash;
}

/**
 * The whole HTTP app on a fresh, migrated SQLite database in the test's fixture directory, with
 * fake Asterisk/Redis status and the real call log and audit log. Closed when the test ends.
 */
export async function buildTestApp(t: Test, overrides: TestAppOverrides = {}): Promise<TestApp> {
  const dir = t.testdir();
  const env = { ...(await testEnv(dir)), SWITCHBOARD_PROMPTS_DIR: join(dir, 'prompts'), ...overrides.env };
  const settings = loadSettings(env);
  const database = openDatabase(settings.database.path);
  applyMigrations(database);
  const clock = overrides.clock ?? new TestClock();
  const logger = pino({ level: 'silent' });
  const ivr = createIvrServices({
    db: database.db,
    settings,
    clock: clock.now,
    sounds: overrides.sounds ?? new FixedSoundCatalog(TEST_SOUNDS),
    logger,
    ...(overrides.tts ? { tts: overrides.tts } : {}),
  });
  const deps: AppDeps = {
    settings,
    db: database.db,
    logger,
    metrics: createMetrics(),
    ari: {
      status: () => ({
        state: 'disconnected',
        since: clock.now(),
        lastError: 'test: no Asterisk',
        reconnects: 0,
      }),
    },
    ami: null,
    probeRedis: async () => ({ ok: true, detail: 'test: fake Redis' }),
    callLog: new CallLog(database.db),
    audit: new AuditLog(database.db, clock.now),
    ivr,
    acd: new AcdRuntime({
      rest: () => {
        throw new Error('test: no Asterisk');
      },
      transferRoutes: ['internal'],
      redirects: {
        toFlow: async () => {
          throw new Error('test: no Asterisk');
        },
        toVoicemail: async () => {
          throw new Error('test: no Asterisk');
        },
      },
      store: new AcdStore(database.db),
      legs: (listener) =>
        new AgentLegs(
          () => {
            throw new Error('test: no Asterisk');
          },
          'switchboard',
          listener,
          logger,
        ),
      bridges: new CallBridges(
        () => {
          throw new Error('test: no Asterisk');
        },
        database.db,
        clock.now,
      ),
      clock: clock.now,
      logger,
    }),
    softphone: new Softphone({
      db: database.db,
      rest: () => {
        throw new Error('test: no Asterisk');
      },
      ariStatus: () => ({ state: 'disconnected', lastError: 'test: no Asterisk' }),
      settings,
      clock: clock.now,
      logger,
    }),
    liveCallCount: () => 0,
    clock: clock.now,
    ...overrides.deps,
  };
  const app = await buildApp(deps);
  await app.ready();
  t.teardown(async () => {
    await app.close();
    database.close();
  });

  const sessions = new SessionStore(database.db, clock.now, settings.auth.sessionHours);
  const keys = new ApiKeyStore(database.db, clock.now);
  let made = 0;

  const createUser: TestApp['createUser'] = async (role, options = {}) => {
    made += 1;
    const username = options.username ?? `${role}${made}`;
    const password = options.password ?? TEST_PASSWORD;
    const passwordHash = password === TEST_PASSWORD ? await testPasswordHash() : await hashPassword(password);
    const now = clock.now();
    const row = database.db
      .insert(users)
      .values({
        username,
        displayName: `Test ${role} ${made}`,
        role,
        passwordHash,
        disabled: options.disabled ?? false,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    return { id: row.id, username, role, password };
  };
  const sessionFor = (user: TestUser) => sessions.start(user.id).token;

  return {
    app,
    deps,
    settings,
    database,
    clock,
    env,
    createUser,
    sessionFor,
    async signedIn(role) {
      const user = await createUser(role);
      return { user, headers: { authorization: `Bearer ${sessionFor(user)}` } };
    },
    apiKey: (role, name = `${role} integration`) => keys.create({ name, role, createdBy: null }).key,
    login: (username, password, ip) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        ...(ip ? { remoteAddress: ip } : {}),
      }),
  };
}

/** An in-process request whose answer is read as JSON when it is JSON (else the raw text). */
export async function injectJson<T = unknown>(
  app: TestApp['app'],
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  let body: unknown = res.body;
  try {
    body = res.json();
  } catch {}
  return { status: res.statusCode, body: body as T };
}
