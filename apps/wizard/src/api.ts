import createClient, { type Middleware } from 'openapi-fetch';
import type { paths, ProblemDetails } from '@platform/api-types';
import { currentCredential } from './session';

/** Adds the session's credential (invitation token or operator key) to every API call. */
const auth: Middleware = {
  onRequest({ request }) {
    const credential = currentCredential();
    if (credential) request.headers.set('Authorization', `Bearer ${credential}`);
    return request;
  },
};

export function createApi(baseUrl = window.location.origin) {
  const client = createClient<paths>({ baseUrl });
  client.use(auth);
  return client;
}

export type Api = ReturnType<typeof createApi>;

/** A problem+json answer of the API, or a network failure in the same shape. */
export class ApiError extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
  }

  /** Field errors by JSON pointer (`/password`, `/sourceUrls/0`, `/rows/2/customerId`). */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      errors[error.pointer] ??= error.detail;
    }
    return errors;
  }
}

/** The data of an openapi-fetch answer, or an {@link ApiError} with its problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const problem = result.error as Partial<ProblemDetails> | undefined;
    throw new ApiError({
      type: problem?.type ?? 'about:blank',
      title: problem?.title ?? result.response.statusText,
      status: problem?.status ?? result.response.status,
      ...(problem?.detail ? { detail: problem.detail } : {}),
      ...(problem?.errors ? { errors: problem.errors } : {}),
    });
  }
  return result.data;
}
