import type { FastifyRequest } from 'fastify';
import type { Role } from '../auth/schema.js';
import { badRequest } from '../http/errors.js';
import { ArticleInputError } from './article-store.js';
import type { ArticleStatus } from './schema.js';
import { SearchInputError } from './search-terms.js';

/** Who writes the knowledge base; everyone signed in reads what is published. */
export const EDITORS: readonly Role[] = ['admin', 'supervisor'];

export const isEditor = (request: FastifyRequest) => EDITORS.includes(request.principal!.role);

/** The status the caller may read: editors what they ask for (all by default), others published only. */
export const readableStatus = (request: FastifyRequest, asked?: ArticleStatus): ArticleStatus | undefined =>
  isEditor(request) ? asked : 'published';

/** Runs a service call and turns refused input into a 400. */
export function asHttp<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof ArticleInputError || err instanceof SearchInputError) throw badRequest(err.message);
    throw err;
  }
}
