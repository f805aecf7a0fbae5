import { ROLES } from './schema.js';
import type { PublicUser } from './users.js';
import { USERNAME_PATTERN } from './users.js';

/** JSON schemas shared by the auth, user and API-key routes (validation and the OpenAPI document). */

export const roleSchema = { type: 'string', enum: [...ROLES] } as const;

export const usernameSchema = { type: 'string', pattern: USERNAME_PATTERN, maxLength: 64 } as const;

/** Length rules live in passwords.ts so the API and the CLI give the same sentence. */
export const passwordSchema = { type: 'string', maxLength: 1024 } as const;

export const displayNameSchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

export const idParamsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

export interface IdParams {
  id: number;
}

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

export const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: roleSchema,
    disabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    queues: {
      type: 'array',
      items: { type: 'string' },
      description: 'in the list, supervisors only: the queues they supervise',
    },
  },
  required: ['id', 'username', 'displayName', 'role', 'disabled', 'createdAt', 'updatedAt'],
} as const;

export function userJson(user: PublicUser) {
  return { ...user, createdAt: user.createdAt.toISOString(), updatedAt: user.updatedAt.toISOString() };
}
