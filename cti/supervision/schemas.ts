import { MONITOR_MODES } from './modes.js';

// JSON schemas of the supervision routes: validation, 400s and the OpenAPI document from one source.

const mode = {
  type: 'string',
  enum: [...MONITOR_MODES],
  description:
    'listen: hear caller and agent; whisper: also speak to the agent only (coaching); barge: speak to both',
} as const;

const direction = { type: 'string', enum: ['none', 'in', 'out', 'both'] } as const;

export const callParamsSchema = {
  type: 'object',
  properties: { callId: { type: 'integer', minimum: 1 } },
  required: ['callId'],
} as const;

export const monitorParamsSchema = {
  type: 'object',
  properties: { monitorId: { type: 'string', pattern: '^[a-z0-9]{1,16}-[0-9]{1,9}$' } },
  required: ['monitorId'],
} as const;

export const startBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: {
    mode,
    device: {
      type: 'string',
      minLength: 1,
      maxLength: 160,
      description:
        "phone to ring for the supervisor: PJSIP/<endpoint> (must exist) or Local/<extension>@<context> (context listed in SWITCHBOARD_SUPERVISION_LOCAL_CONTEXTS); default: the device of the supervisor's own agent record",
    },
  },
} as const;

export const modeBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: { mode },
} as const;

export const monitorSchema = {
  type: 'object',
  properties: {
    monitorId: { type: 'string' },
    callId: { type: 'integer' },
    queueId: { type: 'string', description: 'the queue the call was answered from' },
    agentId: { type: 'string' },
    mode,
    spy: { ...direction, description: "snoop spy direction on the agent's channel" },
    whisper: { ...direction, description: "snoop whisper direction on the agent's channel" },
    state: {
      type: 'string',
      enum: ['ringing', 'connected', 'ended'],
      description: "ringing: the supervisor's phone rings; connected: they are on the call",
    },
    device: { type: 'string', description: "dial string of the supervisor's phone" },
    snoopChannelId: { type: 'string' },
    supervisorChannelId: { type: 'string' },
    bridgeId: { type: 'string' },
    supervisor: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['user', 'api_key'] },
        id: { type: 'integer' },
        name: { type: 'string' },
      },
    },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    endReason: { type: ['string', 'null'] },
  },
} as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;
