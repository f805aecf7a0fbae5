import { t } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { h } from '../../lib/dom.js';
import { type AppState, getState, showBanner, subscribe, update } from '../../store.js';
import type { User } from '../../types.js';
import { mountView, type View } from './view.js';
import './admin.css';

/**
 * The pages beside the desk, chosen by the URL hash (#reports, #admin/audit, #admin/supervisors).
 * A page covers the desk without stopping it: the phone stays registered and the agent socket open,
 * and a ringing call brings the desk back.
 */

type Role = User['role'];
type MountPage = (root: HTMLElement) => () => void;

interface PageSpec {
  roles: readonly Role[];
  label: MessageKey;
  /** Loaded on first visit, so the desk does not carry the charting library. */
  load: () => Promise<MountPage>;
}

const PAGES = {
  reports: {
    roles: ['admin', 'supervisor', 'agent'],
    label: 'nav.reports',
    load: () => import('../reports/reports-page.js').then((m) => m.mountReportsPage),
  },
  'admin/audit': {
    roles: ['admin'],
    label: 'nav.audit',
    load: () => import('./audit-page.js').then((m) => m.mountAuditPage),
  },
  'admin/supervisors': {
    roles: ['admin'],
    label: 'nav.supervisors',
    load: () => import('./supervisors-page.js').then((m) => m.mountSupervisorsPage),
  },
  // The live wallboard (ui/wallboard): a wall TV opens #wallboard and stays there.
  wallboard: {
    roles: ['admin', 'supervisor'],
    label: 'nav.wallboard',
    load: () => import('../wallboard/page.js').then((m) => m.mountWallboardPage),
  },
} satisfies Record<string, PageSpec>;

export type PageId = keyof typeof PAGES;

/** The page a URL hash names ("#admin/audit", "#/reports"), or null for the desk and unknown hashes. */
export function pageOfHash(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '').replace(/\/$/, '');
  return Object.hasOwn(PAGES, id) ? (id as PageId) : null;
}

export function currentPage(): PageId | null {
  return pageOfHash(location.hash);
}

/** Back to the desk, leaving no empty "#" behind. */
export function leavePage(): void {
  if (currentPage() === null) return;
  history.pushState(null, '', location.pathname + location.search);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Shows the page the hash names in `slot` (hidden while the desk is shown). */
export function mountPages(slot: HTMLElement): () => void {
  let shown: { id: PageId; unmount: () => void } | null = null;
  let notice: View | null = null;

  const clear = () => {
    shown?.unmount();
    notice?.unmount();
    shown = null;
    notice = null;
    slot.replaceChildren();
  };

  const show = () => {
    const id = currentPage();
    const role = getState().user?.role;
    if (shown?.id === id) return;
    clear();
    slot.hidden = id === null;
    update({}); // the top bar marks the current page
    if (id === null || !role) return;
    window.scrollTo(0, 0);
    const spec: PageSpec = PAGES[id];
    if (!spec.roles.includes(role)) {
      notice = mountView(slot, () => pageNotice(t('page.forbidden', { roles: rolesText(spec.roles) })));
      shown = { id, unmount: () => undefined };
      return;
    }
    let cancelled = false;
    shown = { id, unmount: () => (cancelled = true) };
    notice = mountView(slot, () => pageNotice(t('common.loading')));
    spec.load().then(
      (mount) => {
        if (cancelled) return;
        notice?.unmount();
        notice = null;
        slot.replaceChildren();
        shown = { id, unmount: mount(slot) };
      },
      (err: unknown) => {
        if (cancelled) return;
        notice?.unmount();
        const message = err instanceof Error ? err.message : String(err);
        notice = mountView(slot, () => pageNotice(t('page.loadFailed', { message })));
      },
    );
  };

  const offState = subscribe((s, before) => {
    if (currentPage() === null) return;
    if (s.call?.status === 'ringing' && before.call?.status !== 'ringing') {
      leavePage();
      showBanner('info', t('page.callBack'));
    } else if (s.view !== before.view && s.noAgent === before.noAgent) {
      // The Team / My desk button shows the desk (not the start-up switch to Team for non-agents).
      leavePage();
    }
  });
  window.addEventListener('hashchange', show);
  show();
  return () => {
    window.removeEventListener('hashchange', show);
    offState();
    clear();
  };
}

function pageNotice(text: string): Node {
  return h('div', { class: 'page' }, h('p', { class: 'card page-notice', role: 'status' }, text));
}

function rolesText(roles: readonly Role[]): string {
  return roles.map((r) => t(`role.${r}`)).join(' / ');
}

/** The top bar's links to the pages this user may open; the current one is marked. */
export function pageLinks(s: AppState): Node | null {
  const role = s.user?.role;
  if (!role) return null;
  const here = currentPage();
  const ids = (Object.keys(PAGES) as PageId[]).filter((id) => (PAGES[id] as PageSpec).roles.includes(role));
  if (ids.length === 0) return null;
  return h(
    'nav',
    { class: 'page-nav', 'aria-label': t('nav.pages') },
    here !== null
      ? h(
          'a',
          {
            class: 'btn btn-ghost',
            href: '#',
            'data-testid': 'nav-desk',
            onclick: (e: Event) => {
              e.preventDefault();
              leavePage();
            },
          },
          t('nav.desk'),
        )
      : null,
    ...ids.map((id) =>
      h(
        'a',
        {
          class: 'btn btn-ghost',
          href: `#${id}`,
          'data-testid': `nav-${id.replace('/', '-')}`,
          'aria-current': id === here ? 'page' : null,
        },
        id === 'reports' && role === 'agent' ? t('nav.myReport') : t(PAGES[id].label),
      ),
    ),
  );
}
