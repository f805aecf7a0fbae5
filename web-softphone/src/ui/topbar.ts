import { t } from '../i18n/i18n.js';
import { CHOOSABLE_STATES, type ChoosableState, toneOf } from '../lib/agent-states.js';
import { h } from '../lib/dom.js';
import type { AppState } from '../store.js';
import { update } from '../store.js';
import { pageLinks } from './admin/pages.js';
import { languageSwitch } from './login.js';

export interface TopBarActions {
  setState: (state: ChoosableState, reason?: string) => void;
  logout: () => void;
  showShortcuts: () => void;
}

/** Draft of the state control, kept across redraws so a half-made choice is not lost. */
const draft: { state: ChoosableState | null; reason: string } = { state: null, reason: '' };
let draftVersion = 0;

/** Part of what the top bar reads, so a change of the draft redraws it. */
export function topBarDraftVersion(): number {
  return draftVersion;
}

export function resetStateDraft(): void {
  draft.state = null;
  draft.reason = '';
  draftVersion++;
}

export function renderTopBar(s: AppState, actions: TopBarActions): Node {
  const name = s.agent?.name ?? s.user?.displayName ?? s.user?.username ?? '';
  const canSupervise = s.user?.role === 'admin' || s.user?.role === 'supervisor';
  return h(
    'header',
    { class: 'topbar' },
    h(
      'div',
      { class: 'topbar-brand' },
      h('div', { class: 'brand-mark', 'aria-hidden': 'true' }, 'S'),
      h('div', { class: 'topbar-who' }, h('strong', { 'data-testid': 'agent-name' }, name), connection(s)),
    ),
    s.agent ? stateArea(s, actions) : s.noAgent ? h('p', { class: 'muted small' }, t('top.noAgent')) : null,
    pageLinks(s),
    h(
      'div',
      { class: 'topbar-tools' },
      canSupervise
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-ghost',
              'data-testid': 'view-toggle',
              onclick: () => update((st) => ({ view: st.view === 'desk' ? 'team' : 'desk' })),
            },
            s.view === 'desk' ? t('top.supervisor') : t('top.desktop'),
          )
        : null,
      languageSwitch(true),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-icon',
          title: `${t('top.shortcuts')} (?)`,
          'aria-label': t('top.shortcuts'),
          'aria-keyshortcuts': 'Shift+Slash',
          onclick: actions.showShortcuts,
        },
        '?',
      ),
      h(
        'button',
        { type: 'button', class: 'btn btn-ghost', 'data-testid': 'logout', onclick: actions.logout },
        t('top.logout'),
      ),
    ),
  );
}

function connection(s: AppState): Node | null {
  if (s.noAgent || s.socket.status === 'open') return null;
  const text = s.socket.status === 'reconnecting' ? t('conn.reconnecting') : t('conn.connecting');
  return h('span', { class: 'conn conn-bad small', role: 'status', 'data-testid': 'socket-status' }, text);
}

function stateArea(s: AppState, actions: TopBarActions): Node {
  const agent = s.agent!;
  const tone = toneOf(agent.state);
  const reasonLabel = agent.reason
    ? (s.pauseReasons.find((r) => r.code === agent.reason)?.label ?? agent.reason)
    : null;
  const label =
    agent.state === 'paused' && reasonLabel
      ? t('state.pausedWith', { reason: reasonLabel })
      : t(`state.${agent.state}`);
  const current = (CHOOSABLE_STATES as readonly string[]).includes(agent.state)
    ? (agent.state as ChoosableState)
    : null;
  const chosen: ChoosableState | null = draft.state ?? current;
  const wantsReason = chosen === 'paused';
  const reason =
    draft.reason || (agent.state === 'paused' && chosen === 'paused' ? (agent.reason ?? '') : '');
  const changed =
    (chosen !== null && chosen !== agent.state) || (wantsReason && reason !== '' && reason !== agent.reason);
  const ready = changed && (!wantsReason || reason !== '');

  const apply = () => {
    if (!ready || chosen === null) return;
    actions.setState(chosen, wantsReason ? reason : undefined);
    resetStateDraft();
  };

  return h(
    'div',
    { class: 'state-area' },
    h(
      'div',
      {
        class: `state-pill tone-${tone}`,
        'data-testid': 'agent-state',
        'data-state': agent.state,
        role: 'status',
      },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', {}, label),
      h('span', {
        class: 'state-time',
        'data-since': agent.since,
        'aria-label': t('top.inState', { time: '' }),
      }),
    ),
    h(
      'form',
      {
        class: 'state-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          apply();
        },
      },
      h('label', { class: 'sr-only', for: 'state-select' }, t('top.state')),
      h(
        'select',
        {
          id: 'state-select',
          'data-testid': 'state-select',
          onchange: (e: Event) => {
            draft.state = (e.target as HTMLSelectElement).value as ChoosableState;
            if (draft.state !== 'paused') draft.reason = '';
            draftVersion++;
            update({});
          },
        },
        // In a state the ACD set (ringing, on a call, wrap-up) the select shows it until a choice is made.
        chosen === null
          ? h('option', { value: '', disabled: true, selected: true }, t(`state.${agent.state}`))
          : null,
        ...CHOOSABLE_STATES.map((st) =>
          h('option', { value: st, selected: st === chosen }, t(`state.${st}`)),
        ),
      ),
      wantsReason
        ? [
            h('label', { class: 'sr-only', for: 'pause-reason' }, t('top.pauseReason')),
            h(
              'select',
              {
                id: 'pause-reason',
                'data-testid': 'pause-reason',
                required: true,
                onchange: (e: Event) => {
                  draft.reason = (e.target as HTMLSelectElement).value;
                  draftVersion++;
                  update({});
                },
              },
              h('option', { value: '', selected: reason === '' }, t('top.pauseChoose')),
              ...s.pauseReasons.map((r) =>
                h('option', { value: r.code, selected: r.code === reason }, r.label),
              ),
            ),
          ]
        : null,
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary', 'data-testid': 'state-apply', disabled: !ready },
        t('top.apply'),
      ),
    ),
  );
}
