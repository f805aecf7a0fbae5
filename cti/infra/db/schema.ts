// Every feature's tables in one place, for drizzle-kit and for the typed client.

export * from '../../acd/schema.js';
export * from '../../audit/schema.js';
export * from '../../auth/schema.js';
export * from '../../auth/scope-schema.js';
export * from '../../calls/schema.js';
export * from '../../desktop/schema.js';
export * from '../../ivr/schema.js';
export * from '../../knowledge/schema.js';
export * from '../../sla/schema.js';
export * from '../../softphone/schema.js';
export * from '../../tickets/schema.js';
export * from '../../transcription/schema.js';
export * from '../../webhooks/schema.js';
