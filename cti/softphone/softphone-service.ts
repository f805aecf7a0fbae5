import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { SessionStore } from '../auth/sessions.js';
import type { Settings } from '../config/settings.js';
import type { AriRest } from '../infra/ari/types.js';
import type { Db } from '../infra/db/client.js';
import type { Logger } from '../infra/logger.js';
import { softphoneCredentials } from './schema.js';
import {
  isSafeAgentId,
  pushSipAccount,
  removeSipAccount,
  sipAccountExists,
  sipUserOf,
} from './sip-account.js';

/** The dialplan context softphone endpoints start calls in (it only hangs up for now). */
export const SOFTPHONE_CONTEXT = 'switchboard-agents';

/** 24 random bytes: 192 bits, well over the 128 a password must have. */
const PASSWORD_BYTES = 24;
/** How long a logout waits for Asterisk to drop the account before answering anyway. */
const LOGOUT_PATIENCE_MS = 3000;

export interface SoftphoneDeps {
  db: Db;
  rest: () => AriRest;
  /** Whether the ARI connection is up, and if not, why (for the 503 sentence). */
  ariStatus: () => { state: string; lastError: string | null };
  settings: Pick<Settings, 'ari' | 'softphone' | 'auth'>;
  clock: () => Date;
  logger: Logger;
}

/** What the browser needs to register (JsSIP's UA configuration, nearly field for field). */
export interface IssuedCredentials {
  sipUri: string;
  authorizationUser: string;
  password: string;
  displayName: string;
  wsServers: string[];
  iceServers: string[];
  expiresAt: string;
}

/** Asterisk could not be reached or refused the account: the route answers 503 with this sentence. */
export class SoftphoneUnavailable extends Error {}

interface LiveAccount {
  sessionId: number;
  expiresAt: Date;
}

/**
 * Browser softphone accounts, one per agent, each tied to the login session that asked for it.
 * The account lives on Asterisk (ARI push configuration, memory wizard); this service remembers
 * which agents have one so the ACD rings PJSIP/webrtc-<agent> instead of the stored device, and
 * takes the account away at logout, at session expiry, on re-issue, and after a restart for
 * sessions that ended meanwhile.
 */
export class Softphone {
  private readonly live = new Map<string, LiveAccount>();
  /** One change per agent at a time: a re-issue racing a logout must not leave a stray account. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly sessions: SessionStore;
  private readonly log: Logger;

  constructor(private readonly deps: SoftphoneDeps) {
    this.sessions = new SessionStore(deps.db, deps.clock, deps.settings.auth.sessionHours);
    this.log = deps.logger.child({ component: 'softphone' });
    // Accounts pushed before a restart still ring until reconcile() finds their session gone.
    for (const row of deps.db.select().from(softphoneCredentials).all())
      this.live.set(row.agentId, { sessionId: row.sessionId, expiresAt: row.expiresAt });
  }

  /** The dial string the ACD rings for an agent while their softphone account lives, else undefined. */
  deviceOf(agentId: string): string | undefined {
    const account = this.live.get(agentId);
    if (!account || account.expiresAt <= this.deps.clock()) return undefined;
    return `PJSIP/${sipUserOf(agentId)}`;
  }

  /** Creates (or replaces) the agent's account for this session; the password is in the answer only. */
  issue(
    agent: { id: string; name: string },
    session: { id: number; expiresAt: Date },
  ): Promise<IssuedCredentials> {
    return this.serially(agent.id, () => this.issueNow(agent, session));
  }

  /**
   * Logout of a session: its softphone account goes with it. Waits a little for Asterisk so the
   * account is gone when logout answers; never throws (what is left, the sweep retries).
   */
  async sessionEnded(sessionId: number): Promise<void> {
    const agentIds = this.rows()
      .filter((row) => row.sessionId === sessionId)
      .map((row) => row.agentId);
    if (agentIds.length === 0) return;
    const removals = Promise.all(agentIds.map((agentId) => this.revoke(agentId, 'logout')));
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LOGOUT_PATIENCE_MS);
    });
    await Promise.race([removals.catch(() => undefined), patience]);
    clearTimeout(timer);
  }

  /**
   * Takes away accounts whose session can no longer be used (expired, revoked by a password change,
   * user disabled). Runs on a timer and after every ARI (re)connect; a failed removal stays recorded
   * and is retried on the next run.
   */
  async sweep(): Promise<void> {
    const rows = this.rows();
    const alive = this.sessions.liveIds(rows.map((row) => row.sessionId));
    const dead = rows.filter((row) => !alive.has(row.sessionId));
    for (const row of dead) this.live.delete(row.agentId);
    if (dead.length === 0 || this.deps.ariStatus().state !== 'connected') return;
    await Promise.all(dead.map((row) => this.revoke(row.agentId, 'session over')));
  }

  /**
   * After each ARI (re)connect: leftovers of ended sessions are removed, and accounts Asterisk lost
   * (it keeps pushed objects in memory only) are forgotten, so the ACD rings the stored device again.
   */
  async reconcile(): Promise<void> {
    const rows = this.rows();
    const alive = this.sessions.liveIds(rows.map((row) => row.sessionId));
    for (const row of rows) {
      await this.serially(row.agentId, async () => {
        const user = sipUserOf(row.agentId);
        if (!alive.has(row.sessionId)) {
          this.live.delete(row.agentId);
          await removeSipAccount(this.deps.rest(), user);
          this.forget(row.agentId);
          this.log.info({ agentId: row.agentId }, 'removed a softphone account left from an ended session');
        } else if (!(await sipAccountExists(this.deps.rest(), user))) {
          this.live.delete(row.agentId);
          this.forget(row.agentId);
          this.log.warn(
            { agentId: row.agentId },
            'Asterisk lost the softphone account (restart?); the agent must get new credentials',
          );
        }
      }).catch((err) => this.log.warn({ err, agentId: row.agentId }, 'softphone reconcile failed'));
    }
  }

  private async issueNow(
    agent: { id: string; name: string },
    session: { id: number; expiresAt: Date },
  ): Promise<IssuedCredentials> {
    if (!isSafeAgentId(agent.id))
      throw new Error(`agent id ${JSON.stringify(agent.id)} cannot name a SIP account`);
    const status = this.deps.ariStatus();
    if (status.state !== 'connected') {
      throw new SoftphoneUnavailable(
        `Asterisk is unreachable (ARI at ${this.deps.settings.ari.url}: ${status.lastError ?? status.state}); softphone credentials cannot be issued now`,
      );
    }
    const user = sipUserOf(agent.id);
    const password = randomBytes(PASSWORD_BYTES).toString('base64url');
    const now = this.deps.clock();
    // Stop ringing the old account first, and record the new one before pushing: a crash between
    // the two still leaves a row for reconcile() to clean up.
    this.live.delete(agent.id);
    this.deps.db
      .insert(softphoneCredentials)
      .values({ agentId: agent.id, sessionId: session.id, issuedAt: now, expiresAt: session.expiresAt })
      .onConflictDoUpdate({
        target: softphoneCredentials.agentId,
        set: { sessionId: session.id, issuedAt: now, expiresAt: session.expiresAt },
      })
      .run();
    try {
      const rest = this.deps.rest();
      // Replace, not update: the old password and any registration of the old account end here.
      await removeSipAccount(rest, user);
      await pushSipAccount(rest, { user, password, context: SOFTPHONE_CONTEXT });
    } catch (err) {
      await removeSipAccount(this.deps.rest(), user).then(
        () => this.forget(agent.id),
        () => undefined,
      );
      throw new SoftphoneUnavailable(
        `Asterisk (ARI at ${this.deps.settings.ari.url}) could not create the softphone account ${user}: ${(err as Error).message}`,
      );
    }
    this.live.set(agent.id, { sessionId: session.id, expiresAt: session.expiresAt });
    this.log.info({ agentId: agent.id, sipUser: user, sessionId: session.id }, 'softphone account issued');
    const { wsServer, domain } = softphoneAddress(this.deps.settings);
    return {
      sipUri: `sip:${user}@${domain}`,
      authorizationUser: user,
      password,
      displayName: agent.name,
      wsServers: [wsServer],
      iceServers: [],
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  private revoke(agentId: string, why: string): Promise<void> {
    this.live.delete(agentId);
    return this.serially(agentId, async () => {
      const row = this.row(agentId);
      if (!row) return;
      try {
        await removeSipAccount(this.deps.rest(), sipUserOf(agentId));
      } catch (err) {
        this.log.warn({ err, agentId }, 'could not remove the softphone account; retrying on the next sweep');
        return;
      }
      this.forget(agentId);
      this.log.info({ agentId, why }, 'softphone account removed');
    });
  }

  private rows() {
    return this.deps.db.select().from(softphoneCredentials).all();
  }

  private row(agentId: string) {
    return this.deps.db
      .select()
      .from(softphoneCredentials)
      .where(eq(softphoneCredentials.agentId, agentId))
      .get();
  }

  private forget(agentId: string): void {
    this.deps.db.delete(softphoneCredentials).where(eq(softphoneCredentials.agentId, agentId)).run();
  }

  private serially<T>(agentId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(agentId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(agentId, settled);
    void settled.then(() => {
      if (this.queues.get(agentId) === settled) this.queues.delete(agentId);
    });
    return next;
  }
}

/**
 * Where browsers register: SWITCHBOARD_SOFTPHONE_WS_URL, or Asterisk's own HTTP server (the one
 * ARI is on) at /ws, wss when ARI is https. The SIP domain is that URL's host.
 */
export function softphoneAddress(settings: Pick<Settings, 'ari' | 'softphone'>): {
  wsServer: string;
  domain: string;
} {
  if (settings.softphone.wsUrl) {
    return { wsServer: settings.softphone.wsUrl, domain: new URL(settings.softphone.wsUrl).hostname };
  }
  const ari = new URL(settings.ari.url);
  const scheme = ari.protocol === 'https:' ? 'wss' : 'ws';
  return { wsServer: `${scheme}://${ari.host}/ws`, domain: ari.hostname };
}
