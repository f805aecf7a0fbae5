import { t } from './i18n/i18n.js';
import type { ChoosableState } from './lib/agent-states.js';
import { isAgentState } from './lib/agent-states.js';
import { ApiError, api, getToken } from './lib/api.js';
import { h, isTyping } from './lib/dom.js';
import { wrapUpSecondsFor } from './lib/format.js';
import { Softphone } from './phone/softphone.js';
import { ReconnectingSocket } from './realtime/socket.js';
import { getState, setAgentState, showBanner, update } from './store.js';
import type { AgentInfo, CodeLabel, ScreenPop, User } from './types.js';
import { currentPage, mountPages } from './ui/admin/pages.js';
import { renderBanner, reportError } from './ui/banner.js';
import { historyVersion, renderHistory } from './ui/history.js';
import { knowledgeReads, renderKnowledge } from './ui/knowledge.js';
import { mountPanel } from './ui/panel.js';
import {
  noteDigit,
  phonePanelVersion,
  refreshDevices,
  renderPhonePanel,
  toggleKeypad,
} from './ui/phone-panel.js';
import { renderScreenPop } from './ui/screen-pop.js';
import { renderTeam, startTeamFeed, stopTeamFeed, teamVersion } from './ui/supervisor.js';
import { renderTopBar, topBarDraftVersion } from './ui/topbar.js';
import { renderWrapUp, wrapUpVersion } from './ui/wrap-up.js';

/** The signed-in page: wires the agent websocket, the phone and the panels together. */
export class Desk {
  private socket: ReconnectingSocket | null = null;
  private phone: Softphone | null = null;
  private unmounts: (() => void)[] = [];
  private pendingState = new Map<string, ChoosableState>();
  private keyHandler = (e: KeyboardEvent) => this.onKey(e);

  constructor(
    private readonly root: HTMLElement,
    private readonly onSessionEnded: () => void,
    private readonly onLogout: () => void,
  ) {}

  async start(user: User): Promise<void> {
    update({ user });
    this.layout();
    document.addEventListener('keydown', this.keyHandler);
    const [agent] = await Promise.all([this.loadAgent(), this.loadLists()]);
    if (!agent) return;
    this.socket = new ReconnectingSocket({
      path: '/ws/agent',
      token: getToken,
      onMessage: (msg) => this.onAgentMessage(msg),
      onStatus: (status, retryAt) => update({ socket: { status, retryAt } }),
      onSessionEnded: this.onSessionEnded,
    });
    this.socket.start();
    this.phone = new Softphone();
    this.mountPhone();
    await this.phone.start();
    void refreshDevices();
  }

  stop(): void {
    document.removeEventListener('keydown', this.keyHandler);
    this.socket?.stop();
    this.phone?.stop();
    this.phone?.audio.remove();
    stopTeamFeed();
    for (const off of this.unmounts) off();
    this.unmounts = [];
  }

  private async loadAgent(): Promise<AgentInfo | null> {
    try {
      const agent = await api<AgentInfo>('GET', '/api/me/agent');
      update({ agent });
      return agent;
    } catch (err) {
      // 404: an agent user without an agent record; 403: admins and supervisors (the route is agents' only).
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
        update({ noAgent: true, view: 'team' });
        return null;
      }
      if (!(err instanceof ApiError && err.status === 401)) reportError(err);
      return null;
    }
  }

  private async loadLists(): Promise<void> {
    const [pauses, dispositions] = await Promise.allSettled([
      api<{ items: CodeLabel[] }>('GET', '/api/pause-reasons'),
      api<{ items: CodeLabel[] }>('GET', '/api/dispositions'),
    ]);
    if (pauses.status === 'fulfilled') update({ pauseReasons: pauses.value.items ?? [] });
    if (dispositions.status === 'fulfilled') update({ dispositions: dispositions.value.items ?? [] });
    const failed = [pauses, dispositions].find((r) => r.status === 'rejected');
    if (failed && failed.status === 'rejected') reportError(failed.reason);
  }

  private layout(): void {
    const top = h('div', { class: 'topbar-slot' });
    const banner = h('div', { class: 'banner-slot', 'aria-live': 'polite' });
    const phoneCol = h('div', { class: 'col col-phone' });
    const wrapSlot = h('div', { class: 'wrap-slot' });
    const mainCol = h('div', { class: 'col col-main', id: 'main-col' });
    const popSlot = h('div', { class: 'slot' });
    const kbSlot = h('div', { class: 'slot' });
    const historySlot = h('div', { class: 'slot' });
    phoneCol.append(h('div', { id: 'phone-slot' }), wrapSlot);
    mainCol.append(popSlot, kbSlot, historySlot);
    // Reports and admin pages (#reports, #admin/...) cover the desk while it keeps running.
    const pageSlot = h('div', { class: 'page-slot', hidden: true });
    this.root.replaceChildren(
      h('a', { class: 'skip-link', href: '#phone' }, t('app.skip')),
      top,
      banner,
      pageSlot,
      h('main', { class: 'desk', id: 'desk' }, phoneCol, mainCol),
      shortcutsDialog(),
    );
    const s = getState;
    this.unmounts.push(
      mountPanel(
        top,
        (st) =>
          renderTopBar(st, {
            setState: (state, reason) => this.sendState(state, reason),
            logout: this.onLogout,
            showShortcuts: () => document.querySelector<HTMLDialogElement>('#shortcuts')?.showModal(),
          }),
        (st) => [
          st.agent,
          st.user,
          st.noAgent,
          st.socket,
          st.pauseReasons,
          st.view,
          topBarDraftVersion(),
          currentPage(),
        ],
      ),
      mountPanel(banner, renderBanner, (st) => [st.banner]),
      mountPanel(
        wrapSlot,
        (st) => renderWrapUp(st) ?? [],
        (st) => [st.wrap, st.ticketPick, st.dispositions, wrapUpVersion()],
      ),
      mountPanel(
        popSlot,
        (st) => (st.view === 'team' ? [renderTeam()] : [renderScreenPop(st)]),
        (st) => [st.view, st.pop, st.popStatus, st.ticketPick, teamVersion()],
      ),
      // Its own slot: redrawing the caller or the history never takes the caret out of its search box.
      mountPanel(kbSlot, renderKnowledge, (st) => [st.view, st.noAgent, ...knowledgeReads(st)]),
      mountPanel(
        historySlot,
        (st) => (st.view === 'team' || st.noAgent ? [] : [renderHistory(st)]),
        (st) => [st.view, st.noAgent, st.dispositions, st.historyVersion, historyVersion()],
      ),
    );
    // The team view opens its own socket only while it is shown.
    this.unmounts.push(
      mountPanel(
        h('div'),
        (st) => {
          if (st.view === 'team') startTeamFeed(this.onSessionEnded);
          else stopTeamFeed();
          return [];
        },
        (st) => [st.view],
      ),
    );
    this.unmounts.push(mountPages(pageSlot));
    void s;
  }

  private mountPhone(): void {
    const slot = this.root.querySelector<HTMLElement>('#phone-slot');
    if (!slot || !this.phone) return;
    const phone = this.phone;
    this.unmounts.push(
      mountPanel(
        slot,
        (st) => renderPhonePanel(st, phone),
        (st) => [
          st.registration,
          st.registrationReason,
          st.mic,
          st.call,
          st.pop,
          st.popStatus,
          st.agent?.queues,
          phonePanelVersion(),
        ],
      ),
    );
  }

  private sendState(state: ChoosableState, reason?: string): void {
    const id = this.socket?.send({ type: 'set-state', state, ...(reason ? { reason } : {}) });
    if (!id) {
      showBanner('error', t('conn.reconnecting'));
      return;
    }
    this.pendingState.set(id, state);
  }

  private onAgentMessage(msg: { type: string; [k: string]: unknown }): void {
    switch (msg.type) {
      case 'hello': {
        const agent = msg.agent as AgentInfo;
        update((s) => ({ agent: { ...s.agent, ...agent, wrapUpSeconds: s.agent?.wrapUpSeconds } }));
        return;
      }
      case 'screen-pop': {
        const pop = msg as unknown as ScreenPop;
        const s = getState();
        // A replay after reconnect of the call already shown keeps what we knew about it.
        const same = s.pop?.callId === pop.callId;
        update({ pop, popStatus: same && s.popStatus !== 'offered' ? s.popStatus : 'offered' });
        return;
      }
      case 'answered': {
        if (getState().pop?.callId === msg.callId) update({ popStatus: 'answered' });
        return;
      }
      case 'ended': {
        const callId = msg.callId as number;
        const s = getState();
        const pop = s.pop?.callId === callId ? s.pop : null;
        const answered = pop !== null && s.popStatus === 'answered';
        const queueId = pop?.queue.id ?? null;
        update({
          popStatus: pop ? 'ended' : s.popStatus,
          historyVersion: s.historyVersion + 1,
          wrap:
            answered || !pop
              ? {
                  callId,
                  callerNumber: pop?.callerNumber ?? null,
                  queueId,
                  startedAt: Date.now(),
                  seconds: wrapUpSecondsFor(queueId, s.agent?.wrapUpSeconds),
                  pop,
                }
              : s.wrap,
        });
        return;
      }
      case 'state': {
        if (typeof msg.replyTo === 'string') this.pendingState.delete(msg.replyTo);
        if (isAgentState(msg.state))
          setAgentState(msg.state, msg.since as string, msg.reason as string | undefined);
        // An offer that went nowhere: the pop goes once the agent is free again.
        const s = getState();
        const offerStage = (state: unknown) => state === 'reserved' || state === 'ringing';
        if (
          s.popStatus === 'offered' &&
          offerStage(msg.from) &&
          !offerStage(msg.state) &&
          msg.state !== 'on-call'
        )
          update({ pop: null });
        return;
      }
      case 'error': {
        if (typeof msg.replyTo === 'string') this.pendingState.delete(msg.replyTo);
        showBanner('error', String(msg.message ?? msg.code));
        return;
      }
      default:
        return;
    }
  }

  private onKey(e: KeyboardEvent): void {
    const phone = this.phone;
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      const action: Record<string, () => void> = {
        KeyA: () => void phone?.answer(),
        KeyH: () => (getState().call?.status === 'ringing' ? phone?.reject() : phone?.hangup()),
        KeyM: () => phone?.toggleMute(),
        KeyL: () => phone?.toggleHold(),
        KeyK: () => toggleKeypad(),
      };
      const run = action[e.code];
      if (run) {
        e.preventDefault();
        run();
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    if (e.key === '?') {
      e.preventDefault();
      document.querySelector<HTMLDialogElement>('#shortcuts')?.showModal();
      return;
    }
    if (/^[0-9*#]$/.test(e.key) && getState().call?.status === 'active' && phone?.sendDtmf(e.key)) {
      noteDigit(e.key);
    }
  }
}

function shortcutsDialog(): HTMLElement {
  const rows: [string, Parameters<typeof t>[0]][] = [
    ['Alt+A', 'keys.answer'],
    ['Alt+H', 'keys.hangup'],
    ['Alt+M', 'keys.mute'],
    ['Alt+L', 'keys.hold'],
    ['0–9 * #', 'keys.dtmf'],
    ['?', 'keys.help'],
  ];
  const dialog = h(
    'dialog',
    { id: 'shortcuts', class: 'dialog', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title' }, t('keys.title')),
    h(
      'dl',
      { class: 'facts' },
      ...rows.flatMap(([keys, label]) => [h('dt', {}, h('kbd', {}, keys)), h('dd', {}, t(label))]),
    ),
    h(
      'form',
      { method: 'dialog', class: 'row-end' },
      h('button', { class: 'btn btn-primary' }, t('common.close')),
    ),
  );
  return dialog;
}
