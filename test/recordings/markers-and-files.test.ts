// Pure parts of recording control: offsets that leave paused spans out, and WAV lengths read
// from files Asterisk is still writing.
import t from 'tap';
import { markersOf, pausedMsAt, recordedMsAt } from '../../cti/recordings/markers.js';
import { wavDurationFromHeader } from '../../cti/recordings/recording-file.js';
import { wav } from './fixtures/wav.js';

t.test('marker arithmetic: paused spans are left out of the offsets', async (t) => {
  const start = new Date('2026-01-01T00:00:00.000Z');
  const at = (s: number) => new Date(start.getTime() + s * 1000).toISOString();
  const markers = markersOf(
    [
      { kind: 'pause', at: at(10), by: 'user:a' },
      { kind: 'resume', at: at(25), by: 'user:a' },
      { kind: 'pause', at: at(40), by: 'user:a' },
    ],
    start,
  );
  t.same(
    markers.map((m) => m.offsetMs),
    [10_000, 10_000, 25_000],
    'offsets worked out for markers stored without them',
  );
  t.equal(
    recordedMsAt(start, markers, new Date(start.getTime() + 60_000)),
    25_000,
    'paused: the count stands',
  );
  t.equal(pausedMsAt(markers, new Date(start.getTime() + 60_000)), 35_000);
  t.equal(recordedMsAt(start, markers.slice(0, 2), new Date(start.getTime() + 30_000)), 15_000);
});

t.test('WAV duration: from the byte rate and the file size, not the header length field', async (t) => {
  const file = wav(8000, 2, 8000);
  t.equal(wavDurationFromHeader(file, file.length), 1000);
  t.equal(wavDurationFromHeader(file, file.length + 16_000), 2000, 'a file still growing');
  t.equal(wavDurationFromHeader(Buffer.from('not a wav at all'), 16), null);
});
