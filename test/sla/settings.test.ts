import t from 'tap';
import { loadSettings } from '../../cti/config/load.js';
import { parseSlaSpan } from '../../cti/config/sla-settings.js';
import { signatureHeader, verifySignature } from '../../cti/webhooks/signing.js';
import { subscribes } from '../../cti/webhooks/webhook-store.js';

const base = {
  SWITCHBOARD_ARI_URL: 'http://127.0.0.1:8088',
  SWITCHBOARD_ARI_USER: 'u',
  SWITCHBOARD_ARI_PASSWORD: 'p',
};

t.test('SLA defaults and spans', async (t) => {
  const settings = loadSettings(base);
  t.same(settings.sla.byPriority.urgent, { firstResponseSeconds: 900, resolutionSeconds: 4 * 3600 });
  t.same(settings.sla.byPriority.low, { firstResponseSeconds: 8 * 3600, resolutionSeconds: 72 * 3600 });
  t.equal(settings.sla.warnPercent, 80);
  t.same(parseSlaSpan('30s/2m'), { firstResponseSeconds: 30, resolutionSeconds: 120 });
  t.match(parseSlaSpan('4h'), /must be/);
  t.match(parseSlaSpan('4h/1h'), /comes before/);
  t.throws(() => loadSettings({ ...base, SWITCHBOARD_SLA_HIGH: 'soon' }), /SWITCHBOARD_SLA_HIGH/);
  t.throws(() => loadSettings({ ...base, SWITCHBOARD_SLA_WARN_PERCENT: '100' }), /WARN_PERCENT/);
});

t.test('signatures and event patterns', async (t) => {
  const header = signatureHeader('whsec_x', '{"a":1}', 1_700_000_000);
  t.ok(verifySignature('whsec_x', '{"a":1}', header, 1_700_000_010));
  t.notOk(verifySignature('whsec_x', '{"a":2}', header, 1_700_000_010), 'another body');
  t.notOk(verifySignature('whsec_y', '{"a":1}', header, 1_700_000_010), 'another secret');
  t.notOk(verifySignature('whsec_x', '{"a":1}', header, 1_700_001_000), 'too old');
  t.ok(subscribes(['sla.*'], 'sla.breached'));
  t.notOk(subscribes(['sla.*'], 'ticket.created'));
  t.ok(subscribes(['*'], 'ticket.created'));
});
