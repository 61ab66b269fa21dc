/**
 * The errors a request handler throws on purpose. Each becomes `{ error, detail }` with its status
 * (see `errors.ts`); `error` is short and stable for programs, `detail` is for people.
 */
import { QlensError } from '../core/errors.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly detail: string,
    /** Response headers that go with it (`Retry-After` on a 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${error}: ${detail}`);
    this.name = 'HttpError';
  }
}

export const badRequest = (detail: string) => new HttpError(400, 'invalid request', detail);
export const notFound = (detail: string) => new HttpError(404, 'not found', detail);

/** Short error names for the statuses the API uses. */
const NAMES: Record<number, string> = {
  400: 'invalid request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  408: 'request timeout',
  409: 'conflict',
  413: 'payload too large',
  415: 'unsupported media type',
  422: 'unprocessable run files',
  429: 'too many requests',
  431: 'request header fields too large',
};

export function statusName(status: number): string {
  return NAMES[status] ?? (status >= 500 ? 'internal error' : 'invalid request');
}

/** A user-facing qlens error (bad file, unknown env, missing checkpoint) as an HttpError. */
export function fromQlensError(err: QlensError): HttpError {
  // A corrupt or foreign run file is not the client's fault but not a bug either: 422 names the file.
  const status = err.name === 'FileFormatError' ? 422 : err.status;
  return new HttpError(status, statusName(status), err.message);
}
