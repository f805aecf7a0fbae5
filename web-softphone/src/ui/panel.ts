import { onLanguageChange } from '../i18n/i18n.js';
import { formatDuration } from '../lib/format.js';
import { type AppState, getState, subscribe } from '../store.js';
import { tickCountdowns } from './wrap-up.js';

/**
 * Mounts a part of the page that redraws when the state it reads changes (or the language does),
 * keeping keyboard focus on the same control across the redraw.
 */
export function mountPanel(
  root: HTMLElement,
  render: (s: AppState) => Node | Node[],
  reads: (s: AppState) => readonly unknown[],
): () => void {
  let last: readonly unknown[] | null = null;
  const draw = () => {
    const s = getState();
    const active = document.activeElement as HTMLElement | null;
    const key = active && root.contains(active) ? focusKey(active) : null;
    root.replaceChildren(...[render(s)].flat());
    if (key) root.querySelector<HTMLElement>(`[data-testid="${key}"], #${CSS.escape(key)}`)?.focus();
    last = reads(s);
    tick();
  };
  draw();
  const offState = subscribe((s) => {
    const now = reads(s);
    if (last && now.length === last.length && now.every((v, i) => Object.is(v, last?.[i]))) return;
    draw();
  });
  const offLang = onLanguageChange(draw);
  return () => {
    offState();
    offLang();
  };
}

function focusKey(el: HTMLElement): string | null {
  return el.dataset.testid ?? (el.id || null);
}

/** Every element with data-since (ISO or epoch ms) shows the time since then, updated each second. */
export function startTicker(): void {
  tick();
  setInterval(tick, 1000);
}

function tick(): void {
  {
    const now = Date.now();
    for (const el of document.querySelectorAll<HTMLElement>('[data-since]')) {
      const raw = el.dataset.since ?? '';
      const since = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
      if (Number.isFinite(since)) el.textContent = formatDuration(now - since);
    }
    tickCountdowns(now);
  }
}
