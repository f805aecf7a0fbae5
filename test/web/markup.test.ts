import t from 'tap';
import {
  decodeEntities,
  markedSegments,
  parseInline,
  parseMarkdown,
} from '../../web-softphone/src/lib/markup.js';

t.test('search highlights: only <mark> survives, as a flag on plain text', async (t) => {
  t.same(markedSegments('Reset your <mark>password</mark> here'), [
    { text: 'Reset your ', mark: false },
    { text: 'password', mark: true },
    { text: ' here', mark: false },
  ]);
  t.same(
    markedSegments('&#60;script&#62;alert(1)&#60;/script&#62; <mark>a&amp;b</mark>'),
    [
      { text: '<script>alert(1)</script> ', mark: false },
      { text: 'a&b', mark: true },
    ],
    'escaped markup comes back as text, never as tags',
  );
  t.same(
    markedSegments('<img src=x onerror=alert(1)>hi <b>there</b><script>x</script>'),
    [{ text: 'hi therex', mark: false }],
    'any other tag is dropped, its text kept',
  );
  t.same(markedSegments('<MARK>Big</MARK> <mark >x</mark>'), [
    { text: 'Big', mark: true },
    { text: ' ', mark: false },
    { text: 'x', mark: true },
  ]);
  t.same(
    markedSegments('a </mark> b <mark>c'),
    [
      { text: 'a  b ', mark: false },
      { text: 'c', mark: true },
    ],
    'unbalanced marks do not throw or go negative',
  );
  t.same(markedSegments('1 < 2'), [{ text: '1 < 2', mark: false }], 'a lone < stays text');
  t.same(markedSegments(''), []);
  t.same(markedSegments('账单<mark>退款</mark>流程'), [
    { text: '账单', mark: false },
    { text: '退款', mark: true },
    { text: '流程', mark: false },
  ]);
});

t.test('entities decode to text; unknown or invalid ones stay as written', async (t) => {
  t.equal(decodeEntities('&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39; &#x4e2d;'), '<b> & "x" \'y\' 中');
  t.equal(decodeEntities('&bogus; &#0; &#xD800; &#99999999;'), '&bogus; &#0; &#xD800; &#99999999;');
});

t.test('inline markdown: bold, link text, code without backticks', async (t) => {
  t.same(parseInline('Press **Reset** now'), [
    { text: 'Press ', bold: false },
    { text: 'Reset', bold: true },
    { text: ' now', bold: false },
  ]);
  t.same(parseInline('see [the guide](https://x.example/a) and `code`'), [
    { text: 'see the guide and code', bold: false },
  ]);
  t.same(parseInline('__a__'), [{ text: 'a', bold: true }]);
  t.same(parseInline('2 ** 3 ** 4'), [{ text: '2 ** 3 ** 4', bold: false }], 'spaced stars are not bold');
  t.same(parseInline('<script>alert(1)</script>'), [{ text: '<script>alert(1)</script>', bold: false }]);
});

t.test('block markdown: headings, lists, paragraphs; the rest is text', async (t) => {
  const doc = [
    '# Refunds',
    '',
    'Refunds take **5 days**.',
    'They go to the card.',
    '',
    '## Steps',
    '- Check the order',
    '* Open the ticket',
    '  with the order number',
    '1. Confirm',
    '2) Close',
    '',
    '#### Deep heading',
    '> quoted <b>html</b>',
    '---',
    '```',
    'code line',
    '```',
  ].join('\r\n');
  t.same(parseMarkdown(doc), [
    { kind: 'heading', level: 1, inlines: [{ text: 'Refunds', bold: false }] },
    {
      kind: 'paragraph',
      inlines: [
        { text: 'Refunds take ', bold: false },
        { text: '5 days', bold: true },
        { text: '. They go to the card.', bold: false },
      ],
    },
    { kind: 'heading', level: 2, inlines: [{ text: 'Steps', bold: false }] },
    {
      kind: 'list',
      ordered: false,
      items: [
        [{ text: 'Check the order', bold: false }],
        [{ text: 'Open the ticket with the order number', bold: false }],
      ],
    },
    {
      kind: 'list',
      ordered: true,
      items: [[{ text: 'Confirm', bold: false }], [{ text: 'Close', bold: false }]],
    },
    { kind: 'heading', level: 3, inlines: [{ text: 'Deep heading', bold: false }] },
    { kind: 'paragraph', inlines: [{ text: 'quoted <b>html</b>', bold: false }] },
    { kind: 'paragraph', inlines: [{ text: 'code line', bold: false }] },
  ]);
  t.same(parseMarkdown(''), []);
  t.same(parseMarkdown('#hashtag is text'), [
    { kind: 'paragraph', inlines: [{ text: '#hashtag is text', bold: false }] },
  ]);
  t.same(
    parseMarkdown('Intro\n- a'),
    [
      { kind: 'paragraph', inlines: [{ text: 'Intro', bold: false }] },
      { kind: 'list', ordered: false, items: [[{ text: 'a', bold: false }]] },
    ],
    'a list right after a paragraph starts its own block',
  );
});
