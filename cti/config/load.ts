import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseCodeList } from './code-list.js';
import { SETTING_SPECS, type SettingSpec, type Settings, TRANSCRIPTION_ENGINES } from './settings.js';
import { parseSlaSpan, SLA_PRIORITY_SETTINGS } from './sla-settings.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * Reads settings from the environment and, when given, a JSON or YAML file; the environment wins.
 * Every problem is collected so an operator fixes them all in one go; throws ConfigError.
 */
export function loadSettings(env: NodeJS.ProcessEnv, configFile?: string): Settings {
  const problems: string[] = [];
  const file = configFile ?? env.SWITCHBOARD_CONFIG;
  const fromFile = file ? readConfigFile(file, problems) : {};
  const raw = new Map<string, string | undefined>();
  for (const spec of SETTING_SPECS) {
    const envValue = env[spec.env];
    const fileValue = lookupPath(fromFile, spec.file);
    const value = envValue !== undefined && envValue !== '' ? envValue : fileValue;
    raw.set(spec.env, value ?? spec.default);
  }
  const value = (name: string) => raw.get(name);
  for (const spec of SETTING_SPECS) checkSetting(spec, value(spec.env), file, problems);
  checkAmiComplete(value, problems);
  checkBootstrapAdmin(value, problems);
  checkTranscription(value, problems);
  checkSla(value, problems);
  checkTimeZone(value('SWITCHBOARD_REPORT_TIMEZONE'), problems);
  checkSupervision(value, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return toSettings(value);
}

function readConfigFile(path: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    problems.push(
      `config file ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
    return {};
  }
  try {
    const parsed: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`config file ${path}: must hold an object of settings`);
      return {};
    }
    return parsed as Record<string, unknown>;
  } catch (err) {
    problems.push(
      `config file ${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${(err as Error).message.split('\n')[0]})`,
    );
    return {};
  }
}

function lookupPath(obj: Record<string, unknown>, path: string): string | undefined {
  let cursor: unknown = obj;
  for (const key of path.split('.')) {
    if (cursor === null || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<string, unknown>)[key];
  }
  if (cursor === undefined || cursor === null) return undefined;
  return typeof cursor === 'object' ? JSON.stringify(cursor) : String(cursor);
}

function where(spec: SettingSpec, file: string | undefined): string {
  return file ? `${spec.env} (or ${spec.file} in ${file})` : spec.env;
}

function checkSetting(
  spec: SettingSpec,
  value: string | undefined,
  file: string | undefined,
  problems: string[],
): void {
  const name = where(spec, file);
  if (value === undefined || value === '') {
    if (spec.required) problems.push(`${name}: required (${spec.help})`);
    return;
  }
  const shown = spec.kind === 'secret' ? '(hidden)' : JSON.stringify(value);
  switch (spec.kind) {
    case 'url':
      if (!isUrl(value))
        problems.push(
          `${name}: must be a URL like ${spec.env.includes('REDIS') ? 'redis://host:port' : 'http://host:port'}, got ${shown}`,
        );
      break;
    case 'wsUrl':
      if (!isWsUrl(value)) problems.push(`${name}: must be a URL like wss://host:port/ws, got ${shown}`);
      break;
    case 'codeList': {
      const parsed = parseCodeList(value);
      if (!parsed.ok) problems.push(`${name}: ${parsed.problem}; expected code:Label,code:Label`);
      break;
    }
    case 'port':
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535)
        problems.push(`${name}: must be a port number 1-65535, got ${shown}`);
      break;
    case 'positiveInt':
      if (!/^\d+$/.test(value) || Number(value) < 1)
        problems.push(`${name}: must be a whole number above 0, got ${shown}`);
      break;
    case 'logLevel':
      if (!(LOG_LEVELS as readonly string[]).includes(value))
        problems.push(`${name}: must be one of ${LOG_LEVELS.join(', ')}, got ${shown}`);
      break;
    case 'isoTime':
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
        problems.push(`${name}: must be an ISO time like 2026-12-24T10:00:00+01:00, got ${shown}`);
      }
      break;
    case 'string':
    case 'secret':
      break;
  }
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ['http:', 'https:', 'redis:', 'rediss:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

function isWsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ['ws:', 'wss:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Only called once checkSetting passed: the list parses. */
function codeList(text: string | undefined) {
  const parsed = parseCodeList(text ?? '');
  return parsed.ok ? parsed.items : [];
}

function checkAmiComplete(value: (name: string) => string | undefined, problems: string[]): void {
  const parts = ['SWITCHBOARD_AMI_HOST', 'SWITCHBOARD_AMI_USER', 'SWITCHBOARD_AMI_PASSWORD'];
  const given = parts.filter((p) => value(p));
  if (given.length > 0 && given.length < parts.length) {
    const missing = parts.filter((p) => !value(p));
    problems.push(
      `${missing.join(', ')}: required once ${given.join(', ')} is set (AMI needs host, user and password)`,
    );
  }
}

function checkBootstrapAdmin(value: (name: string) => string | undefined, problems: string[]): void {
  const user = value('SWITCHBOARD_ADMIN_USER');
  const password = value('SWITCHBOARD_ADMIN_PASSWORD');
  if (user && !password)
    problems.push('SWITCHBOARD_ADMIN_PASSWORD: required once SWITCHBOARD_ADMIN_USER is set');
  if (password && !user)
    problems.push('SWITCHBOARD_ADMIN_USER: required once SWITCHBOARD_ADMIN_PASSWORD is set');
  if (password && password.length < 12)
    problems.push('SWITCHBOARD_ADMIN_PASSWORD: must be at least 12 characters');
}

function checkTranscription(value: (name: string) => string | undefined, problems: string[]): void {
  const engine = value('SWITCHBOARD_TRANSCRIPTION_ENGINE') ?? '';
  if (!(TRANSCRIPTION_ENGINES as readonly string[]).includes(engine))
    problems.push(
      `SWITCHBOARD_TRANSCRIPTION_ENGINE: must be one of ${TRANSCRIPTION_ENGINES.join(', ')}, got ${JSON.stringify(engine)}`,
    );
  if (engine === 'http' && !value('SWITCHBOARD_TRANSCRIPTION_HTTP_URL'))
    problems.push(
      'SWITCHBOARD_TRANSCRIPTION_HTTP_URL: required once SWITCHBOARD_TRANSCRIPTION_ENGINE is http',
    );
  const worker = value('SWITCHBOARD_TRANSCRIPTION_WORKER') ?? '';
  if (!['on', 'off'].includes(worker))
    problems.push(`SWITCHBOARD_TRANSCRIPTION_WORKER: must be on or off, got ${JSON.stringify(worker)}`);
}

function checkSla(value: (name: string) => string | undefined, problems: string[]): void {
  for (const env of Object.values(SLA_PRIORITY_SETTINGS)) {
    const parsed = parseSlaSpan(value(env) ?? '');
    if (typeof parsed === 'string') problems.push(`${env}: ${parsed}`);
  }
  const percent = Number(value('SWITCHBOARD_SLA_WARN_PERCENT'));
  if (!(percent >= 1 && percent <= 99))
    problems.push(
      `SWITCHBOARD_SLA_WARN_PERCENT: must be 1-99, got ${JSON.stringify(value('SWITCHBOARD_SLA_WARN_PERCENT'))}`,
    );
}

function checkTimeZone(zone: string | undefined, problems: string[]): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    problems.push(
      `SWITCHBOARD_REPORT_TIMEZONE: not a time zone this system knows, got ${JSON.stringify(zone)} (use an IANA name like Europe/Berlin)`,
    );
  }
}

/** The contexts go into a Dial string (Local/<exten>@<context>): plain context names only. */
function checkSupervision(value: (name: string) => string | undefined, problems: string[]): void {
  for (const context of list(value('SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS')))
    if (!/^[A-Za-z0-9_-]{1,79}$/.test(context))
      problems.push(
        `SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS: ${JSON.stringify(context)} is not a dialplan context name (letters, digits, - and _)`,
      );
}

function toSettings(value: (name: string) => string | undefined): Settings {
  const str = (name: string) => value(name) ?? '';
  const num = (name: string) => Number(value(name));
  const host = str('SWITCHBOARD_HTTP_HOST');
  const port = num('SWITCHBOARD_HTTP_PORT');
  const amiHost = value('SWITCHBOARD_AMI_HOST');
  const adminUser = value('SWITCHBOARD_ADMIN_USER');
  return {
    http: { host, port, publicUrl: value('SWITCHBOARD_PUBLIC_URL') ?? `http://${host}:${port}` },
    database: { path: str('SWITCHBOARD_DB_PATH') },
    ari: {
      url: str('SWITCHBOARD_ARI_URL').replace(/\/+$/, ''),
      user: str('SWITCHBOARD_ARI_USER'),
      password: str('SWITCHBOARD_ARI_PASSWORD'),
      app: str('SWITCHBOARD_ARI_APP'),
      startTimeoutSeconds: num('SWITCHBOARD_ARI_START_TIMEOUT_SECONDS'),
    },
    ami: amiHost
      ? {
          host: amiHost,
          port: num('SWITCHBOARD_AMI_PORT'),
          user: str('SWITCHBOARD_AMI_USER'),
          password: str('SWITCHBOARD_AMI_PASSWORD'),
        }
      : null,
    redis: { url: str('SWITCHBOARD_REDIS_URL') },
    asterisk: { spoolDir: value('SWITCHBOARD_ASTERISK_SPOOL_DIR') ?? null },
    ivr: {
      promptsDir: str('SWITCHBOARD_PROMPTS_DIR'),
      asteriskPromptsDir: value('SWITCHBOARD_ASTERISK_PROMPTS_DIR') ?? str('SWITCHBOARD_PROMPTS_DIR'),
      httpAllowList: list(value('SWITCHBOARD_HTTP_ALLOW_LIST')),
      transferRoutes: list(value('SWITCHBOARD_TRANSFER_ROUTES')),
      ttsVoice: str('SWITCHBOARD_TTS_VOICE'),
      timeOverride: value('SWITCHBOARD_IVR_TIME') ? new Date(str('SWITCHBOARD_IVR_TIME')) : null,
    },
    calls: {
      welcomeSound: str('SWITCHBOARD_WELCOME_SOUND'),
      maxHoldSeconds: num('SWITCHBOARD_MAX_HOLD_SECONDS'),
      shutdownDrainSeconds: num('SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS'),
    },
    auth: {
      sessionHours: num('SWITCHBOARD_SESSION_HOURS'),
      bootstrapAdmin: adminUser ? { username: adminUser, password: str('SWITCHBOARD_ADMIN_PASSWORD') } : null,
    },
    softphone: { wsUrl: value('SWITCHBOARD_SOFTPHONE_WS_URL') ?? null },
    desktop: {
      dispositions: codeList(value('SWITCHBOARD_DISPOSITIONS')),
      pauseReasons: codeList(value('SWITCHBOARD_PAUSE_REASONS')),
    },
    sla: {
      byPriority: {
        low: slaSpan(value(SLA_PRIORITY_SETTINGS.low)),
        normal: slaSpan(value(SLA_PRIORITY_SETTINGS.normal)),
        high: slaSpan(value(SLA_PRIORITY_SETTINGS.high)),
        urgent: slaSpan(value(SLA_PRIORITY_SETTINGS.urgent)),
      },
      warnPercent: num('SWITCHBOARD_SLA_WARN_PERCENT'),
    },
    webhooks: {
      allowHosts: list(value('SWITCHBOARD_WEBHOOK_ALLOW_HOSTS')).map((h) => h.toLowerCase()),
      attempts: num('SWITCHBOARD_WEBHOOK_ATTEMPTS'),
      backoffMs: num('SWITCHBOARD_WEBHOOK_BACKOFF_MS'),
      timeoutMs: num('SWITCHBOARD_WEBHOOK_TIMEOUT_MS'),
    },
    reports: {
      timeZone: str('SWITCHBOARD_REPORT_TIMEZONE'),
      shortAbandonSeconds: num('SWITCHBOARD_SHORT_ABANDON_SECONDS'),
      repeatCallWindowHours: num('SWITCHBOARD_REPEAT_CALL_WINDOW_HOURS'),
    },
    jobsQueuePrefix: str('SWITCHBOARD_JOBS_QUEUE_PREFIX'),
    supervision: { localContexts: list(value('SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS')) },
    transcription: {
      engine: str('SWITCHBOARD_TRANSCRIPTION_ENGINE') as Settings['transcription']['engine'],
      worker: str('SWITCHBOARD_TRANSCRIPTION_WORKER') === 'on',
      attempts: num('SWITCHBOARD_TRANSCRIPTION_ATTEMPTS'),
      backoffSeconds: num('SWITCHBOARD_TRANSCRIPTION_BACKOFF_SECONDS'),
      concurrency: num('SWITCHBOARD_TRANSCRIPTION_CONCURRENCY'),
      redactGuardMs: num('SWITCHBOARD_TRANSCRIPTION_REDACT_GUARD_MS'),
      queuePrefix: str('SWITCHBOARD_TRANSCRIPTION_QUEUE_PREFIX'),
      http: {
        url: value('SWITCHBOARD_TRANSCRIPTION_HTTP_URL') ?? null,
        apiKey: value('SWITCHBOARD_TRANSCRIPTION_HTTP_KEY') ?? null,
        model: str('SWITCHBOARD_TRANSCRIPTION_HTTP_MODEL'),
      },
    },
    logLevel: str('SWITCHBOARD_LOG_LEVEL') as Settings['logLevel'],
  };
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Only called once checkSla passed. */
function slaSpan(text: string | undefined) {
  const parsed = parseSlaSpan(text ?? '');
  return typeof parsed === 'string' ? { firstResponseSeconds: 0, resolutionSeconds: 0 } : parsed;
}
