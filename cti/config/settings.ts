/** The daemon's settings after validation: every field is present and of the right type. */
export interface Settings {
  http: { host: string; port: number; publicUrl: string };
  database: { path: string };
  ari: { url: string; user: string; password: string; app: string; startTimeoutSeconds: number };
  ami: { host: string; port: number; user: string; password: string } | null;
  redis: { url: string };
  asterisk: { spoolDir: string | null };
  ivr: {
    promptsDir: string;
    asteriskPromptsDir: string;
    httpAllowList: string[];
    transferRoutes: string[];
    ttsVoice: string;
    timeOverride: Date | null;
  };
  calls: { welcomeSound: string; maxHoldSeconds: number; shutdownDrainSeconds: number };
  auth: { sessionHours: number; bootstrapAdmin: { username: string; password: string } | null };
  /** Browser softphones: where they reach Asterisk's SIP over WebSocket (null: derived from ari.url). */
  softphone: { wsUrl: string | null };
  /** What the agent desktop offers: wrap-up dispositions and pause reasons, in the order given. */
  desktop: { dispositions: CodeLabel[]; pauseReasons: CodeLabel[] };
  /** Call recordings to text as BullMQ jobs (cti/transcription/README.md). */
  transcription: TranscriptionSettings;
  /** Response and resolution deadlines per ticket priority (cti/sla/README.md). */
  sla: SlaSettings;
  /** Signed HTTP callbacks for ticket, SLA and call events (cti/webhooks/README.md). */
  webhooks: WebhookSettings;
  /** How historical reports and the wallboard's "today" count (cti/reports). */
  reports: ReportSettings;
  /** BullMQ key prefix of the SLA and webhook queues. */
  jobsQueuePrefix: string;
  /** Listen, whisper, barge (cti/supervision): dialplan contexts a supervisor's Local/<exten>@<context> phone may use. */
  supervision: { localContexts: string[] };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

export interface ReportSettings {
  /** IANA zone whose midnights and hours bound report intervals and the wallboard's day. */
  timeZone: string;
  /** Callers who hang up sooner than this in a queue are short abandons, left out of abandon rates and service level. */
  shortAbandonSeconds: number;
  /** A caller calling again within this many hours means the first call did not resolve it (first-contact resolution). */
  repeatCallWindowHours: number;
}

export const TRANSCRIPTION_ENGINES = ['pocketsphinx', 'http'] as const;

export interface TranscriptionSettings {
  engine: (typeof TRANSCRIPTION_ENGINES)[number];
  /** Run the BullMQ worker inside the daemon (else run dist/cti/transcription/worker-main.js apart). */
  worker: boolean;
  attempts: number;
  backoffSeconds: number;
  concurrency: number;
  /** Words this close to a pause/resume join are redacted too (the offsets are approximate). */
  redactGuardMs: number;
  /** BullMQ key prefix: daemons sharing one Redis need different ones (their recording ids collide). */
  queuePrefix: string;
  /** OpenAI-compatible /v1/audio/transcriptions server, for engine "http". */
  http: { url: string | null; apiKey: string | null; model: string };
}

export interface SlaSpan {
  firstResponseSeconds: number;
  resolutionSeconds: number;
}

export interface SlaSettings {
  byPriority: Record<'low' | 'normal' | 'high' | 'urgent', SlaSpan>;
  /** A warning goes out once this share (1-99 %) of a deadline's span has passed. */
  warnPercent: number;
}

export interface WebhookSettings {
  /** Hosts (names or IPs) a webhook may point at although they are private or loopback. */
  allowHosts: string[];
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}

/** One choice of a `code:Label,...` list setting. */
export interface CodeLabel {
  code: string;
  label: string;
}

/**
 * One entry per setting: the env variable, the path in the optional config file, and how to read it.
 * Kept as data so `--help`, the README's reference and the validator speak of the same names.
 */
export interface SettingSpec {
  env: string;
  file: string;
  kind: 'string' | 'url' | 'wsUrl' | 'port' | 'positiveInt' | 'secret' | 'logLevel' | 'isoTime' | 'codeList';
  required: boolean;
  default?: string;
  help: string;
}

export const SETTING_SPECS: readonly SettingSpec[] = [
  {
    env: 'SWITCHBOARD_HTTP_HOST',
    file: 'http.host',
    kind: 'string',
    required: false,
    default: '127.0.0.1',
    help: 'address the API and web app listen on',
  },
  {
    env: 'SWITCHBOARD_HTTP_PORT',
    file: 'http.port',
    kind: 'port',
    required: false,
    default: '8080',
    help: 'port the API and web app listen on',
  },
  {
    env: 'SWITCHBOARD_PUBLIC_URL',
    file: 'http.publicUrl',
    kind: 'url',
    required: false,
    help: 'URL people use to reach the web app (default http://HOST:PORT)',
  },
  {
    env: 'SWITCHBOARD_DB_PATH',
    file: 'database.path',
    kind: 'string',
    required: false,
    default: 'var/switchboard.db',
    help: 'SQLite database file',
  },
  {
    env: 'SWITCHBOARD_ARI_URL',
    file: 'ari.url',
    kind: 'url',
    required: true,
    help: 'Asterisk ARI base URL, e.g. http://127.0.0.1:8088',
  },
  {
    env: 'SWITCHBOARD_ARI_USER',
    file: 'ari.user',
    kind: 'string',
    required: true,
    help: 'ARI user (ari.conf)',
  },
  {
    env: 'SWITCHBOARD_ARI_PASSWORD',
    file: 'ari.password',
    kind: 'secret',
    required: true,
    help: 'ARI password (ari.conf)',
  },
  {
    env: 'SWITCHBOARD_ARI_APP',
    file: 'ari.app',
    kind: 'string',
    required: false,
    default: 'switchboard',
    help: 'Stasis application name the dialplan hands calls to',
  },
  {
    env: 'SWITCHBOARD_ARI_START_TIMEOUT_SECONDS',
    file: 'ari.startTimeoutSeconds',
    kind: 'positiveInt',
    required: false,
    default: '10',
    help: 'at start, how long to wait for ARI before giving up',
  },
  {
    env: 'SWITCHBOARD_AMI_HOST',
    file: 'ami.host',
    kind: 'string',
    required: false,
    help: 'AMI host; AMI is off when unset',
  },
  {
    env: 'SWITCHBOARD_AMI_PORT',
    file: 'ami.port',
    kind: 'port',
    required: false,
    default: '5038',
    help: 'AMI port',
  },
  {
    env: 'SWITCHBOARD_AMI_USER',
    file: 'ami.user',
    kind: 'string',
    required: false,
    help: 'AMI user (manager.conf)',
  },
  {
    env: 'SWITCHBOARD_AMI_PASSWORD',
    file: 'ami.password',
    kind: 'secret',
    required: false,
    help: 'AMI secret (manager.conf)',
  },
  {
    env: 'SWITCHBOARD_REDIS_URL',
    file: 'redis.url',
    kind: 'url',
    required: false,
    default: 'redis://127.0.0.1:6379',
    help: 'Redis for background jobs',
  },
  {
    env: 'SWITCHBOARD_ASTERISK_SPOOL_DIR',
    file: 'asterisk.spoolDir',
    kind: 'string',
    required: false,
    help: "host path of Asterisk's spool directory (recordings)",
  },
  {
    env: 'SWITCHBOARD_PROMPTS_DIR',
    file: 'ivr.promptsDir',
    kind: 'string',
    required: false,
    default: 'var/prompts',
    help: 'where uploaded and text-to-speech prompts are stored (Asterisk must read it)',
  },
  {
    env: 'SWITCHBOARD_ASTERISK_PROMPTS_DIR',
    file: 'ivr.asteriskPromptsDir',
    kind: 'string',
    required: false,
    help: 'the prompts directory as Asterisk sees it (default: the same path)',
  },
  {
    env: 'SWITCHBOARD_HTTP_ALLOW_LIST',
    file: 'ivr.httpAllowList',
    kind: 'string',
    required: false,
    default: '',
    help: 'comma-separated hosts IVR http lookups may call',
  },
  {
    env: 'SWITCHBOARD_TRANSFER_ROUTES',
    file: 'ivr.transferRoutes',
    kind: 'string',
    required: false,
    default: 'internal,pstn',
    help: 'comma-separated transfer routes; each is a dialplan context switchboard-route-<name>',
  },
  {
    env: 'SWITCHBOARD_TTS_VOICE',
    file: 'ivr.ttsVoice',
    kind: 'string',
    required: false,
    default: 'en-us',
    help: 'default espeak-ng voice for text prompts',
  },
  {
    env: 'SWITCHBOARD_IVR_TIME',
    file: 'ivr.time',
    kind: 'isoTime',
    required: false,
    help: 'flows see this as the time at start and run on from it (to try holiday or after-hours routing)',
  },
  {
    env: 'SWITCHBOARD_WELCOME_SOUND',
    file: 'calls.welcomeSound',
    kind: 'string',
    required: false,
    default: 'sound:hello-world',
    help: 'played to callers that no flow handles',
  },
  {
    env: 'SWITCHBOARD_MAX_HOLD_SECONDS',
    file: 'calls.maxHoldSeconds',
    kind: 'positiveInt',
    required: false,
    default: '3600',
    help: 'longest a caller is held before the daemon hangs up',
  },
  {
    env: 'SWITCHBOARD_SHUTDOWN_DRAIN_SECONDS',
    file: 'calls.shutdownDrainSeconds',
    kind: 'positiveInt',
    required: false,
    default: '30',
    help: 'on SIGTERM, how long live calls may finish before the daemon exits',
  },
  {
    env: 'SWITCHBOARD_SESSION_HOURS',
    file: 'auth.sessionHours',
    kind: 'positiveInt',
    required: false,
    default: '12',
    help: 'how long a login session lasts',
  },
  {
    env: 'SWITCHBOARD_ADMIN_USER',
    file: 'auth.adminUser',
    kind: 'string',
    required: false,
    help: 'creates this admin at start when no user exists yet',
  },
  {
    env: 'SWITCHBOARD_ADMIN_PASSWORD',
    file: 'auth.adminPassword',
    kind: 'secret',
    required: false,
    help: 'password for SWITCHBOARD_ADMIN_USER (at least 12 characters)',
  },
  {
    env: 'SWITCHBOARD_SOFTPHONE_WS_URL',
    file: 'softphone.wsUrl',
    kind: 'wsUrl',
    required: false,
    help: 'SIP over WebSocket URL browsers register to, e.g. wss://pbx.example.com/ws (default ws://<ARI host>:<ARI port>/ws)',
  },
  {
    env: 'SWITCHBOARD_DISPOSITIONS',
    file: 'desktop.dispositions',
    kind: 'codeList',
    required: false,
    default: 'resolved:Resolved,callback:Call back,escalated:Escalated,wrong-number:Wrong number,other:Other',
    help: 'wrap-up dispositions agents choose from, as code:Label,code:Label',
  },
  {
    env: 'SWITCHBOARD_PAUSE_REASONS',
    file: 'desktop.pauseReasons',
    kind: 'codeList',
    required: false,
    default: 'break:Break,lunch:Lunch,training:Training,admin:Back office',
    help: 'pause reasons the agent desktop offers, as code:Label,code:Label',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_ENGINE',
    file: 'transcription.engine',
    kind: 'string',
    required: false,
    default: 'pocketsphinx',
    help: 'speech-to-text for call recordings: pocketsphinx (offline) or http (OpenAI-compatible server)',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_WORKER',
    file: 'transcription.worker',
    kind: 'string',
    required: false,
    default: 'on',
    help: 'on: the daemon runs the transcription worker; off: run it apart (node dist/cti/transcription/worker-main.js)',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_ATTEMPTS',
    file: 'transcription.attempts',
    kind: 'positiveInt',
    required: false,
    default: '3',
    help: 'tries per transcription job before it is listed as failed',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_BACKOFF_SECONDS',
    file: 'transcription.backoffSeconds',
    kind: 'positiveInt',
    required: false,
    default: '30',
    help: 'wait before the first retry of a transcription job; doubles each retry',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_CONCURRENCY',
    file: 'transcription.concurrency',
    kind: 'positiveInt',
    required: false,
    default: '1',
    help: 'transcription jobs one worker runs at once',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_REDACT_GUARD_MS',
    file: 'transcription.redactGuardMs',
    kind: 'positiveInt',
    required: false,
    default: '400',
    help: 'words this close (ms) to where a paused recording was joined are redacted too',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_QUEUE_PREFIX',
    file: 'transcription.queuePrefix',
    kind: 'string',
    required: false,
    default: 'switchboard',
    help: 'Redis key prefix of the transcription queue; give each daemon sharing a Redis its own',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_HTTP_URL',
    file: 'transcription.http.url',
    kind: 'url',
    required: false,
    help: 'base URL of an OpenAI-compatible speech-to-text server (engine http), e.g. http://127.0.0.1:8000',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_HTTP_KEY',
    file: 'transcription.http.apiKey',
    kind: 'secret',
    required: false,
    help: 'bearer key for SWITCHBOARD_TRANSCRIPTION_HTTP_URL',
  },
  {
    env: 'SWITCHBOARD_TRANSCRIPTION_HTTP_MODEL',
    file: 'transcription.http.model',
    kind: 'string',
    required: false,
    default: 'whisper-1',
    help: 'model name sent to the speech-to-text server',
  },
  {
    env: 'SWITCHBOARD_SLA_URGENT',
    file: 'sla.urgent',
    kind: 'string',
    required: false,
    default: '15m/4h',
    help: 'urgent tickets: first response / resolution deadline, as <n>s|m|h|d/<n>s|m|h|d',
  },
  {
    env: 'SWITCHBOARD_SLA_HIGH',
    file: 'sla.high',
    kind: 'string',
    required: false,
    default: '1h/8h',
    help: 'high tickets: first response / resolution deadline',
  },
  {
    env: 'SWITCHBOARD_SLA_NORMAL',
    file: 'sla.normal',
    kind: 'string',
    required: false,
    default: '4h/24h',
    help: 'normal tickets: first response / resolution deadline',
  },
  {
    env: 'SWITCHBOARD_SLA_LOW',
    file: 'sla.low',
    kind: 'string',
    required: false,
    default: '8h/72h',
    help: 'low tickets: first response / resolution deadline',
  },
  {
    env: 'SWITCHBOARD_SLA_WARN_PERCENT',
    file: 'sla.warnPercent',
    kind: 'positiveInt',
    required: false,
    default: '80',
    help: 'an sla.warning goes out when this percentage (1-99) of a deadline has passed',
  },
  {
    env: 'SWITCHBOARD_REPORT_TIMEZONE',
    file: 'reports.timeZone',
    kind: 'string',
    required: false,
    default: Intl.DateTimeFormat().resolvedOptions().timeZone,
    help: 'IANA time zone (e.g. Europe/Berlin) whose days and hours bound reports and the wallboard',
  },
  {
    env: 'SWITCHBOARD_SHORT_ABANDON_SECONDS',
    file: 'reports.shortAbandonSeconds',
    kind: 'positiveInt',
    required: false,
    default: '5',
    help: 'callers hanging up within this many seconds in a queue are not counted as abandoned',
  },
  {
    env: 'SWITCHBOARD_REPEAT_CALL_WINDOW_HOURS',
    file: 'reports.repeatCallWindowHours',
    kind: 'positiveInt',
    required: false,
    default: '24',
    help: 'a call from the same number within this many hours counts against first-contact resolution',
  },
  {
    env: 'SWITCHBOARD_WEBHOOK_ALLOW_HOSTS',
    file: 'webhooks.allowHosts',
    kind: 'string',
    required: false,
    default: '',
    help: 'comma-separated hosts webhooks may use although private or loopback (e.g. 127.0.0.1)',
  },
  {
    env: 'SWITCHBOARD_WEBHOOK_ATTEMPTS',
    file: 'webhooks.attempts',
    kind: 'positiveInt',
    required: false,
    default: '8',
    help: 'tries per webhook delivery before it is logged as failed',
  },
  {
    env: 'SWITCHBOARD_WEBHOOK_BACKOFF_MS',
    file: 'webhooks.backoffMs',
    kind: 'positiveInt',
    required: false,
    default: '10000',
    help: 'wait before the first retry of a webhook delivery; doubles each retry',
  },
  {
    env: 'SWITCHBOARD_WEBHOOK_TIMEOUT_MS',
    file: 'webhooks.timeoutMs',
    kind: 'positiveInt',
    required: false,
    default: '10000',
    help: 'a webhook receiver must answer within this many milliseconds',
  },
  {
    env: 'SWITCHBOARD_JOBS_QUEUE_PREFIX',
    file: 'jobs.queuePrefix',
    kind: 'string',
    required: false,
    default: 'switchboard',
    help: 'Redis key prefix of the SLA and webhook queues; give each daemon sharing a Redis its own',
  },
  {
    env: 'SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS',
    file: 'supervision.localContexts',
    kind: 'string',
    required: false,
    default: '',
    help: 'comma-separated dialplan contexts a supervisor may be rung through as Local/<exten>@<context> (PJSIP/<endpoint> needs none)',
  },
  {
    env: 'SWITCHBOARD_LOG_LEVEL',
    file: 'logLevel',
    kind: 'logLevel',
    required: false,
    default: 'info',
    help: 'fatal, error, warn, info, debug or trace',
  },
];
