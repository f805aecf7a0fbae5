import t from 'tap';
import {
  CATALOGUES,
  en,
  format,
  pickLanguage,
  placeholdersOf,
  zh,
} from '../../web-softphone/src/i18n/messages.js';
import { AGENT_STATES } from '../../web-softphone/src/lib/agent-states.js';

t.test('every message exists in English and Chinese, with the same placeholders', async (t) => {
  const keys = Object.keys(en);
  t.same(Object.keys(zh).sort(), [...keys].sort(), 'the same keys in both languages');
  for (const key of keys) {
    const english = en[key as keyof typeof en];
    const chinese = zh[key as keyof typeof zh];
    t.ok(english.trim().length > 0, `${key}: English is not empty`);
    t.ok(chinese.trim().length > 0, `${key}: Chinese is not empty`);
    t.same(placeholdersOf(chinese), placeholdersOf(english), `${key}: same {placeholders}`);
  }
});

t.test('the Chinese catalogue is Chinese, not English left over', async (t) => {
  const untranslated = Object.entries(zh).filter(
    ([key, text]) =>
      text === en[key as keyof typeof en] && /[a-z]{3,}/i.test(text) && !/Switchboard|IVR|Chrome/.test(text),
  );
  t.same(untranslated, [], 'no message is the English text copied over');
});

t.test('every agent state has a label in both languages', async (t) => {
  for (const lang of Object.values(CATALOGUES)) {
    for (const state of AGENT_STATES) t.ok(lang[`state.${state}`], `state.${state}`);
  }
});

t.test('format fills placeholders and leaves unknown ones visible', async (t) => {
  t.equal(format('{seconds} s left', { seconds: 12 }), '12 s left');
  t.equal(format('剩余 {seconds} 秒', { seconds: 3 }), '剩余 3 秒');
  t.equal(format('hi {name}', {}), 'hi {name}');
  t.equal(format('plain'), 'plain');
});

t.test('the starting language: the saved choice, then the browser, then English', async (t) => {
  t.equal(pickLanguage('zh', ['en-US']), 'zh');
  t.equal(pickLanguage(null, ['zh-CN', 'en']), 'zh');
  t.equal(pickLanguage(null, ['zh-TW']), 'zh');
  t.equal(pickLanguage(null, ['de-DE', 'en-GB']), 'en');
  t.equal(pickLanguage('fr', ['fr-FR']), 'en');
});
