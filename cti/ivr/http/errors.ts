import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TtsEngineError, TtsInputError } from '../prompts/tts.js';
import { AudioTooLargeError, InvalidFlowError, IvrRuleError, UnsupportedAudioError } from '../rule-error.js';

const STATUS_OF_RULE: Record<IvrRuleError['kind'], [number, string]> = {
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  invalid: [400, 'bad_request'],
  unavailable: [503, 'unavailable'],
};

/**
 * The IVR routes' error handler: IVR rule errors become their 4xx (or 503 when Asterisk's sound
 * list or sox is missing), invalid flows a 400 with every issue, and body-size and content-type
 * refusals name the limit and what was received. Anything else goes to the app's handler.
 */
export function handleIvrErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof InvalidFlowError) {
      return reply.code(400).send({
        error: 'invalid_flow',
        message: err.message,
        issues: err.issues,
        warnings: err.warnings,
      });
    }
    if (err instanceof IvrRuleError) {
      const [status, code] = STATUS_OF_RULE[err.kind];
      return reply.code(status).send({ error: code, message: err.message });
    }
    if (err instanceof UnsupportedAudioError) {
      return reply.code(415).send({ error: 'unsupported_media_type', message: err.message });
    }
    if (err instanceof AudioTooLargeError) {
      return reply.code(413).send({ error: 'payload_too_large', message: err.message });
    }
    if (err instanceof TtsInputError)
      return reply.code(400).send({ error: 'bad_request', message: err.message });
    if (err instanceof TtsEngineError)
      return reply.code(503).send({ error: 'unavailable', message: err.message });
    const code = (err as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? 0;
      return reply.code(413).send({
        error: 'payload_too_large',
        message: `${request.method} ${request.routeOptions.url} takes at most ${megabytes(limit)} (${limit} bytes) of body`,
      });
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const received = request.headers['content-type'];
      return reply.code(415).send({
        error: 'unsupported_media_type',
        message: `${request.method} ${request.routeOptions.url} takes application/json; received ${received ? `content type "${received}"` : 'no content type'}`,
      });
    }
    throw err;
  });
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`;
}
