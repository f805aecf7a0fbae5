// The side-by-side table (terminal and Markdown) and results/latest.{json,md}.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults, SystemResult } from './results.js';
import type { LatencySummary } from './stats.js';
import type { Measurement } from './systems/types.js';

/** Milliseconds with the precision the figure deserves: 1.23, 12.3, 123. */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 10) return ms.toFixed(2);
  if (abs < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

export function formatLatency(summary: LatencySummary | undefined): string {
  if (!summary) return 'no samples';
  return `${formatMs(summary.p50Ms)} / ${formatMs(summary.p99Ms)} ms (n=${summary.n})`;
}

/** The distributor's own CPU per call: Asterisk above the reference's, plus its own processes. */
export function distributorCpuMs(
  system: SystemResult,
  reference: SystemResult | undefined,
): number | undefined {
  if (!system.cpu) return undefined;
  if (!reference?.cpu || reference.id === system.id) return undefined;
  return system.cpu.asteriskMsPerCall - reference.cpu.asteriskMsPerCall + system.cpu.ownMsPerCall;
}

interface Row {
  measurement: Measurement;
  title: string;
  cell: (system: SystemResult, results: BenchResults) => string;
}

const ROWS: Row[] = [
  {
    measurement: 'freeToRing',
    title: '(1) agent free -> next ring, p50 / p99',
    cell: (s) => formatLatency(s.freeToRing?.summary),
  },
  {
    measurement: 'idleRing',
    title: '(2) arrival -> ring, idle agent, p50 / p99',
    cell: (s) => formatLatency(s.idleRing?.summary),
  },
  {
    measurement: 'maxRate',
    title: '(3) max sustained calls/s (<0.1% failed)',
    cell: (s) => {
      const rate = s.maxRate;
      if (!rate) return 'not measured';
      const first = rate.steps[0];
      if (rate.sustainedCps === undefined) return first ? `< ${first.targetCps}` : 'no step ran';
      const last = rate.steps.at(-1);
      const topHeld = last?.passed === true;
      return topHeld ? `>= ${rate.sustainedCps} (top step)` : String(rate.sustainedCps);
    },
  },
  {
    measurement: 'cpu',
    title: '(4) CPU ms per call, distributor',
    cell: (s, results) => {
      const cpu = s.cpu;
      if (!cpu) return 'not measured';
      const reference = results.systems.find((r) => r.id === results.referenceId);
      if (s.id === results.referenceId)
        return `${formatMs(cpu.asteriskMsPerCall)} Asterisk (the calls alone)`;
      const extra = distributorCpuMs(s, reference);
      const own = cpu.ownMsPerCall > 0 ? ` + own ${formatMs(cpu.ownMsPerCall)}` : '';
      if (extra === undefined) return `Asterisk ${formatMs(cpu.asteriskMsPerCall)}${own} (no reference)`;
      return `${formatMs(extra)} (Asterisk ${formatMs(cpu.asteriskMsPerCall)}${own} - ref ${formatMs(reference?.cpu?.asteriskMsPerCall ?? 0)})`;
    },
  },
];

function cellFor(row: Row, system: SystemResult, results: BenchResults): string {
  if (system.status === 'unavailable') return 'not yet available';
  if (!system.measurements.includes(row.measurement)) return 'n/a';
  const hasFigure =
    (row.measurement === 'freeToRing' && system.freeToRing) ||
    (row.measurement === 'idleRing' && system.idleRing) ||
    (row.measurement === 'maxRate' && system.maxRate) ||
    (row.measurement === 'cpu' && system.cpu);
  if (!hasFigure) return system.status === 'failed' ? 'failed' : 'not measured';
  return row.cell(system, results);
}

/** The rows of the side-by-side table: header first, one array of cells per metric. */
export function tableRows(results: BenchResults): string[][] {
  const header = ['', ...results.systems.map((s) => s.label)];
  return [header, ...ROWS.map((row) => [row.title, ...results.systems.map((s) => cellFor(row, s, results))])];
}

/** The table for a terminal: columns padded, two spaces apart. */
export function formatTable(results: BenchResults): string {
  const rows = tableRows(results);
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function headline(results: BenchResults): string {
  return (
    `ACD benchmark, ${results.profile} run, ${results.startedAt} (${Math.round(results.durationS)} s), ` +
    `Asterisk ${results.host.asterisk}, ${results.host.cpus} CPUs, Node ${results.host.node}`
  );
}

function systemNotes(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const s of results.systems) {
    if (s.reason) lines.push(`${s.label}: ${s.reason}`);
    for (const note of s.notes) lines.push(`${s.label}: ${note}`);
    if (s.maxRate && s.status === 'measured')
      lines.push(`${s.label}: rate limited by ${s.maxRate.limitedBy}`);
    for (const step of s.maxRate?.steps ?? []) {
      if (step.originateErrors.length > 0) {
        lines.push(
          `${s.label}: at ${step.targetCps}/s ARI refused originates: ${step.originateErrors.join(' | ')}`,
        );
      }
    }
    const offset = s.idleRing?.agentCalledOffset;
    if (offset) {
      lines.push(
        `${s.label}: AMI AgentCalled reached the bench ${formatMs(offset.p50Ms)} ms (p50) / ` +
          `${formatMs(offset.p99Ms)} ms (p99) after the BenchAgentRing mark`,
      );
    }
  }
  return lines;
}

/** What the runner prints at the end. */
export function formatTerminalReport(results: BenchResults): string {
  const lines = [headline(results), '', formatTable(results), ''];
  for (const s of results.systems) lines.push(`${s.label}: ${s.description}`);
  const notes = systemNotes(results);
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

const mdCell = (text: string) => text.replace(/\|/g, '\\|');

export function formatMarkdown(results: BenchResults): string {
  const rows = tableRows(results);
  const [header, ...body] = rows;
  const lines = [
    '# ACD benchmark: latest results',
    '',
    headline(results),
    '',
    `| ${(header ?? []).map((c) => mdCell(c || 'metric')).join(' | ')} |`,
    `|${(header ?? []).map(() => '---').join('|')}|`,
    ...body.map((row) => `| ${row.map(mdCell).join(' | ')} |`),
    '',
    '## Setup',
    '',
    ...results.systems.map((s) => `- **${s.label}**: ${s.description}`),
  ];
  for (const s of results.systems) {
    if (!s.maxRate || s.maxRate.steps.length === 0) continue;
    lines.push(
      '',
      `## Rate steps: ${s.label}`,
      '',
      '| target/s | sent/s | agents | calls | failed | ring p50 / p99 ms | Asterisk CPU ms/call | result |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const step of s.maxRate.steps) {
      const ring = step.ring ? `${formatMs(step.ring.p50Ms)} / ${formatMs(step.ring.p99Ms)}` : '-';
      const cpu = step.asteriskCpuMsPerCall === undefined ? '-' : formatMs(step.asteriskCpuMsPerCall);
      lines.push(
        `| ${step.targetCps} | ${step.achievedCps.toFixed(1)} | ${step.agents} | ${step.offered} | ${step.failed} | ${ring} | ${cpu} | ${mdCell(step.verdict)} |`,
      );
    }
  }
  const notes = systemNotes(results);
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `- ${mdCell(n)}`));
  lines.push(
    '',
    'How each figure is measured, and the caveats: bench/acd/README.md. Raw figures: latest.json.',
    '',
  );
  return lines.join('\n');
}

const BIOME = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.bin', 'biome');

/** Rewrites a file in the layout biome wants: the tree's `biome check .` covers bench/. */
function formatWithBiome(file: string): void {
  if (!existsSync(BIOME)) return;
  try {
    execFileSync(BIOME, ['format', '--write', file], { stdio: 'ignore' });
  } catch {
    // The content is complete either way; only its layout differs.
  }
}

/** Writes latest.{json,md} and <profile>.{json,md}, so a quick run does not replace the last full figures. */
export function writeResults(results: BenchResults, dir: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const md = join(dir, 'latest.md');
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const markdown = formatMarkdown(results);
  for (const [file, content] of [
    [json, text],
    [join(dir, `${results.profile}.json`), text],
    [md, markdown],
    [join(dir, `${results.profile}.md`), markdown],
  ] as const) {
    writeFileSync(file, content);
    formatWithBiome(file);
  }
  return { json, md };
}
