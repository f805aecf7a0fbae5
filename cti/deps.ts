import type { AcdRuntime } from './acd/call/acd-runtime.js';
import type { AuditLog } from './audit/audit-log.js';
import type { CallLog } from './calls/call-log.js';
import type { Settings } from './config/settings.js';
import type { AmiConnection } from './infra/ami/connection.js';
import type { ProbeResult } from './infra/ari/probe.js';
import type { AriSupervisor } from './infra/ari/supervisor.js';
import type { Db } from './infra/db/client.js';
import type { Logger } from './infra/logger.js';
import type { Metrics } from './infra/metrics.js';
import type { IvrServices } from './ivr/ivr-services.js';
import type { Softphone } from './softphone/softphone-service.js';
import type { SupervisionApi } from './supervision/runtime.js';
import type { TranscriptionApi } from './transcription/runtime.js';

/** Everything the HTTP app needs, built once in main.ts (or by a test) and injected. */
export interface AppDeps {
  settings: Settings;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  ari: Pick<AriSupervisor, 'status'>;
  ami: Pick<AmiConnection, 'status' | 'ping'> | null;
  probeRedis: () => Promise<ProbeResult>;
  callLog: CallLog;
  audit: AuditLog;
  /** Flows, DID routes, prompts, text-to-speech and media for the IVR (see ivr/ivr-services.ts). */
  ivr: IvrServices;
  /** The ACD on live calls: router, queues' holding bridges, agent legs. */
  acd: AcdRuntime;
  /** Agents' browser softphone accounts on Asterisk (issued per login, removed at logout). */
  softphone: Pick<Softphone, 'issue' | 'sessionEnded'>;
  /** Transcription jobs and events; absent where no queue runs (test apps): its job routes answer 503. */
  transcription?: TranscriptionApi;
  /** Listen, whisper, barge on live ACD calls; absent where no calls run (test apps): its routes answer 503. */
  supervision?: SupervisionApi;
  /** Live calls, from the call tracker. */
  liveCallCount: () => number;
  clock: () => Date;
}
