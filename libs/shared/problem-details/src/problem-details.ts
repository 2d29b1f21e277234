/**
 * RFC 9457 problem details: the one error shape of the platform's API.
 * `type` values are stable: clients branch on them, never on `title` or `detail`.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const PROBLEM_TYPES = {
  validationFailed: { slug: 'validation-failed', status: 400, title: 'The request is not valid' },
  malformedJson: {
    slug: 'malformed-json',
    status: 400,
    title: 'The request body is not valid JSON',
  },
  invalidCursor: {
    slug: 'invalid-cursor',
    status: 400,
    title: 'The pagination cursor is not valid',
  },
  badRequest: { slug: 'bad-request', status: 400, title: 'Bad request' },
  unauthorized: { slug: 'unauthorized', status: 401, title: 'Authentication is required' },
  forbidden: { slug: 'forbidden', status: 403, title: 'This credential may not do that' },
  notFound: { slug: 'not-found', status: 404, title: 'Not found' },
  routeNotFound: { slug: 'route-not-found', status: 404, title: 'No such endpoint' },
  methodNotAllowed: { slug: 'method-not-allowed', status: 405, title: 'Method not allowed' },
  conflict: { slug: 'conflict', status: 409, title: 'Conflict with the current state' },
  payloadTooLarge: {
    slug: 'payload-too-large',
    status: 413,
    title: 'The request body is too large',
  },
  unsupportedMediaType: {
    slug: 'unsupported-media-type',
    status: 415,
    title: 'The request body must be application/json',
  },
  headersTooLarge: {
    slug: 'headers-too-large',
    status: 431,
    title: 'The request line or headers are too large',
  },
  requestTimeout: { slug: 'request-timeout', status: 408, title: 'The request took too long' },
  unprocessable: { slug: 'unprocessable', status: 422, title: 'The request cannot be carried out' },
  webhookTargetRefused: {
    slug: 'webhook-target-refused',
    status: 422,
    title: 'Webhooks may not be sent to this URL',
  },
  rateLimited: { slug: 'rate-limited', status: 429, title: 'Too many requests' },
  internalError: { slug: 'internal-error', status: 500, title: 'Internal error' },
  notReady: { slug: 'not-ready', status: 503, title: 'The service is not ready' },
} as const;

export type ProblemTypeKey = keyof typeof PROBLEM_TYPES;

/** Relative URI, resolved against the API's base URL; `GET /problems/{slug}` describes it. */
export function problemTypeUri(key: ProblemTypeKey): string {
  return `/problems/${PROBLEM_TYPES[key].slug}`;
}

export interface ProblemFieldError {
  /** JSON Pointer (RFC 6901) into the request body or `/query/<name>` for query parameters. */
  pointer: string;
  detail: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Correlates the response with the server's log lines. */
  requestId?: string;
  errors?: ProblemFieldError[];
}
