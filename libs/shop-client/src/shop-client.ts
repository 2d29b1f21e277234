import type { paths, ProblemDetails } from '@platform/api-types';

/** The capability document (schema version 1), as the OpenAPI contract describes it. */
export type CapabilityDocument =
  paths['/shop/capabilities']['get']['responses'][200]['content']['application/json'];

/** The document's `schemaVersion` this client understands. */
export const SUPPORTED_SCHEMA_VERSION = 1;

export interface ShopClientOptions {
  /** The platform's base URL, e.g. `https://accounts.example.com` (no trailing path). */
  baseUrl: string;
  /** The shop token (`sap_shop_…`). A secret: use the client on your server, never in a browser. */
  token: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; for tests. */
  now?: () => number;
}

export interface ShopClient {
  /**
   * The shop's capability document. Served from memory while fresh (`max-age`), returned at
   * once and revalidated in the background while `stale-while-revalidate` allows, otherwise
   * revalidated with `If-None-Match` (a 304 returns the held copy). On a 429 the held copy
   * is returned and the server is left alone until `Retry-After` has passed.
   */
  getCapabilities(): Promise<CapabilityDocument>;
  /** The ETag of the held document, if any. */
  readonly etag: string | undefined;
}

/** The API answered with an error; `problem` is its RFC 9457 body when it sent one. */
export class ShopApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | undefined,
    /** Seconds to wait before asking again (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(problem?.detail ?? problem?.title ?? `The platform answered HTTP ${status}`);
    this.name = 'ShopApiError';
  }
}

interface Held {
  etag: string;
  document: CapabilityDocument;
  freshUntil: number;
  staleUntil: number;
}

export function createShopClient(options: ShopClientOptions): ShopClient {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/shop/capabilities`;
  let held: Held | undefined;
  let inFlight: Promise<CapabilityDocument> | undefined;
  let rateLimited: { until: number; error: ShopApiError } | undefined;

  // One request at a time: concurrent page renders share it.
  const revalidate = (): Promise<CapabilityDocument> => {
    inFlight ??= request().finally(() => (inFlight = undefined));
    return inFlight;
  };

  async function request(): Promise<CapabilityDocument> {
    if (rateLimited && now() < rateLimited.until) {
      if (held) return held.document;
      throw rateLimited.error;
    }
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.token}`,
      Accept: 'application/json',
    };
    if (held) headers['If-None-Match'] = held.etag;
    const response = await fetchImpl(url, { headers });
    const lifetime = cacheLifetime(response.headers.get('cache-control'), now());
    if (response.status === 304 && held) {
      held = { ...held, ...lifetime };
      return held.document;
    }
    if (response.status === 200) {
      const body = (await response.json()) as { schemaVersion?: unknown };
      // A new schema version is a breaking change: better to fail than to misread it.
      if (body.schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
        throw new Error(
          `Capability document schemaVersion ${String(body.schemaVersion)} is not supported (this client reads ${SUPPORTED_SCHEMA_VERSION}).`,
        );
      }
      const document = body as CapabilityDocument;
      const etag = response.headers.get('etag');
      held = etag ? { etag, document, ...lifetime } : undefined;
      return document;
    }
    const error = new ShopApiError(
      response.status,
      await problemOf(response),
      retryAfterSeconds(response.headers.get('retry-after'), now()),
    );
    if (response.status === 429) {
      rateLimited = { until: now() + (error.retryAfterSeconds ?? 1) * 1000, error };
      if (held) return held.document;
    }
    throw error;
  }

  return {
    get etag() {
      return held?.etag;
    },
    getCapabilities(): Promise<CapabilityDocument> {
      const at = now();
      if (held && at < held.freshUntil) return Promise.resolve(held.document);
      if (held && at < held.staleUntil) {
        // Stale but usable: answer now, refresh behind (a failure leaves the held copy).
        revalidate().catch(() => undefined);
        return Promise.resolve(held.document);
      }
      return revalidate();
    },
  };
}

/** `max-age` and `stale-while-revalidate` of a Cache-Control header, as absolute times. */
function cacheLifetime(
  header: string | null,
  at: number,
): { freshUntil: number; staleUntil: number } {
  const seconds = (name: string) => {
    const match = new RegExp(`(?:^|,)\\s*${name}=(\\d+)`, 'i').exec(header ?? '');
    return match ? Number(match[1]) : 0;
  };
  const noCache = /(?:^|,)\s*(no-cache|no-store)\b/i.test(header ?? '');
  const fresh = noCache ? 0 : seconds('max-age') * 1000;
  return {
    freshUntil: at + fresh,
    staleUntil: at + fresh + seconds('stale-while-revalidate') * 1000,
  };
}

/** Retry-After as seconds: delta-seconds or an HTTP date. */
function retryAfterSeconds(header: string | null, at: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - at) / 1000));
}

async function problemOf(response: Response): Promise<ProblemDetails | undefined> {
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return undefined;
  try {
    return (await response.json()) as ProblemDetails;
  } catch {
    return undefined;
  }
}
