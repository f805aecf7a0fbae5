// A second scripted day, 2025-06-20 (Berlin summer time, +02:00), for the edges the first day
// (scripted-day.ts) does not reach. The report is made at 18:00 that day. Short abandons: under 5 s.
// Same queues and agents as the first day: support's service level is 30 s.
//
//   call  number     queue     entered   left      outcome
//   E1    +4930101   support   09:00:00  09:00:10  answered (10 s) by anna; a daemon restart at 09:00:40
//                                                  re-logs her on-call; hang-up 09:01:40, wrap-up 30 s
//   E2    +4930102   support   10:00:00  10:00:00  overflow: the queue was full (turned away at once,
//                                                  not graded for SL)
//                    sales     10:00:00  10:00:02  abandoned (2 s: short)
//   E3    +4930103   support   11:00:00  11:00:50  removed (50 s: past the 30 s threshold, SL failure)
//   E4    +4930104   support   11:30:00  11:30:05  abandoned (exactly 5 s: not short)
//   E7    +4930107   support   13:00:00  13:00:03  abandoned (3 s: short)
//   E8    +4930108   support   14:00:00  14:00:12  removed (12 s: before the threshold, not graded)
//   E6    +4930106   support   17:59:20  -         still waiting at 18:00 (40 s: past the threshold)
//   E5    +4930105   support   17:59:50  -         still waiting at 18:00 (10 s: not graded yet)
//
// anna: logs in 08:00, out 17:00; reserved 09:00:05 for E1; lunch 12:00-12:45, with a daemon
// restart at 12:20 re-logging the same pause.

import type { AgentDay, ScriptedCall } from './scripted-day.js';

export const EDGE_DAY = '2025-06-20';
export const EDGE_NOW = '2025-06-20T18:00:00+02:00';
export const EDGE_QUERY = 'from=2025-06-20&to=2025-06-20';

export const EDGE_CALLS: ScriptedCall[] = [
  {
    key: 'E1',
    number: '+4930101',
    stays: [{ queue: 'support', entered: '09:00:00', left: '09:00:10', outcome: 'answered', agent: 'anna' }],
    offered: '09:00:05',
    end: '09:01:40',
  },
  {
    key: 'E2',
    number: '+4930102',
    stays: [
      { queue: 'support', entered: '10:00:00', turnedAway: true },
      { queue: 'sales', entered: '10:00:00', left: '10:00:02', outcome: 'abandoned' },
    ],
    end: '10:00:02',
  },
  {
    key: 'E3',
    number: '+4930103',
    stays: [{ queue: 'support', entered: '11:00:00', left: '11:00:50', outcome: 'removed' }],
    end: '11:00:50',
  },
  {
    key: 'E4',
    number: '+4930104',
    stays: [{ queue: 'support', entered: '11:30:00', left: '11:30:05', outcome: 'abandoned' }],
    end: '11:30:05',
  },
  {
    key: 'E7',
    number: '+4930107',
    stays: [{ queue: 'support', entered: '13:00:00', left: '13:00:03', outcome: 'abandoned' }],
    end: '13:00:03',
  },
  {
    key: 'E8',
    number: '+4930108',
    stays: [{ queue: 'support', entered: '14:00:00', left: '14:00:12', outcome: 'removed' }],
    end: '14:00:12',
  },
  { key: 'E6', number: '+4930106', stays: [{ queue: 'support', entered: '17:59:20' }] },
  { key: 'E5', number: '+4930105', stays: [{ queue: 'support', entered: '17:59:50' }] },
];

export const EDGE_AGENT_DAY: AgentDay = {
  anna: [
    ['08:00:00', 'available'],
    ['09:00:05', 'reserved'],
    ['09:00:10', 'on-call'],
    // the daemon restarts mid-call: recovery logs her in, then on-call, at one instant
    ['09:00:40', 'available', 'logged in before a daemon restart'],
    ['09:00:40', 'on-call', 'on a call that outlived a daemon restart'],
    ['09:01:40', 'wrap-up'],
    ['09:02:10', 'available', 'wrap-up over'],
    ['12:00:00', 'paused', 'lunch'],
    // a restart during lunch re-logs the pause with its reason
    ['12:20:00', 'paused', 'lunch'],
    ['12:45:00', 'available'],
    ['17:00:00', 'logged-out'],
  ],
};
