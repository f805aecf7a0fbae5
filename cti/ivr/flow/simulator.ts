import { type RunOptions, runFlow } from './interpreter.js';
import type { FlowPort } from './port.js';
import type { FlowDocument, FlowOutcome } from './types.js';

/**
 * Runs a flow with no call: the same interpreter over a port that reads a digit script.
 *
 * The digit script: entry k is everything the caller presses at the k-th place the flow waits for
 * input (each menu or collect attempt), pressed while that wait's prompts play. "" means they
 * press nothing and the wait times out. When the script runs out at a wait, the caller hangs up
 * (exit 'caller-hung-up'). Keys left over once a wait is satisfied (a second key in a menu, keys
 * after the terminator or past maxDigits) are dropped and reported in `notes`: on a live call they
 * could barge into the next prompt, so a script that agrees with a real call does not have them.
 *
 * The clock stands still at `at`. http lookups never leave the machine: they are answered from
 * httpStubs, or fail with "simulation does not call external hosts" and take onError, as a
 * failed lookup would on a live call.
 */

export type HttpStub = { status: number; body?: unknown; delayMs?: number } | { error: string };

export interface SimulationInput {
  callerNumber: string;
  dialedNumber: string;
  /** ISO time of the simulated call. */
  at: string | Date;
  digits: string[];
  /** Keyed by "METHOD url", "url", or either without the query string (most specific wins). */
  httpStubs?: Record<string, HttpStub>;
  variables?: Record<string, string>;
  maxSteps?: number;
  httpAllowList?: readonly string[];
}

export interface SimulationOutcome extends FlowOutcome {
  /** Script entries never used because the call left the flow first. */
  unusedDigits: string[];
  notes: string[];
}

/** The simulation request itself is wrong (a key no phone has, a time that is not one): a 400, not a flow problem. */
export class SimulationInputError extends Error {
  override name = 'SimulationInputError';
}

export async function simulateFlow(flow: FlowDocument, input: SimulationInput): Promise<SimulationOutcome> {
  const at = new Date(input.at);
  if (Number.isNaN(at.getTime()))
    throw new SimulationInputError(`simulation time ${JSON.stringify(input.at)} is not a valid time`);
  input.digits.forEach((entry, i) => {
    if (typeof entry !== 'string' || !/^[0-9*#]*$/.test(entry)) {
      throw new SimulationInputError(
        `digits[${i}] is ${JSON.stringify(entry)}; only 0-9, * and # can be pressed`,
      );
    }
  });
  const port = new ScriptedCaller(at, input.digits, input.httpStubs ?? {});
  const options: RunOptions = {};
  if (input.maxSteps !== undefined) options.maxSteps = input.maxSteps;
  if (input.httpAllowList !== undefined) options.httpAllowList = input.httpAllowList;
  const start = {
    callerNumber: input.callerNumber,
    dialedNumber: input.dialedNumber,
    variables: input.variables ?? {},
  };
  const outcome = await runFlow(flow, port, start, options);
  port.dropLeftover();
  return { ...outcome, unusedDigits: port.unused(), notes: port.notes };
}

/** A caller who follows a digit script, pressing each entry as soon as the flow listens. */
class ScriptedCaller implements FlowPort {
  readonly notes: string[] = [];
  private next = 0;
  private leftover = '';

  constructor(
    private readonly at: Date,
    private readonly script: string[],
    private readonly stubs: Record<string, HttpStub>,
  ) {}

  unused(): string[] {
    return this.script.slice(this.next);
  }

  dropLeftover(): void {
    if (this.leftover !== '') {
      this.notes.push(`keys "${this.leftover}" of digits[${this.next - 1}] were not needed and were dropped`);
    }
    this.leftover = '';
  }

  now(): Date {
    return new Date(this.at);
  }

  async play(_prompts: unknown, opts: { bargeIn: boolean }): Promise<{ digit?: string } | 'hangup'> {
    if (!opts.bargeIn) return {};
    this.dropLeftover();
    const entry = this.script[this.next];
    if (entry === undefined) return 'hangup';
    this.next++;
    this.leftover = entry.slice(1);
    return entry === '' ? {} : { digit: entry.slice(0, 1) };
  }

  async readDigits(opts: { max: number; terminator?: string; initial?: string }) {
    const keys = (opts.initial ?? '') + this.leftover;
    this.leftover = '';
    let digits = '';
    for (const [i, key] of [...keys].entries()) {
      if (digits.length >= opts.max) {
        this.leftover = keys.slice(i);
        return { digits, ended: 'max' as const };
      }
      if (key === opts.terminator) {
        this.leftover = keys.slice(i + 1);
        return { digits, ended: 'terminator' as const };
      }
      digits += key;
    }
    return { digits, ended: digits.length >= opts.max ? ('max' as const) : ('timeout' as const) };
  }

  async httpRequest(req: { method: string; url: string; timeoutMs: number }) {
    const bare = req.url.split('?')[0] ?? req.url;
    const keys = [`${req.method} ${req.url}`, req.url, `${req.method} ${bare}`, bare];
    const key = keys.find((k) => Object.hasOwn(this.stubs, k));
    const stub = key === undefined ? undefined : this.stubs[key];
    if (!stub) {
      this.notes.push(`no http stub for ${req.method} ${req.url}; the lookup failed`);
      return { error: 'simulation does not call external hosts' };
    }
    if ('error' in stub) return { error: stub.error };
    if ((stub.delayMs ?? 0) >= req.timeoutMs) return { error: 'timeout' };
    return { status: stub.status, body: stub.body };
  }

  async queue(): Promise<void> {}
  async transfer(): Promise<void> {}
  async voicemail(): Promise<void> {}
  async hangup(): Promise<void> {}
}
