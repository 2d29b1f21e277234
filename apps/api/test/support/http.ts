import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@platform/problem-details';

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A fetch that returns the parsed JSON body alongside status and headers. */
export async function call<T = unknown>(
  baseUrl: string,
  path: string,
  init: RequestInit & { key?: string; json?: unknown } = {},
): Promise<JsonResponse<T>> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const response = await fetch(`${baseUrl}${path}`, { ...init, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Asserts the documented problem+json shape and returns the problem. */
export function expectProblem(
  response: JsonResponse,
  status: number,
  type?: string,
): ProblemDetails {
  expect({ status: response.status, contentType: response.headers.get('content-type') }).toEqual({
    status,
    contentType: expect.stringContaining(PROBLEM_CONTENT_TYPE),
  });
  const problem = response.body as ProblemDetails;
  expect(problem).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^\/problems\/[a-z-]+$/),
      title: expect.any(String),
      status,
      requestId: expect.any(String),
    }),
  );
  expect(problem.requestId).toEqual(response.headers.get('x-request-id'));
  if (type) expect(problem.type).toBe(`/problems/${type}`);
  return problem;
}
