import { t } from '../../i18n/i18n.js';
import { AGENT_STATES, toneOf } from '../../lib/agent-states.js';
import { h } from '../../lib/dom.js';
import { formatDuration } from '../../lib/format.js';
import { type Colour, queueColour, worst } from './levels.js';
import type { QueueRow, Thresholds } from './types.js';

/** One tile per queue: the figures a wall reads from across the room, coloured by threshold. */
export function renderTiles(
  queues: readonly QueueRow[],
  th: Thresholds | null,
  selected: string | null,
  select: (queueId: string) => void,
): Node {
  if (queues.length === 0)
    return h('p', { class: 'muted wb-empty', 'data-testid': 'wb-no-queues' }, t('wb.noQueues'));
  return h(
    'ul',
    { class: 'wb-tiles', 'aria-label': t('wb.queues') },
    ...queues.map((q) =>
      h(
        'li',
        {},
        tile(q, th, q.queueId === selected, () => select(q.queueId)),
      ),
    ),
  );
}

function tile(q: QueueRow, th: Thresholds | null, pressed: boolean, onclick: () => void): Node {
  const today = q.today;
  const sl = today?.serviceLevelPercent ?? null;
  const inLine = q.waiting + q.offered;
  const colours: Colour[] = [
    queueColour(th, 'waiting', q.queueId, q.waiting),
    queueColour(th, 'longestWaitSeconds', q.queueId, q.longestWaitMs / 1000),
    queueColour(th, 'serviceLevelPercent', q.queueId, sl),
    queueColour(th, 'abandonedToday', q.queueId, today?.abandoned ?? null),
  ];
  const [cWaiting, cLongest, cSl, cAbandoned] = colours as [Colour, Colour, Colour, Colour];
  return h(
    'button',
    {
      type: 'button',
      class: 'wb-tile',
      'data-testid': 'wb-queue',
      'data-queue-id': q.queueId,
      'data-colour': worst(colours),
      'data-wb-key': `queue:${q.queueId}`,
      'aria-pressed': pressed ? 'true' : 'false',
      onclick,
    },
    h('span', { class: 'wb-tile-name' }, q.name || q.queueId),
    h(
      'span',
      { class: 'wb-metrics' },
      metric(t('wb.waiting'), String(q.waiting), 'wb-waiting', cWaiting, q.waiting),
      metric(
        t('wb.longestWait'),
        formatDuration(q.longestWaitMs),
        'wb-longest-wait',
        cLongest,
        Math.round(q.longestWaitMs / 1000),
        // Ticks on in the page from when the figure arrived (no clock skew with the daemon).
        inLine > 0
          ? { 'data-wb-clock': String(q.receivedAt - q.longestWaitMs), 'data-wb-queue': q.queueId }
          : {},
      ),
      metric(t('wb.serviceLevel'), sl === null ? '—' : `${sl}%`, 'wb-service-level', cSl, sl ?? ''),
      metric(
        t('wb.abandoned'),
        String(today?.abandoned ?? 0),
        'wb-abandoned',
        cAbandoned,
        today?.abandoned ?? 0,
      ),
    ),
    h(
      'span',
      { class: 'wb-tile-line small' },
      fact(t('wb.answered'), today?.answered ?? 0, 'wb-answered'),
      fact(t('wb.shortAbandoned'), today?.shortAbandoned ?? 0, 'wb-short-abandoned'),
      fact(t('wb.offered'), today?.offered ?? 0, 'wb-offered'),
      q.offered > 0 ? fact(t('wb.ringing'), q.offered, 'wb-ringing') : null,
    ),
    today
      ? h(
          'span',
          { class: 'wb-tile-line small muted' },
          t('wb.slWithin', { seconds: today.serviceLevelSeconds }),
        )
      : null,
    h(
      'span',
      { class: 'wb-states', 'aria-label': t('wb.agentsByState') },
      ...AGENT_STATES.filter((s) => s !== 'logged-out' && (s === 'available' || (q.agents[s] ?? 0) > 0)).map(
        (s) =>
          h(
            'span',
            {
              class: `chip tone-${toneOf(s)}`,
              'data-testid': `wb-agents-${s}`,
              'data-value': q.agents[s] ?? 0,
            },
            `${t(`state.${s}`)} ${q.agents[s] ?? 0}`,
          ),
      ),
    ),
  );
}

function metric(
  label: string,
  text: string,
  testid: string,
  colour: Colour,
  value: number | string,
  extra: Record<string, string> = {},
): Node {
  return h(
    'span',
    { class: 'wb-metric', 'data-colour': colour },
    h('span', { class: 'wb-metric-label' }, label),
    h(
      'span',
      {
        class: 'wb-metric-value',
        'data-testid': testid,
        'data-value': value,
        'data-colour': colour,
        ...(extra['data-wb-clock'] ? { 'data-wb-metric': 'longestWaitSeconds' } : {}),
        ...extra,
      },
      text,
    ),
    h('span', { class: 'sr-only' }, colour === 'none' ? '' : t(`wb.colour.${colour}`)),
  );
}

function fact(label: string, value: number, testid: string): Node {
  return h('span', { class: 'wb-fact' }, `${label} `, h('strong', { 'data-testid': testid }, String(value)));
}
