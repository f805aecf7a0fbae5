import t from 'tap';
import { markedHtml, snippetHtml } from '../../cti/knowledge/marked-html.js';
import { likePatternOf, searchTermsOf } from '../../cti/knowledge/search-terms.js';

t.test('search text becomes quoted terms; syntax only separates words', async (t) => {
  t.same(searchTermsOf('Refund policy'), {
    all: ['refund', 'policy'],
    match: '"refund" "policy"',
    short: [],
  });
  t.same(searchTermsOf('" OR 1=1 --'), { all: ['1'], match: null, short: ['1'] });
  t.same(searchTermsOf('NEAR(refund "x" OR y)'), {
    all: ['refund', 'x', 'y'],
    match: '"refund"',
    short: ['x', 'y'],
  });
  t.same(searchTermsOf('title:vpn body : token'), {
    all: ['vpn', 'token'],
    match: '"vpn" "token"',
    short: [],
  });
  t.same(searchTermsOf('如何申请退款？客服'), {
    all: ['如何申请退款', '客服'],
    match: '"如何申请退款"',
    short: ['客服'],
  });
  t.same(searchTermsOf('ＶＰＮ'), { all: ['vpn'], match: '"vpn"', short: [] }, 'full-width folded (NFKC)');
  t.same(searchTermsOf('not or and'), { all: ['not', 'or', 'and'], match: '"not" "and"', short: ['or'] });
  t.same(searchTermsOf('***').all, []);
  t.throws(() => searchTermsOf(' '), { name: 'SearchInputError' });
  t.throws(() => searchTermsOf('退'.repeat(201)), { name: 'SearchInputError' });
  t.doesNotThrow(() => searchTermsOf('退'.repeat(200)));
  t.throws(() => searchTermsOf('a b c d e f g h i j k l m'), { name: 'SearchInputError' });
  t.equal(likePatternOf('50%_\\'), '%50\\%\\_\\\\%');
});

t.test('marked text is escaped HTML with <mark>', async (t) => {
  t.equal(markedHtml('a \uE000<b>\uE001 c', ['c']), 'a <mark>&#60;b&#62;</mark> <mark>c</mark>');
  t.equal(markedHtml('Tv and TV', ['tv']), '<mark>Tv</mark> and <mark>TV</mark>');
  t.equal(snippetHtml('short', []), 'short');
  const long = `${'x'.repeat(100)} key ${'y'.repeat(100)}`;
  t.match(snippetHtml(long, ['key']), /^…x+ <mark>key<\/mark> y+…$/);
});
