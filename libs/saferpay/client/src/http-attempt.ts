/** What one HTTP exchange produced, before any interpretation. */
export type AttemptResult =
  | { type: 'response'; status: number; contentType: string; text: string }
  | { type: 'timeout' }
  | { type: 'network'; code?: string }
  | { type: 'aborted' };

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * One fetch with its own timeout (headers and body) that also follows the caller's signal.
 * Never throws: every failure becomes an {@link AttemptResult}.
 */
export async function attemptHttp(
  request: HttpRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  if (signal?.aborted) return { type: 'aborted' };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      // Never follow a redirect with credentials attached; a redirect is an error here.
      redirect: 'manual',
    });
    // The timeout also covers reading the body: a server may send headers and then stall.
    const text = await response.text();
    return {
      type: 'response',
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
    };
  } catch (error) {
    if (timedOut) return { type: 'timeout' };
    if (signal?.aborted) return { type: 'aborted' };
    return { type: 'network', code: networkCode(error) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function networkCode(error: unknown): string | undefined {
  // undici wraps the system error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}
