import type { HoldingBridge } from '../../calls/holding-bridge.js';
import type { AriRest } from '../../infra/ari/types.js';
import type { Logger } from '../../infra/logger.js';
import type { Router } from '../engine/router.js';
import type { AcdEvents } from './acd-events.js';
import type { AcdStore } from './acd-store.js';
import type { WaitingCalls } from './waiting-calls.js';

/** What the parts of the live ACD (runtime, overflow, transfer, recovery) share: one router and its callers. */
export interface AcdContext {
  rest: () => AriRest;
  router: Router;
  store: AcdStore;
  waiting: WaitingCalls;
  events: AcdEvents;
  clock: () => Date;
  log: Logger;
  /** The holding bridge of a queue the ACD knows. */
  holding(queueId: string): HoldingBridge | undefined;
}
