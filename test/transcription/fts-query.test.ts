import t from 'tap';
import { ftsQueryOf, MAX_SEARCH_TERMS } from '../../cti/transcription/fts-query.js';

t.test('each word is quoted; FTS5 syntax in the input stays text', async (t) => {
  t.equal(ftsQueryOf('refund  card'), '"refund" "card"');
  t.equal(ftsQueryOf('a"b OR c NEAR(d)'), '"a""b" "OR" "c" "NEAR(d)"');
  t.equal(ftsQueryOf('refun*'), '"refun"*', 'a trailing * keeps its prefix meaning');
  t.equal(ftsQueryOf('  * ** '), null);
  t.throws(() => ftsQueryOf(Array.from({ length: MAX_SEARCH_TERMS + 1 }, (_, i) => `w${i}`).join(' ')));
});
