import t from 'tap';
import { parsePocketsphinxWords } from '../../cti/transcription/engines/pocketsphinx.js';

// Real output of `pocketsphinx_continuous -infile x.wav -time yes` (0.8+5prealpha, Debian):
// a hypothesis line per utterance, then one line per word: word start end posterior.
const OUTPUT = `i want to order a pizza
<s> 6.170 6.210 1.000000
i 6.220 6.300 0.881268
want(2) 6.310 6.640 0.983240
to 6.650 6.740 0.904194
<sil> 6.750 7.060 1.000000
[NOISE] 7.070 7.260 0.996589
order 7.270 7.710 0.698769
a 7.720 7.800 0.5
++garbage++ 7.800 7.900 0.1
pizza 7.900 8.400 1.2e-05
</s> 8.400 8.600 1.000000
whether we like the morning
<s> 9.000 9.100 1.000000
morning 9.800 10.250 0.912345
</s> 10.250 10.400 1.000000
`;

t.test('words with their times; sentence marks, silences and fillers dropped', async (t) => {
  const words = parsePocketsphinxWords(OUTPUT);
  t.same(
    words.map((w) => w.text),
    ['i', 'want', 'to', 'order', 'a', 'pizza', 'morning'],
  );
  t.same(words[1], { startMs: 6310, endMs: 6640, text: 'want', confidence: 0.98324 });
  t.equal(words[5]?.confidence, 0.000012, 'exponent notation is read');
  t.same(words[6], { startMs: 9800, endMs: 10250, text: 'morning', confidence: 0.912345 });
});

t.test('hypothesis lines, log noise and empty output give no words', async (t) => {
  t.same(parsePocketsphinxWords(''), []);
  t.same(parsePocketsphinxWords('INFO: cmn.c(133): CMN: 40.00\nhello there friend\n'), []);
});
