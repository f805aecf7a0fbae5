import { EventEmitter } from 'node:events';
import type { Db } from '../infra/db/client.js';

/**
 * Saves that change who sees what (a supervisor's queues, an agent's queue membership), by
 * database: the supervisor feed re-scopes its open sockets the moment one is saved, not on its
 * next slow check.
 */
const changes = new WeakMap<Db, EventEmitter>();

function changesOf(db: Db): EventEmitter {
  let emitter = changes.get(db);
  if (!emitter) {
    emitter = new EventEmitter();
    changes.set(db, emitter);
  }
  return emitter;
}

/** Calls `listener` after every such save to this database; returns the unsubscribe. */
export function onScopeChanged(db: Db, listener: () => void): () => void {
  const emitter = changesOf(db);
  emitter.on('changed', listener);
  return () => emitter.off('changed', listener);
}

/** Announces a saved change; listeners run before this returns. */
export function scopeChanged(db: Db): void {
  changesOf(db).emit('changed');
}
