import { t } from '../i18n/i18n.js';
import { ApiError } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { type AppState, showBanner, update } from '../store.js';

/** The one place errors and confirmations appear: a live region screen readers announce. */
export function renderBanner(s: AppState): Node[] {
  if (!s.banner) return [];
  return [
    h(
      'div',
      {
        class: `banner banner-${s.banner.kind}`,
        role: s.banner.kind === 'error' ? 'alert' : 'status',
        'data-testid': s.banner.kind === 'error' ? 'error-banner' : 'info-banner',
      },
      h('span', { class: 'banner-text' }, s.banner.text),
      h(
        'button',
        { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => update({ banner: null }) },
        t('common.dismiss'),
      ),
    ),
  ];
}

/** Turns a failed request into a sentence for the agent; the server's own message when it has one. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.status === 403) return t('error.forbidden');
    return t('error.server', { message: err.message });
  }
  return t('error.server', { message: err instanceof Error ? err.message : String(err) });
}

export function reportError(err: unknown): void {
  showBanner('error', describeError(err));
}
