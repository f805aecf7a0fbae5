// Q.850 cause names as Asterisk prints them (ast_cause2str), for events that carry only the code.
const CAUSES: Record<number, string> = {
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  27: 'Destination out of order',
  28: 'Invalid number format',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  42: 'Switching equipment congestion',
  58: 'Bearer capability not available',
  127: 'Interworking, unspecified',
};

export function hangupCauseText(cause: number | null): string | null {
  if (cause === null) return null;
  return CAUSES[cause] ?? `Unknown (${cause})`;
}
