import { locale, t } from '../i18n/i18n.js';
import { ApiError, api } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { formatDateTime } from '../lib/format.js';
import { parseReason, searchPath, suggestPath } from '../lib/knowledge.js';
import { type Block, type Inline, type MarkedSegment, markedSegments, parseMarkdown } from '../lib/markup.js';
import type { AppState } from '../store.js';
import type { KnowledgeArticle, KnowledgeHit, KnowledgeSuggestion } from '../types.js';
import { describeError } from './banner.js';

/**
 * Articles for the call in hand, from the screen-pop until the wrap-up is saved: suggestions for
 * the call (and the chosen ticket's category), a search, and the article read in place. The
 * search box lives as long as the page, so results arriving while the agent types never take the
 * caret away; only the part below it is redrawn.
 */

type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; value: T }
  | { status: 'error'; message: string };

const SEARCH_DELAY_MS = 350;

/** The call the panel is for: the one being wrapped up, else the one on screen. */
export function knowledgeCallOf(s: AppState): { callId: number; category: string | null } | null {
  if (s.view !== 'desk' || s.noAgent) return null;
  const callId = s.wrap?.callId ?? s.pop?.callId ?? null;
  if (callId === null) return null;
  const category = s.ticketPick?.callId === callId ? s.ticketPick.category : null;
  return { callId, category };
}

class KnowledgePanel {
  readonly el: HTMLElement;
  private readonly title = h('h2', { id: 'kb-title' });
  private readonly context = h('span', { class: 'chip tone-off', 'data-testid': 'kb-category' });
  private readonly label = h('label', { for: 'kb-search', class: 'sr-only' });
  private readonly input = h('input', {
    id: 'kb-search',
    type: 'search',
    autocomplete: 'off',
    maxlength: 200,
    'data-testid': 'kb-search',
    oninput: () => this.searchSoon(),
    onkeydown: (e: Event) => {
      if ((e as KeyboardEvent).key === 'Escape' && this.input.value !== '') {
        e.stopPropagation();
        this.input.value = '';
        this.search();
      }
    },
  });
  private readonly button = h('button', { type: 'submit', class: 'btn btn-secondary' });
  private readonly body = h('div', { class: 'kb-body' });

  private callId: number | null = null;
  private category: string | null = null;
  private suggestions: Loadable<KnowledgeSuggestion[]> = { status: 'idle' };
  private results: Loadable<KnowledgeHit[]> = { status: 'idle' };
  private article: { id: number; state: Loadable<KnowledgeArticle>; returnTo: string } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Each request counts up, so an answer that arrives after a newer request is dropped. */
  private seq = { suggest: 0, search: 0, article: 0 };

  constructor() {
    const form = h(
      'form',
      {
        class: 'kb-form',
        role: 'search',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.search();
        },
      },
      this.label,
      this.input,
      this.button,
    );
    this.el = h(
      'section',
      { class: 'card kb', 'data-testid': 'knowledge', 'aria-labelledby': 'kb-title' },
      h('div', { class: 'card-head' }, this.title, this.context),
      form,
      this.body,
    );
  }

  /** Follows the call and its ticket category; null when there is no call to help with. */
  sync(s: AppState): HTMLElement | null {
    const call = knowledgeCallOf(s);
    if (!call) {
      this.callId = null;
      clearTimeout(this.timer);
      return null;
    }
    if (call.callId !== this.callId) {
      this.callId = call.callId;
      this.category = call.category;
      this.input.value = '';
      this.results = { status: 'idle' };
      this.article = null;
      this.suggest();
    } else if (call.category !== this.category) {
      this.category = call.category;
      this.suggest();
    }
    this.draw();
    return this.el;
  }

  private suggest(): void {
    const callId = this.callId;
    if (callId === null) return;
    const seq = ++this.seq.suggest;
    this.suggestions = { status: 'loading' };
    void this.load<{ items?: KnowledgeSuggestion[] }>(suggestPath(callId, this.category)).then((answer) => {
      if (seq !== this.seq.suggest) return;
      this.suggestions = answer.status === 'ok' ? { status: 'ok', value: answer.value.items ?? [] } : answer;
      this.draw();
    });
  }

  private searchSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.search(), SEARCH_DELAY_MS);
  }

  private search(): void {
    clearTimeout(this.timer);
    const path = searchPath(this.input.value);
    const seq = ++this.seq.search;
    this.article = null;
    if (path === null) {
      this.results = { status: 'idle' };
      this.draw();
      return;
    }
    this.results = { status: 'loading' };
    this.draw();
    void this.load<{ items?: KnowledgeHit[] }>(path).then((answer) => {
      if (seq !== this.seq.search) return;
      this.results = answer.status === 'ok' ? { status: 'ok', value: answer.value.items ?? [] } : answer;
      this.draw();
    });
  }

  private open(id: number, returnTo: string): void {
    const seq = ++this.seq.article;
    this.article = { id, state: { status: 'loading' }, returnTo };
    this.draw();
    this.focusArticle();
    void this.load<KnowledgeArticle>(`/api/knowledge/articles/${id}`).then((answer) => {
      if (seq !== this.seq.article || this.article?.id !== id) return;
      this.article = { ...this.article, state: answer };
      this.draw();
      this.focusArticle();
    });
  }

  private close(): void {
    const back = this.article?.returnTo;
    this.article = null;
    this.draw();
    if (back) document.getElementById(back)?.focus();
  }

  private focusArticle(): void {
    this.el.querySelector<HTMLElement>('#kb-article-title')?.focus();
  }

  private async load<T>(path: string): Promise<Loadable<T> & { status: 'ok' | 'error' }> {
    try {
      return { status: 'ok', value: await api<T>('GET', path) };
    } catch (err) {
      // The server's own words for a refused request ("give callId, category or nodes").
      const message = err instanceof ApiError && err.status >= 400 && err.status < 500 ? err.message : null;
      return { status: 'error', message: message ?? describeError(err) };
    }
  }

  private draw(): void {
    this.title.textContent = t('kb.title');
    this.context.textContent = this.category ? t('kb.forCategory', { category: this.category }) : '';
    this.context.hidden = !this.category;
    this.label.textContent = t('kb.search');
    this.input.placeholder = t('kb.searchHint');
    this.button.textContent = t('kb.searchButton');
    this.body.replaceChildren(...(this.article ? [this.renderArticle()] : this.renderLists()));
  }

  private renderLists(): Node[] {
    const out: Node[] = [];
    if (this.results.status !== 'idle') {
      out.push(
        h(
          'div',
          { class: 'kb-results', 'aria-live': 'polite' },
          h('h3', {}, t('kb.results')),
          this.state(this.results, t('kb.noResults'), (hits) =>
            h(
              'ul',
              { class: 'kb-list', 'data-testid': 'kb-results' },
              ...hits.map((hit) =>
                this.item(
                  hit.id,
                  `kb-hit-${hit.id}`,
                  'kb-result',
                  marked(hit.titleHtml || hit.title),
                  h('span', { class: 'kb-snippet' }, ...marked(hit.snippetHtml)),
                ),
              ),
            ),
          ),
        ),
      );
    }
    out.push(
      h(
        'div',
        { class: 'kb-suggested' },
        h('h3', {}, t('kb.suggested')),
        h(
          'div',
          {
            'data-testid': 'kb-suggestions',
            'aria-busy': this.suggestions.status === 'loading' ? 'true' : 'false',
          },
          this.state(this.suggestions, t('kb.noSuggestions'), (items) =>
            h(
              'ul',
              { class: 'kb-list' },
              ...items.map((item) =>
                this.item(
                  item.id,
                  `kb-sug-${item.id}`,
                  'kb-suggestion',
                  [item.title],
                  h('span', { class: 'kb-why' }, ...reasonChips(item.reasons)),
                ),
              ),
            ),
          ),
        ),
      ),
    );
    return out;
  }

  private state<T extends unknown[]>(state: Loadable<T>, empty: string, list: (items: T) => Node): Node {
    if (state.status === 'loading' || state.status === 'idle')
      return h('p', { class: 'muted small' }, t('common.loading'));
    if (state.status === 'error') return h('p', { class: 'field-error', role: 'alert' }, state.message);
    return state.value.length === 0 ? h('p', { class: 'muted small' }, empty) : list(state.value);
  }

  private item(id: number, domId: string, testid: string, title: (Node | string)[], extra: Node): Node {
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'kb-hit',
          id: domId,
          'data-testid': testid,
          'data-article-id': id,
          onclick: () => this.open(id, domId),
        },
        h('span', { class: 'kb-hit-title' }, ...title),
        extra,
      ),
    );
  }

  private renderArticle(): Node {
    const article = this.article;
    const state = article?.state ?? { status: 'loading' };
    const value = state.status === 'ok' ? state.value : null;
    return h(
      'article',
      { class: 'kb-article', 'data-testid': 'kb-article', 'aria-labelledby': 'kb-article-title' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          'data-testid': 'kb-back',
          onclick: () => this.close(),
        },
        `← ${t('kb.back')}`,
      ),
      h('h3', { id: 'kb-article-title', tabindex: -1 }, value ? value.title : t('common.loading')),
      value
        ? h(
            'p',
            { class: 'muted small' },
            [value.category, t('kb.updated', { when: formatDateTime(value.updatedAt, locale()) })]
              .filter(Boolean)
              .join(' · '),
          )
        : null,
      state.status === 'error' ? h('p', { class: 'field-error', role: 'alert' }, state.message) : null,
      value
        ? h('div', { class: 'kb-article-body' }, ...markdownNodes(parseMarkdown(value.body ?? '')))
        : null,
    );
  }
}

/** Search highlights as text nodes and <mark> elements: the HTML itself is never parsed by the page. */
function marked(html: string): Node[] {
  return markedSegments(html).map((seg: MarkedSegment) =>
    seg.mark ? h('mark', {}, seg.text) : document.createTextNode(seg.text),
  );
}

function inlineNodes(inlines: Inline[]): Node[] {
  return inlines.map((i) => (i.bold ? h('strong', {}, i.text) : document.createTextNode(i.text)));
}

function markdownNodes(blocks: Block[]): Node[] {
  return blocks.map((block) => {
    if (block.kind === 'heading')
      return h(block.level === 1 ? 'h4' : 'h5', {}, ...inlineNodes(block.inlines));
    if (block.kind === 'list')
      return h(
        block.ordered ? 'ol' : 'ul',
        {},
        ...block.items.map((item) => h('li', {}, ...inlineNodes(item))),
      );
    return h('p', {}, ...inlineNodes(block.inlines));
  });
}

function reasonChips(reasons: string[]): Node[] {
  return reasons.slice(0, 3).flatMap((reason) => {
    const r = parseReason(reason);
    return r ? [h('span', { class: 'kb-reason' }, t(`kb.reason.${r.kind}`, { value: r.value }))] : [];
  });
}

let panel: KnowledgePanel | null = null;

/** The knowledge panel for the state, made once and kept, or nothing when no call is in hand. */
export function renderKnowledge(s: AppState): Node[] {
  panel ??= new KnowledgePanel();
  const el = panel.sync(s);
  return el ? [el] : [];
}

export function knowledgeReads(s: AppState): readonly unknown[] {
  const call = knowledgeCallOf(s);
  return [call?.callId, call?.category];
}
