/** An error the API reports to the client as is: a 4xx with a sentence naming what is wrong. */
export class ClientError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ClientError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string) => new ClientError(400, 'bad_request', message);
export const conflict = (message: string) => new ClientError(409, 'conflict', message);
