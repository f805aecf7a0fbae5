import t from 'tap';
import type { RecordingMarker } from '../../cti/recordings/markers.js';
import { REDACTED, redactionSpans, redactTranscript } from '../../cti/transcription/redaction.js';
import type { TranscriptSegment } from '../../cti/transcription/schema.js';

const word = (text: string, startMs: number, endMs: number): TranscriptSegment => ({ text, startMs, endMs });
const marker = (kind: 'pause' | 'resume', offsetMs: number, at: string): RecordingMarker => ({
  kind,
  offsetMs,
  at,
  by: 'user:alice',
});

// Asterisk leaves paused audio out of the file: pause and resume share one offset (the join).
const pausedAt3s = [
  marker('pause', 3000, '2026-01-01T10:00:05.000Z'),
  marker('resume', 3000, '2026-01-01T10:00:25.000Z'),
];

t.test(
  'a pause and resume at the same offset: the join is marked and words at it are redacted',
  async (t) => {
    const words = [
      word('my', 1000, 1400),
      word('card', 1500, 2000),
      word('number', 2100, 2500),
      word('four', 2800, 3100), // straddles the join: spoken as the pause took effect
      word('thanks', 3600, 4000), // beyond the guard
      word('bye', 4500, 4800),
    ];
    const out = redactTranscript(words, pausedAt3s, 400);
    t.equal(out.text, `my card number ${REDACTED} thanks bye`);
    t.equal(out.redactedSpans, 1);
    t.same(out.segments[3], { startMs: 2800, endMs: 3100, text: REDACTED, redacted: true });
    t.notOk(
      out.segments.some((s) => s.text === 'four'),
      'no word near the join survives',
    );
  },
);

t.test('no word near the join: a zero-length [redacted] still shows where audio is missing', async (t) => {
  const out = redactTranscript([word('hello', 0, 500), word('world', 6000, 6500)], pausedAt3s, 400);
  t.equal(out.text, `hello ${REDACTED} world`);
  t.same(out.segments[1], { startMs: 3000, endMs: 3000, text: REDACTED, redacted: true });
});

t.test('offsets that differ (older rows, wall-clock offsets) redact everything between them', async (t) => {
  const markers = [
    marker('pause', 2000, '2026-01-01T10:00:02.000Z'),
    marker('resume', 5000, '2026-01-01T10:00:05.000Z'),
  ];
  const words = [word('a', 0, 1000), word('b', 2500, 3000), word('c', 4000, 4500), word('d', 6000, 6500)];
  const out = redactTranscript(words, markers, 100);
  t.equal(out.text, `a ${REDACTED} d`, 'b and c become one [redacted]');
  t.same(redactionSpans(markers, 100)[0], { fromMs: 1900, toMs: 5100, joinMs: 2000, pausedMs: 3000 });
});

t.test('a pause never resumed redacts to the end', async (t) => {
  const out = redactTranscript(
    [word('keep', 0, 900), word('late', 5000, 5400), word('later', 9000, 9500)],
    [marker('pause', 2000, '2026-01-01T10:00:02.000Z')],
    300,
  );
  t.equal(out.text, `keep ${REDACTED}`);
  t.equal(redactionSpans([marker('pause', 2000, '2026-01-01T10:00:02.000Z')], 300)[0]?.pausedMs, null);
});

t.test('two pauses: each join gets its own mark; no markers changes nothing', async (t) => {
  const markers = [
    marker('pause', 1000, '2026-01-01T10:00:01.000Z'),
    marker('resume', 1000, '2026-01-01T10:00:09.000Z'),
    marker('pause', 4000, '2026-01-01T10:00:12.000Z'),
    marker('resume', 4000, '2026-01-01T10:00:20.000Z'),
  ];
  const words = [word('one', 0, 300), word('two', 2000, 2500), word('three', 6000, 6400)];
  t.equal(redactTranscript(words, markers, 200).text, `one ${REDACTED} two ${REDACTED} three`);
  const plain = redactTranscript(words, [], 200);
  t.equal(plain.text, 'one two three');
  t.equal(plain.redactedSpans, 0);
});
