import { t } from '../i18n/i18n.js';
import { api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { displayNumber } from '../lib/format.js';
import {
  type AudioDevices,
  canChooseOutput,
  listAudioDevices,
  savedInput,
  savedOutput,
  saveInput,
  saveOutput,
  setOutput,
} from '../phone/devices.js';
import type { Softphone } from '../phone/softphone.js';
import { type AppState, showBanner, update } from '../store.js';
import { reportError } from './banner.js';

/** What the phone panel keeps for itself between redraws. */
const local = {
  keypad: false,
  transfer: false,
  mode: 'queue' as 'queue' | 'number',
  queue: '',
  number: '',
  route: 'pstn',
  devices: { inputs: [], outputs: [] } as AudioDevices,
  lastDigits: '',
  version: 0,
};

function touch(): void {
  local.version++;
  update({});
}

export function phonePanelVersion(): number {
  return local.version;
}

export async function refreshDevices(): Promise<void> {
  try {
    local.devices = await listAudioDevices();
    touch();
  } catch {
    // No device list (insecure origin): the system defaults are used.
  }
}

export const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function renderPhonePanel(s: AppState, phone: Softphone): Node {
  return h(
    'section',
    { class: 'card phone', 'aria-labelledby': 'phone-title', id: 'phone' },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'phone-title' }, t('phone.title')),
      registration(s, phone),
    ),
    micProblem(s, phone),
    callCard(s, phone),
    s.call && s.call.status === 'active' && local.keypad ? keypad(phone) : null,
    s.call && s.call.status === 'active' && local.transfer ? transferForm(s, phone) : null,
    devices(phone),
  );
}

function registration(s: AppState, phone: Softphone): Node {
  const tone =
    s.registration === 'registered'
      ? 'ok'
      : s.registration === 'failed' || s.registration === 'unavailable'
        ? 'bad'
        : s.registration === 'idle'
          ? 'off'
          : 'wait';
  let text: string;
  if (s.registration === 'failed') text = t('phone.reg.failed', { reason: s.registrationReason ?? '' });
  else if (s.registration === 'unavailable')
    text = s.registrationReason === 'webrtc' ? t('phone.noWebrtc') : t('phone.reg.unavailable');
  else text = t(`phone.reg.${s.registration}`);
  return h(
    'div',
    { class: 'reg' },
    h(
      'span',
      {
        class: `chip tone-${tone}`,
        role: 'status',
        'data-testid': 'registration-status',
        'data-state': s.registration,
      },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      text,
    ),
    s.registration === 'failed'
      ? h(
          'button',
          { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => void phone.connect() },
          t('phone.reg.retry'),
        )
      : null,
  );
}

function micProblem(s: AppState, phone: Softphone): Node | null {
  if (s.mic !== 'denied' && s.mic !== 'notfound' && s.mic !== 'busy') return null;
  const body =
    s.mic === 'denied' ? t('mic.deniedBody') : s.mic === 'notfound' ? t('mic.notFound') : t('mic.busy');
  return h(
    'div',
    { class: 'notice notice-bad', role: 'alert', 'data-testid': 'mic-error', 'data-mic': s.mic },
    h('strong', {}, t('mic.deniedTitle')),
    h('p', {}, body),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-secondary btn-small',
        'data-testid': 'mic-recheck',
        onclick: async () => {
          await phone.checkMicrophone();
          await refreshDevices();
        },
      },
      t('mic.recheck'),
    ),
  );
}

function callCard(s: AppState, phone: Softphone): Node {
  const call = s.call;
  if (!call) {
    return h(
      'div',
      { class: 'call call-idle', 'data-testid': 'call-idle' },
      h('p', { class: 'call-title' }, t('phone.idle')),
      h('p', { class: 'muted small' }, t('phone.idleHint')),
    );
  }
  const who =
    displayNumber(s.pop?.callerNumber) ?? displayNumber(call.remote) ?? call.remote ?? t('common.withheld');
  if (call.status === 'ringing') {
    return h(
      'div',
      { class: 'call call-ringing', 'data-testid': 'call-ringing', 'aria-live': 'assertive' },
      h('p', { class: 'call-label' }, t('phone.incoming')),
      h('p', { class: 'call-number' }, who),
      s.pop ? h('p', { class: 'muted' }, s.pop.queue.name) : null,
      h(
        'div',
        { class: 'call-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-answer btn-large',
            'data-testid': 'answer',
            'aria-keyshortcuts': 'Alt+A',
            title: `${t('phone.answer')} (Alt+A)`,
            onclick: () => void phone.answer(),
          },
          t('phone.answer'),
          h('kbd', {}, 'Alt+A'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-danger btn-large',
            'data-testid': 'reject',
            'aria-keyshortcuts': 'Alt+H',
            title: `${t('phone.reject')} (Alt+H)`,
            onclick: () => phone.reject(),
          },
          t('phone.reject'),
          h('kbd', {}, 'Alt+H'),
        ),
      ),
    );
  }
  if (call.status === 'ended') {
    return h(
      'div',
      { class: 'call call-ended', 'data-testid': 'call-ended' },
      h('p', { class: 'call-number' }, who),
      h('p', { class: 'muted' }, t('phone.callEnded')),
    );
  }
  const active = call.status === 'active';
  return h(
    'div',
    { class: 'call call-active', 'data-testid': 'call-active', 'data-status': call.status },
    h(
      'div',
      { class: 'call-line' },
      h('p', { class: 'call-number' }, who),
      call.startedAt ? h('span', { class: 'call-timer', 'data-since': String(call.startedAt) }) : null,
    ),
    h(
      'p',
      { class: 'call-flags' },
      h('span', { class: 'chip tone-busy' }, active ? t('phone.inCall') : t('phone.calling')),
      call.held ? h('span', { class: 'chip tone-wait', 'data-testid': 'held' }, t('phone.onHold')) : null,
      call.muted ? h('span', { class: 'chip tone-wait', 'data-testid': 'muted' }, t('phone.muted')) : null,
    ),
    h(
      'div',
      { class: 'call-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-danger btn-large',
          'data-testid': 'hangup',
          'aria-keyshortcuts': 'Alt+H',
          title: `${t('phone.hangup')} (Alt+H)`,
          onclick: () => phone.hangup(),
        },
        t('phone.hangup'),
        h('kbd', {}, 'Alt+H'),
      ),
    ),
    h(
      'div',
      { class: 'call-tools' },
      toggle('mute', call.muted ? t('phone.unmute') : t('phone.mute'), call.muted, !active, 'Alt+M', () =>
        phone.toggleMute(),
      ),
      toggle('hold', call.held ? t('phone.resume') : t('phone.hold'), call.held, !active, 'Alt+L', () =>
        phone.toggleHold(),
      ),
      toggle('keypad-toggle', t('phone.keypad'), local.keypad, !active, 'Alt+K', () => {
        local.keypad = !local.keypad;
        touch();
      }),
      toggle('transfer-toggle', t('phone.transfer'), local.transfer, !active, null, () => {
        local.transfer = !local.transfer;
        touch();
      }),
    ),
  );
}

function toggle(
  testid: string,
  label: string,
  pressed: boolean,
  disabled: boolean,
  shortcut: string | null,
  onclick: () => void,
): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary',
      'data-testid': testid,
      'aria-pressed': String(pressed),
      'aria-keyshortcuts': shortcut,
      title: shortcut ? `${label} (${shortcut})` : label,
      disabled,
      onclick,
    },
    label,
  );
}

export function toggleKeypad(): void {
  local.keypad = !local.keypad;
  touch();
}

export function noteDigit(digit: string): void {
  local.lastDigits = (local.lastDigits + digit).slice(-20);
  touch();
}

function keypad(phone: Softphone): Node {
  return h(
    'div',
    { class: 'keypad-wrap' },
    h(
      'output',
      { class: 'keypad-display', 'aria-live': 'polite', 'data-testid': 'dtmf-sent' },
      local.lastDigits,
    ),
    h(
      'div',
      { class: 'keypad', role: 'group', 'aria-label': t('phone.keypad'), 'data-testid': 'dtmf-keypad' },
      ...KEYPAD.map((digit) =>
        h(
          'button',
          {
            type: 'button',
            class: 'key',
            'data-testid': `dtmf-${digit === '*' ? 'star' : digit === '#' ? 'hash' : digit}`,
            onclick: () => {
              if (phone.sendDtmf(digit)) noteDigit(digit);
            },
          },
          digit,
        ),
      ),
    ),
  );
}

function transferForm(s: AppState, phone: Softphone): Node {
  const queues = s.agent?.queues ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    const acdCall = s.pop && s.popStatus === 'answered' ? s.pop.callId : null;
    try {
      if (acdCall !== null) {
        const body =
          local.mode === 'queue'
            ? { queue: local.queue.trim() }
            : { number: local.number.trim(), route: local.route };
        await api('POST', `/api/calls/${acdCall}/transfer`, body);
      } else if (local.mode === 'number' && local.number.trim()) {
        phone.referTo(local.number.trim());
      } else {
        showBanner('error', t('transfer.noCallId'));
        return;
      }
      local.transfer = false;
      showBanner('ok', t('transfer.done'));
      touch();
    } catch (err) {
      reportError(err);
    }
  };
  const field = (id: string, label: string, input: HTMLElement) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), input);
  return h(
    'form',
    {
      class: 'transfer',
      'data-testid': 'transfer-form',
      onsubmit: submit,
      'aria-labelledby': 'transfer-title',
    },
    h('h3', { id: 'transfer-title' }, t('transfer.title')),
    h(
      'div',
      { class: 'segmented', role: 'radiogroup' },
      ...(['queue', 'number'] as const).map((mode) =>
        h(
          'label',
          { class: 'seg' },
          h('input', {
            type: 'radio',
            name: 'transfer-mode',
            value: mode,
            checked: local.mode === mode,
            'data-testid': `transfer-mode-${mode}`,
            onchange: () => {
              local.mode = mode;
              touch();
            },
          }),
          h('span', {}, mode === 'queue' ? t('transfer.toQueue') : t('transfer.toNumber')),
        ),
      ),
    ),
    local.mode === 'queue'
      ? field(
          'transfer-queue',
          t('transfer.queue'),
          h(
            'span',
            {},
            h('input', {
              id: 'transfer-queue',
              list: 'transfer-queues',
              required: true,
              pattern: '[a-z0-9][a-z0-9_\\-]{0,63}',
              value: local.queue,
              'data-testid': 'transfer-queue',
              oninput: (e: Event) => {
                local.queue = (e.target as HTMLInputElement).value;
              },
            }),
            h('datalist', { id: 'transfer-queues' }, ...queues.map((q) => h('option', { value: q }))),
          ),
        )
      : [
          field(
            'transfer-number',
            t('transfer.number'),
            h('input', {
              id: 'transfer-number',
              type: 'tel',
              inputmode: 'tel',
              required: true,
              maxlength: 33,
              value: local.number,
              'data-testid': 'transfer-number',
              oninput: (e: Event) => {
                local.number = (e.target as HTMLInputElement).value;
              },
            }),
          ),
          field(
            'transfer-route',
            t('transfer.route'),
            h('input', {
              id: 'transfer-route',
              list: 'transfer-routes',
              required: true,
              value: local.route,
              'data-testid': 'transfer-route',
              oninput: (e: Event) => {
                local.route = (e.target as HTMLInputElement).value;
              },
            }),
          ),
          h(
            'datalist',
            { id: 'transfer-routes' },
            h('option', { value: 'pstn' }),
            h('option', { value: 'internal' }),
          ),
        ],
    h(
      'div',
      { class: 'row-end' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost',
          onclick: () => {
            local.transfer = false;
            touch();
          },
        },
        t('common.cancel'),
      ),
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary', 'data-testid': 'transfer-submit' },
        t('transfer.submit'),
      ),
    ),
  );
}

function devices(phone: Softphone): Node {
  const input = savedInput() ?? '';
  const output = savedOutput() ?? '';
  const sink = canChooseOutput(phone.audio);
  const option = (d: MediaDeviceInfo, i: number, selected: string) =>
    h('option', { value: d.deviceId, selected: d.deviceId === selected }, d.label || `#${i + 1}`);
  return h(
    'details',
    {
      class: 'devices',
      ontoggle: (e: Event) => {
        if ((e.target as HTMLDetailsElement).open) void refreshDevices();
      },
    },
    h('summary', { 'data-testid': 'devices-toggle' }, t('phone.devices')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'audio-input' }, t('phone.microphone')),
      h(
        'select',
        {
          id: 'audio-input',
          'data-testid': 'audio-input',
          onchange: (e: Event) => {
            const id = (e.target as HTMLSelectElement).value;
            saveInput(id);
            void phone.useInput(id).catch(reportError);
          },
        },
        h('option', { value: '' }, t('phone.defaultDevice')),
        ...local.devices.inputs.map((d, i) => option(d, i, input)),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'audio-output' }, t('phone.speaker')),
      sink
        ? h(
            'select',
            {
              id: 'audio-output',
              'data-testid': 'audio-output',
              onchange: (e: Event) => {
                const id = (e.target as HTMLSelectElement).value;
                saveOutput(id);
                void setOutput(phone.audio, id).catch(reportError);
              },
            },
            h('option', { value: '' }, t('phone.defaultDevice')),
            ...local.devices.outputs.map((d, i) => option(d, i, output)),
          )
        : h('p', { class: 'muted small', id: 'audio-output' }, t('phone.sinkUnsupported')),
    ),
  );
}
