import { onLanguageChange } from '../../i18n/i18n.js';

/** A page part that redraws itself from its own state (not the store), and on a language change. */
export interface View {
  redraw(): void;
  unmount(): void;
}

/**
 * Like ui/panel.ts mountPanel, for the pages: the page calls redraw() when its own state changes;
 * afterDraw runs once the new elements are in the page (a chart measures its box).
 * Keyboard focus stays on the same control (by data-testid or id) across a redraw.
 */
export function mountView(root: HTMLElement, render: () => Node | Node[], afterDraw?: () => void): View {
  let mounted = true;
  const redraw = () => {
    if (!mounted) return;
    const active = document.activeElement as HTMLElement | null;
    const key = active && root.contains(active) ? (active.dataset.testid ?? (active.id || null)) : null;
    root.replaceChildren(...[render()].flat());
    if (key) root.querySelector<HTMLElement>(`[data-testid="${key}"], #${CSS.escape(key)}`)?.focus();
    afterDraw?.();
  };
  redraw();
  const offLang = onLanguageChange(redraw);
  return {
    redraw,
    unmount() {
      mounted = false;
      offLang();
    },
  };
}
