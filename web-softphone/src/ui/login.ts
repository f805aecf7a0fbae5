import { language, onLanguageChange, setLanguage, t } from '../i18n/i18n.js';
import { LANGUAGES, type Language } from '../i18n/messages.js';
import { ApiError, api, setToken } from '../lib/api.js';
import { h } from '../lib/dom.js';
import type { LoginAnswer } from '../types.js';
import { describeError } from './banner.js';

/** The sign-in screen; calls onSignedIn once the token is stored. */
export function renderLogin(root: HTMLElement, notice: string | null, onSignedIn: () => void): () => void {
  const draft = { username: '', password: '' };
  let error: string | null = notice;
  let busy = false;

  const draw = () => {
    const focused = (document.activeElement as HTMLElement | null)?.dataset.testid;
    const username = h('input', {
      id: 'login-username',
      name: 'username',
      autocomplete: 'username',
      required: true,
      'data-testid': 'login-username',
      value: draft.username,
      oninput: (e: Event) => {
        draft.username = (e.target as HTMLInputElement).value;
      },
    });
    const password = h('input', {
      id: 'login-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
      'data-testid': 'login-password',
      value: draft.password,
      oninput: (e: Event) => {
        draft.password = (e.target as HTMLInputElement).value;
      },
    });
    const form = h(
      'form',
      { class: 'login-card', 'aria-labelledby': 'login-title', novalidate: true, onsubmit: submit },
      h(
        'div',
        { class: 'login-head' },
        h('div', { class: 'brand-mark', 'aria-hidden': 'true' }, 'S'),
        h(
          'div',
          {},
          h('h1', { id: 'login-title' }, t('login.title')),
          h('p', { class: 'muted' }, `Switchboard · ${t('login.subtitle')}`),
        ),
      ),
      error ? h('p', { class: 'form-error', role: 'alert', 'data-testid': 'error-banner' }, error) : null,
      h('label', { for: 'login-username' }, t('login.username')),
      username,
      h('label', { for: 'login-password' }, t('login.password')),
      password,
      h(
        'button',
        { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'login-submit', disabled: busy },
        busy ? t('login.submitting') : t('login.submit'),
      ),
      languageSwitch(),
    );
    root.replaceChildren(h('main', { class: 'login-page' }, form));
    if (focused) root.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
    else if (!draft.username) username.focus();
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!draft.username || !draft.password) {
      error = t('login.invalid');
      draw();
      return;
    }
    busy = true;
    error = null;
    draw();
    try {
      const answer = await api<LoginAnswer>('POST', '/api/auth/login', draft);
      setToken(answer.token);
      off();
      onSignedIn();
      return;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) error = t('login.invalid');
      else if (err instanceof ApiError && err.status === 429) error = t('login.throttled');
      else error = describeError(err);
    }
    busy = false;
    draft.password = '';
    draw();
  }

  const off = onLanguageChange(draw);
  draw();
  return off;
}

/** `short`: EN / 中文, for the top bar on a phone screen. */
const SHORT: Record<Language, string> = { en: 'EN', zh: '中文' };

export function languageSwitch(short = false): HTMLElement {
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-label': t('top.language') },
    ...(Object.keys(LANGUAGES) as Language[]).map((lang) =>
      h(
        'button',
        {
          type: 'button',
          class: 'lang-btn',
          lang: lang === 'zh' ? 'zh-CN' : 'en',
          'aria-pressed': String(language() === lang),
          'data-testid': `lang-${lang}`,
          'aria-label': short ? LANGUAGES[lang] : null,
          onclick: () => setLanguage(lang),
        },
        short ? SHORT[lang] : LANGUAGES[lang],
      ),
    ),
  );
}
