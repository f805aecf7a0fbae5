// Prints the configuration reference (Markdown) from cti/config/settings.ts, the one source of truth.
import { SETTING_SPECS } from '../dist/cti/config/settings.js';

console.log('| Environment variable | Config file key | Default | Meaning |');
console.log('| --- | --- | --- | --- |');
for (const s of SETTING_SPECS) {
  const def = s.required ? '**required**' : s.default !== undefined ? `\`${s.default}\`` : '—';
  console.log(`| \`${s.env}\` | \`${s.file}\` | ${def} | ${s.help} |`);
}
