/** What a supervisor does on an agent's call. */
export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];

/** ARI's snoop directions (POST /channels/{id}/snoop: spy, whisper). */
export type SnoopDirection = 'none' | 'in' | 'out' | 'both';

export interface SnoopDirections {
  spy: SnoopDirection;
  whisper: SnoopDirection;
}

/**
 * The snoop sits on the AGENT's channel, so directions are the agent channel's own
 * (res_stasis_snoop.c: "in" = AST_AUDIOHOOK_DIRECTION_READ, frames Asterisk reads from the agent,
 * i.e. the agent's voice on its way to the caller; "out" = DIRECTION_WRITE, frames Asterisk writes
 * to the agent, i.e. what the agent hears: the caller). A whisper audiohook mixes the supervisor's
 * audio into frames of its direction (audiohook.c, audio_audiohook_write_list), so:
 * - spy both: the supervisor hears the caller (out) and the agent (in), in every mode;
 * - listen, whisper none: nothing the supervisor says reaches anyone;
 * - whisper (coaching), whisper out: mixed into what the agent hears, never sent on to the caller;
 * - barge, whisper both: into what the agent hears AND into the agent's voice going to the caller.
 * ("in" alone would reach the caller but not the agent: nobody wants that.)
 * Checked on Asterisk 22 with TALK_DETECT on both phones: test/integration/supervision.test.ts.
 */
const DIRECTIONS: Record<MonitorMode, SnoopDirections> = {
  listen: { spy: 'both', whisper: 'none' },
  whisper: { spy: 'both', whisper: 'out' },
  barge: { spy: 'both', whisper: 'both' },
};

export function snoopDirections(mode: MonitorMode): SnoopDirections {
  return { ...DIRECTIONS[mode] };
}

export function isMonitorMode(value: unknown): value is MonitorMode {
  return typeof value === 'string' && (MONITOR_MODES as readonly string[]).includes(value);
}
