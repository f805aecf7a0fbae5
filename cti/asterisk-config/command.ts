import { isAbsolute, join } from 'node:path';
import { type AsteriskConfigSettings, writeAsteriskConfig } from './render.js';

const USAGE = 'usage: asterisk-config --out DIR   (settings from SWITCHBOARD_* / SANDBOX_* environment)';

type Env = NodeJS.ProcessEnv;

/** Collects one readable sentence per problem instead of stopping at the first. */
class SettingsReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  text(name: string, pattern: RegExp, rule: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') {
      this.problems.push(`${name} is not set`);
      return '';
    }
    if (!pattern.test(value)) {
      this.problems.push(`${name}=${JSON.stringify(redact(name, value))} is invalid: ${rule}`);
      return '';
    }
    return value;
  }

  /** A port from the first of the names that is set (SWITCHBOARD_* before its SANDBOX_* alias). */
  port(...names: [string, ...string[]]): number {
    const name = names.find((n) => this.env[n] !== undefined && this.env[n] !== '') ?? names[0];
    const value = this.text(name, /^[0-9]{1,5}$/, 'must be a port number');
    return value === '' ? 0 : this.portRange(name, Number(value));
  }

  portFromUrl(name: string): number {
    const value = this.text(name, /^https?:\/\/\S+$/, 'must be an http:// URL with a port');
    if (value === '') return 0;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problems.push(`${name}=${JSON.stringify(value)} is not a URL`);
      return 0;
    }
    if (url.port === '') {
      this.problems.push(`${name}=${JSON.stringify(value)} has no explicit port`);
      return 0;
    }
    return this.portRange(name, Number(url.port));
  }

  private portRange(name: string, port: number): number {
    if (port < 1 || port > 65535) {
      this.problems.push(`${name}=${port} is out of range 1-65535`);
      return 0;
    }
    return port;
  }
}

function redact(name: string, value: string): string {
  return /PASSWORD/.test(name) ? `<${value.length} characters>` : value;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const NAME_RULE = 'letters, digits, "_", "." and "-" only';
// Printable ASCII without spaces, ';' (starts a comment in Asterisk config) or quotes.
const SECRET = /^[!#-:<-~]{12,128}$/;
const SECRET_RULE = '12-128 printable characters without spaces, quotes or ";"';
const PATH = /^\/[A-Za-z0-9._/-]*$/;

/** Reads and validates the settings; problems are returned as sentences naming the variable. */
export function readAsteriskConfigSettings(env: Env): {
  settings: AsteriskConfigSettings;
  problems: string[];
} {
  const read = new SettingsReader(env);
  const root = read.text('SWITCHBOARD_ASTERISK_DIR', PATH, 'must be an absolute path');
  const settings: AsteriskConfigSettings = {
    httpPort: read.portFromUrl('SWITCHBOARD_ARI_URL'),
    amiPort: read.port('SWITCHBOARD_AMI_PORT'),
    sipPort: read.port('SWITCHBOARD_SIP_PORT'),
    rtpStart: read.port('SWITCHBOARD_RTP_START', 'SANDBOX_RTP_START'),
    rtpEnd: read.port('SWITCHBOARD_RTP_END', 'SANDBOX_RTP_END'),
    ariUser: read.text('SWITCHBOARD_ARI_USER', NAME, NAME_RULE),
    ariPassword: read.text('SWITCHBOARD_ARI_PASSWORD', SECRET, SECRET_RULE),
    ariApp: read.text('SWITCHBOARD_ARI_APP', NAME, NAME_RULE),
    amiUser: read.text('SWITCHBOARD_AMI_USER', NAME, NAME_RULE),
    amiPassword: read.text('SWITCHBOARD_AMI_PASSWORD', SECRET, SECRET_RULE),
    trunkMatch: read.text(
      'SWITCHBOARD_TRUNK_MATCH',
      /^[A-Za-z0-9.:/_-]+(,[A-Za-z0-9.:/_-]+)*$/,
      'comma-separated IP addresses, CIDRs or host names',
    ),
    etcDir: root && join(root, 'etc'),
    runDir: root && join(root, 'run'),
    spoolDir: root && join(root, 'spool'),
    logDir: root && join(root, 'log'),
    libDir: root && join(root, 'lib'),
    cacheDir: root && join(root, 'cache'),
  };
  const { rtpStart, rtpEnd, httpPort, amiPort, sipPort } = settings;
  if (rtpStart > 0 && rtpEnd > 0 && rtpEnd - rtpStart < 2) {
    read.problems.push(`RTP range ${rtpStart}-${rtpEnd}: the start must be at least 2 below the end`);
  }
  if (httpPort > 0 && httpPort === amiPort) {
    read.problems.push(`SWITCHBOARD_ARI_URL and SWITCHBOARD_AMI_PORT both use port ${httpPort}`);
  }
  if (sipPort > 0 && rtpStart > 0 && sipPort >= rtpStart && sipPort <= rtpEnd) {
    read.problems.push(`SWITCHBOARD_SIP_PORT=${sipPort} lies inside the RTP range ${rtpStart}-${rtpEnd}`);
  }
  return { settings, problems: read.problems };
}

function parseOutDir(argv: readonly string[]): { outDir?: string; problems: string[] } {
  const args = argv[0] === 'asterisk-config' ? argv.slice(1) : [...argv];
  const problems: string[] = [];
  let outDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out') {
      outDir = args[++i];
      if (outDir === undefined) problems.push('--out needs a directory');
    } else if (arg?.startsWith('--out=')) {
      outDir = arg.slice('--out='.length);
    } else {
      problems.push(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (outDir === undefined && problems.length === 0) problems.push('--out DIR is required');
  if (outDir !== undefined && !isAbsolute(outDir) && outDir === '') problems.push('--out needs a directory');
  return { outDir, problems };
}

/** `switchboard asterisk-config --out DIR`: renders dialplan/*.conf for one Asterisk instance. */
export async function runAsteriskConfigCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseOutDir(argv);
  const { settings, problems } = readAsteriskConfigSettings(env);
  const all = [...parsed.problems, ...problems];
  if (all.length > 0 || parsed.outDir === undefined) {
    for (const problem of all) process.stderr.write(`asterisk-config: ${problem}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const written = writeAsteriskConfig(settings, parsed.outDir);
    process.stdout.write(`asterisk-config: wrote ${written.length} files to ${parsed.outDir}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`asterisk-config: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
