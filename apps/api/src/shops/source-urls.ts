import type { ProblemFieldError } from '@platform/problem-details';

/**
 * The Saferpay reference gives no upper bound for `SourceUrls`; a Fields token
 * is meant for one shop (its pages on a few hosts: www, apex, a checkout
 * subdomain). Ten keeps requests and the Backoffice listing small and is well
 * above what a single shop needs; more is a sign of one token shared by shops.
 */
export const MAX_SOURCE_URLS = 10;
const MAX_URL_LENGTH = 2048;

export interface NormalizedSourceUrls {
  urls: string[];
  errors: ProblemFieldError[];
  /** Human-readable changes made while normalizing (e.g. a trailing slash added). */
  notices: string[];
}

/**
 * Checks and normalizes the URLs of the pages that embed Saferpay Fields:
 * absolute `https://` only, no user info, no fragment; the host lower-cased
 * (WHATWG URL parsing), a trailing slash added when the path is empty (Saferpay
 * recommends it), duplicates after normalization removed. Errors point at the
 * offending entry, e.g. `/sourceUrls/2`.
 */
export function normalizeSourceUrls(
  input: readonly string[],
  pointer = '/sourceUrls',
): NormalizedSourceUrls {
  const errors: ProblemFieldError[] = [];
  const notices: string[] = [];
  const urls: string[] = [];
  if (input.length === 0) errors.push({ pointer, detail: 'at least one URL is required' });
  if (input.length > MAX_SOURCE_URLS) {
    errors.push({ pointer, detail: `at most ${MAX_SOURCE_URLS} URLs are allowed` });
  }
  input.forEach((raw, index) => {
    const at = `${pointer}/${index}`;
    const fail = (detail: string) => errors.push({ pointer: at, detail });
    if (typeof raw !== 'string' || raw.trim() === '') return fail('must be a non-empty string');
    if (raw.length > MAX_URL_LENGTH) return fail(`must be at most ${MAX_URL_LENGTH} characters`);
    const text = raw.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail('must be an absolute URL');
    }
    if (url.protocol !== 'https:') return fail('must use https (Saferpay allows only HTTPS)');
    if (url.username || url.password) return fail('must not contain user info');
    if (text.includes('#')) return fail('must not contain a fragment');
    if (!url.hostname) return fail('must have a host');
    let normalized = url.toString();
    if (!/^https:\/\/[^/]+\//i.test(text)) {
      notices.push(`sourceUrls[${index}]: a trailing slash was added (${normalized}).`);
    } else if (normalized !== text) {
      notices.push(`sourceUrls[${index}]: normalized to ${normalized}.`);
    }
    if (urls.includes(normalized)) {
      notices.push(`sourceUrls[${index}]: duplicate of an earlier URL, removed.`);
      return;
    }
    normalized = normalized.slice(0, MAX_URL_LENGTH);
    urls.push(normalized);
  });
  return { urls, errors, notices };
}
