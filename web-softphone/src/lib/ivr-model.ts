/**
 * What the screen-pop shows of the caller's way through the IVR, built from the `ivr` field of a
 * screen-pop message (cti/realtime/README.md). Pure, so it is tested without a browser.
 */

export interface IvrStepInput {
  node: string;
  outcome: string;
  digits?: string;
}

export interface IvrInput {
  flowId: number;
  flowName: string | null;
  flowVersion: number | null;
  steps: IvrStepInput[];
  variables: Record<string, string>;
}

/** How a step ended, for its marker: a key pressed, digits collected, no answer, a bad key, the exit. */
export type StepKind = 'key' | 'input' | 'timeout' | 'invalid' | 'exit' | 'other';

export interface IvrStepView {
  /** 1-based, as read out to a colleague ("at step 3 they pressed 2"). */
  number: number;
  node: string;
  outcome: string;
  kind: StepKind;
  digits: string | null;
  last: boolean;
}

export interface IvrPathView {
  /** "main v7", or "flow #3" when the flow has no name any more. */
  flowLabel: string;
  steps: IvrStepView[];
  /** Every key the caller pressed, in order, for reading back: "2 · 4711". */
  keysPressed: string | null;
  /** Variables the flow collected, without the caller and dialled numbers the pop shows anyway. */
  variables: { name: string; value: string }[];
}

const SHOWN_ELSEWHERE = new Set(['caller_number', 'dialed_number']);

export function classifyOutcome(outcome: string): StepKind {
  const o = outcome.toLowerCase();
  if (/time[sd]?[ -]?out|no input|no answer/.test(o)) return 'timeout';
  if (/invalid|unknown key|wrong/.test(o)) return 'invalid';
  if (/^option\b|pressed|key\b/.test(o)) return 'key';
  if (/collect/.test(o)) return 'input';
  if (/queued|transfer|voicemail|hang ?up|overflow/.test(o)) return 'exit';
  return 'other';
}

/** Null when the call reached the queue without an IVR flow. */
export function ivrPathView(ivr: IvrInput | null | undefined): IvrPathView | null {
  if (!ivr) return null;
  const steps = ivr.steps.map(
    (s, i): IvrStepView => ({
      number: i + 1,
      node: s.node,
      outcome: s.outcome,
      kind: classifyOutcome(s.outcome),
      digits: s.digits !== undefined && s.digits !== '' ? s.digits : null,
      last: i === ivr.steps.length - 1,
    }),
  );
  const keys = steps.map((s) => s.digits).filter((d): d is string => d !== null);
  const name = ivr.flowName ?? `#${ivr.flowId}`;
  return {
    flowLabel: ivr.flowVersion !== null ? `${name} v${ivr.flowVersion}` : name,
    steps,
    keysPressed: keys.length > 0 ? keys.join(' · ') : null,
    variables: Object.entries(ivr.variables ?? {})
      .filter(([k]) => !SHOWN_ELSEWHERE.has(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value: String(value) })),
  };
}
