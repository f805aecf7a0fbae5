import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the templates in dialplan/ need to render one Asterisk instance. */
export interface AsteriskConfigSettings {
  httpPort: number;
  amiPort: number;
  sipPort: number;
  rtpStart: number;
  rtpEnd: number;
  ariUser: string;
  ariPassword: string;
  ariApp: string;
  amiUser: string;
  amiPassword: string;
  /** identify match for the inbound trunk: comma-separated IPs, CIDRs or host names. */
  trunkMatch: string;
  /** Directories as Asterisk sees them (inside its chroot or container). */
  etcDir: string;
  runDir: string;
  spoolDir: string;
  logDir: string;
  libDir: string;
  cacheDir: string;
}

/** A template that references one of these gets mode 0600. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(['ariPassword', 'amiPassword']);
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** dialplan/ of this repository, found by walking up from this module (works from cti/ and dist/cti/). */
export function defaultTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'dialplan');
    if (existsSync(join(candidate, 'extensions.conf')) && existsSync(join(dir, 'package.json'))) {
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no dialplan/ templates directory found above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

function renderTemplate(templatePath: string, template: string, settings: AsteriskConfigSettings): string {
  const values = settings as unknown as Record<string, unknown>;
  const rendered = template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!Object.hasOwn(values, name)) {
      throw new Error(`${templatePath}: unknown placeholder {{${name}}}`);
    }
    const value = values[name];
    if (value === undefined || value === null || String(value) === '') {
      throw new Error(`${templatePath}: placeholder {{${name}}} has no value (setting "${name}" missing)`);
    }
    return String(value);
  });
  const leftover = /\{\{[^}]*\}\}?/.exec(rendered);
  if (leftover) {
    throw new Error(`${templatePath}: malformed placeholder ${leftover[0]}`);
  }
  return rendered;
}

function templateNames(templatesDir: string): string[] {
  return readdirSync(templatesDir)
    .filter((name) => name.endsWith('.conf'))
    .sort();
}

/** Renders every dialplan/*.conf template: file name → content. Throws naming the template and placeholder. */
export function renderAsteriskConfig(
  settings: AsteriskConfigSettings,
  templatesDir: string = defaultTemplatesDir(),
): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of templateNames(templatesDir)) {
    const path = join(templatesDir, name);
    files.set(name, renderTemplate(path, readFileSync(path, 'utf8'), settings));
  }
  if (files.size === 0) {
    throw new Error(`${templatesDir}: no *.conf templates`);
  }
  return files;
}

/** True when the template text references a secret setting. */
export function templateHoldsSecret(template: string): boolean {
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match[1] !== undefined && SECRET_SETTINGS.has(match[1])) return true;
  }
  return false;
}

/**
 * Renders and writes the configuration into outDir. Each file is written to a
 * temporary name and renamed, so Asterisk never reads a half-written file and
 * a file holding a secret is never briefly world-readable. Returns the paths written.
 */
export function writeAsteriskConfig(
  settings: AsteriskConfigSettings,
  outDir: string,
  templatesDir: string = defaultTemplatesDir(),
): string[] {
  const files = renderAsteriskConfig(settings, templatesDir);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of files) {
    const secret = templateHoldsSecret(readFileSync(join(templatesDir, name), 'utf8'));
    const target = resolve(outDir, name);
    const temporary = `${target}.${process.pid}.tmp`;
    const mode = secret ? 0o600 : 0o644;
    writeFileSync(temporary, content, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, target);
    written.push(target);
  }
  return written;
}
