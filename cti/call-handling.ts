import { AcdExits } from './acd/call/acd-exits.js';
import { AcdRuntime } from './acd/call/acd-runtime.js';
import { AcdStore } from './acd/call/acd-store.js';
import { AgentLegs } from './acd/call/agent-legs.js';
import { CallBridges } from './acd/call/call-bridges.js';
import { CallLog } from './calls/call-log.js';
import { CallTracker } from './calls/call-tracker.js';
import { Lobby } from './calls/lobby.js';
import { reconcileCalls } from './calls/reconcile.js';
import { CallStasisHandlers } from './calls/stasis.js';
import { WelcomeAndHold } from './calls/welcome-and-hold.js';
import type { Settings } from './config/settings.js';
import type { AriSupervisor } from './infra/ari/supervisor.js';
import type { Db } from './infra/db/client.js';
import type { Logger } from './infra/logger.js';
import type { Metrics } from './infra/metrics.js';
import { IvrCallHandler } from './ivr/call/ivr-call-handler.js';
import { LobbyExits } from './ivr/call/lobby-exits.js';
import { IvrPathStore } from './ivr/call/path-store.js';
import { VoicemailRecorder } from './ivr/call/voicemail-recorder.js';
import { flowVersionById, liveFlowByName } from './ivr/flows/flow-for-call.js';
import type { IvrServices } from './ivr/ivr-services.js';
import type { Softphone } from './softphone/softphone-service.js';

export interface CallHandlingDeps {
  settings: Settings;
  db: Db;
  ari: AriSupervisor;
  ivr: IvrServices;
  logger: Logger;
  metrics: Metrics;
  /** While an agent's browser softphone account lives, the ACD rings it instead of the stored device. */
  softphone: Pick<Softphone, 'deviceOf'>;
  clock: () => Date;
}

/** A message left on overflow may be as long as a flow's voicemail node allows by default. */
const OVERFLOW_VOICEMAIL_SECONDS = 120;

/** Wires a call's life: ARI events → call log and session → IVR flow (or welcome and hold) → exits. */
export function createCallHandling(deps: CallHandlingDeps) {
  const { settings, db, ari, ivr, logger, metrics, softphone, clock } = deps;
  const rest = () => ari.rest;
  const callLog = new CallLog(db);
  const tracker = new CallTracker();
  const lobby = new Lobby(rest);
  const paths = new IvrPathStore(db, clock);
  const voicemails = new VoicemailRecorder(rest, db, clock);
  const lobbyExits = new LobbyExits(rest, lobby, voicemails, settings.calls.maxHoldSeconds, logger);
  // The IVR handler is made after the ACD (it exits into it); overflow to a flow reaches it late.
  let flowHandler: IvrCallHandler | null = null;
  const acd = new AcdRuntime({
    rest,
    transferRoutes: settings.ivr.transferRoutes,
    redirects: {
      toFlow: (session, flowName, caller, reason) => {
        if (!flowHandler) throw new Error('the IVR is not started');
        return flowHandler.continueInFlow(session, flowName, caller, reason);
      },
      toVoicemail: (session, mailbox) =>
        voicemails.record(session, { mailbox, maxSeconds: OVERFLOW_VOICEMAIL_SECONDS, beep: true }),
    },
    store: new AcdStore(db),
    legs: (listener) => new AgentLegs(rest, settings.ari.app, listener, logger),
    bridges: new CallBridges(rest, db, clock),
    devices: (agentId) => softphone.deviceOf(agentId),
    clock,
    logger,
  });
  const exits = new AcdExits(acd, lobbyExits);
  const handler = new IvrCallHandler({
    rest,
    flows: {
      flowForCall: (did) => ivr.flows.flowForCall(did),
      flowVersion: (versionId) => flowVersionById(db, versionId),
      liveFlowNamed: (name) => liveFlowByName(db, name),
    },
    paths,
    port: {
      media: ivr.media,
      exits,
      httpAllowList: settings.ivr.httpAllowList,
      transferRoutes: settings.ivr.transferRoutes,
      clock: flowClock(settings.ivr.timeOverride, clock),
    },
    lobby,
    noFlow: new WelcomeAndHold(rest, lobby, settings.calls),
    maxHoldSeconds: settings.calls.maxHoldSeconds,
    apologySound: 'sound:sorry-youre-having-problems',
    logger,
  });
  flowHandler = handler;
  const stasis = new CallStasisHandlers({ rest, callLog, tracker, handler, logger, clock });
  ari.onEvent(stasis.handle);
  ari.onEvent(acd.agentLegEvents);
  // Queues and agents first: reconciliation may hand adopted callers straight back to them.
  let acdLoaded = false;
  ari.onConnected(async () => {
    if (!acdLoaded) await acd.load();
    acdLoaded = true;
    await acd.hangUpStrayAgentLegs();
  });
  ari.onConnected(async () => {
    await reconcileCalls({
      rest,
      app: settings.ari.app,
      callLog,
      tracker,
      handler,
      stasis,
      lobby,
      logger,
      metrics,
      clock,
    });
  });

  return { callLog, tracker, paths, acd };
}

/** With SWITCHBOARD_IVR_TIME, flows start at that time and run on in real time from there. */
function flowClock(override: Date | null, clock: () => Date): () => Date {
  if (!override) return clock;
  const offset = override.getTime() - clock().getTime();
  return () => new Date(clock().getTime() + offset);
}
