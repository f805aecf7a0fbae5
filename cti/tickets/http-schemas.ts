import { ClientError } from '../http/errors.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from './schema.js';
import { TicketRuleError, type TicketRuleKind } from './ticket-error.js';

const STATUS: Record<TicketRuleKind, number> = {
  not_found: 404,
  bad_request: 400,
  forbidden: 403,
  out_of_scope: 403,
  invalid_transition: 409,
  closed: 409,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
};

/** Runs a service call and turns its refusals into the API's 4xx answers. */
export function asHttp<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof TicketRuleError) throw new ClientError(STATUS[err.kind], err.kind, err.message);
    throw err;
  }
}

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

export const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema } as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

export const callIdParams = {
  type: 'object',
  properties: { callId: { type: 'integer', minimum: 1 } },
  required: ['callId'],
} as const;

const phones = {
  type: 'array',
  maxItems: 10,
  items: { type: 'string', minLength: 1, maxLength: 40 },
} as const;

export const contactInput = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    phones,
    email: { type: ['string', 'null'], format: 'email', maxLength: 254 },
  },
} as const;

export const contactSchema = {
  type: ['object', 'null'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    email: { type: ['string', 'null'] },
    phones: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const subject = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;
const description = { type: 'string', maxLength: 20000 } as const;
const priority = { type: 'string', enum: TICKET_PRIORITIES } as const;
const status = { type: 'string', enum: TICKET_STATUSES } as const;
const category = { type: ['string', 'null'], minLength: 1, maxLength: 64 } as const;
const userId = { type: ['integer', 'null'], minimum: 1 } as const;

export const newTicketBody = {
  type: 'object',
  additionalProperties: false,
  required: ['subject'],
  properties: {
    subject,
    description,
    status: { type: 'string', enum: ['new', 'open', 'pending'] },
    priority,
    category,
    assigneeId: { ...userId, description: 'a user id; default: the creating agent, or nobody' },
    contactId: { type: ['integer', 'null'], minimum: 1 },
    contact: { ...contactInput, description: 'matched to an existing contact by phone, else created' },
  },
} as const;

export const ticketPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    subject,
    description,
    status,
    priority,
    category,
    assigneeId: userId,
    contactId: { type: ['integer', 'null'], minimum: 1 },
  },
} as const;

/** What a wrap-up may create: the caller becomes the contact. */
export const wrapUpTicketBody = {
  type: 'object',
  additionalProperties: false,
  required: ['subject'],
  properties: { subject, description, category, priority },
} as const;

export const attachmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    fileName: { type: 'string' },
    contentType: { type: 'string' },
    sizeBytes: { type: 'integer' },
    sha256: { type: 'string' },
    uploadedBy: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
  },
} as const;

export const ticketSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    subject: { type: 'string' },
    description: { type: 'string' },
    status,
    allowedStatuses: { type: 'array', items: status },
    priority,
    category: { type: ['string', 'null'] },
    assignee: {
      type: ['object', 'null'],
      properties: { id: { type: 'integer' }, username: { type: 'string' }, displayName: { type: 'string' } },
    },
    contact: contactSchema,
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    statusChangedAt: { type: 'string', format: 'date-time' },
    attachments: { type: 'array', items: attachmentSchema },
    sla: {
      type: ['object', 'null'],
      properties: {
        firstResponseDue: { type: 'string', format: 'date-time' },
        resolutionDue: { type: 'string', format: 'date-time' },
        firstRespondedAt: { type: ['string', 'null'], format: 'date-time' },
        breached: {
          type: 'array',
          items: {
            type: 'object',
            properties: { kind: { type: 'string' }, due: { type: 'string' }, at: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: {
      type: 'array',
      items: { type: 'string' },
      description: 'one or more, repeated or comma-separated',
    },
    priority: { type: 'array', items: { type: 'string' } },
    category: { type: 'string', maxLength: 64 },
    assignee: {
      type: 'string',
      pattern: '^(me|none|[1-9][0-9]{0,9})$',
      description: 'a user id, "me" or "none"',
    },
    contactPhone: { type: 'string', maxLength: 40 },
    q: { type: 'string', maxLength: 200, description: 'text in subject or description, matched literally' },
    createdFrom: { type: 'string', format: 'date-time' },
    createdTo: { type: 'string', format: 'date-time' },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
} as const;

export const worklogEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    kind: { type: 'string' },
    author: { type: 'string' },
    body: { type: 'string' },
    fromStatus: status,
    toStatus: status,
    details: { type: 'object', additionalProperties: true },
    call: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        callerNumber: { type: ['string', 'null'] },
        startedAt: { type: 'string' },
        endedAt: { type: ['string', 'null'] },
        durationSeconds: { type: ['integer', 'null'] },
        talkSeconds: { type: ['integer', 'null'] },
        answeredBy: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              agentId: { type: 'string' },
              name: { type: ['string', 'null'] },
              at: { type: ['string', 'null'] },
            },
          },
        },
        disposition: {
          type: ['object', 'null'],
          properties: {
            code: { type: 'string' },
            notes: { type: ['string', 'null'] },
            agentId: { type: 'string' },
            at: { type: 'string' },
          },
        },
        recordings: { type: 'array', items: { type: 'string' } },
        transcriptId: { type: ['string', 'null'] },
        transcripts: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              state: { type: 'string' },
              text: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    attachment: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        fileName: { type: 'string' },
        contentType: { type: 'string' },
        sizeBytes: { type: 'integer' },
      },
    },
  },
} as const;
