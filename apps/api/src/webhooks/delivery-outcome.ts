import { nextRetryDelayMs } from './retry-schedule';
import type { WebhookResponse } from './webhook-sender';

export type DeliveryOutcome =
  | { kind: 'succeeded' }
  /** 410: the receiver says the endpoint is gone for good. */
  | { kind: 'gone' }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'exhausted'; error: string };

/** Why an attempt failed, in a few words for `last_error`. */
export function attemptError(response: Pick<WebhookResponse, 'statusCode' | 'error'>): string {
  const { statusCode, error } = response;
  if (statusCode === null) return error ?? 'no answer';
  if (statusCode >= 300 && statusCode < 400)
    return `HTTP ${statusCode} (redirects are not followed)`;
  return `HTTP ${statusCode}`;
}

/** What follows an attempt: 2xx succeeds, 410 ends, anything else retries while the schedule lasts. */
export function deliveryOutcome(
  response: Pick<WebhookResponse, 'statusCode' | 'error'>,
  attemptsMade: number,
  schedule: readonly number[],
  random: () => number = Math.random,
): DeliveryOutcome {
  const { statusCode } = response;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { kind: 'succeeded' };
  if (statusCode === 410) return { kind: 'gone' };
  const error = attemptError(response);
  const delayMs = nextRetryDelayMs(schedule, attemptsMade, random);
  return delayMs === undefined ? { kind: 'exhausted', error } : { kind: 'retry', delayMs, error };
}

/** `HTTP 503 ×4, ECONNREFUSED ×2`: what the attempts of a failed delivery ran into. */
export function summarizeFailures(
  attempts: readonly Pick<WebhookResponse, 'statusCode' | 'error'>[],
): string {
  const counts = new Map<string, number>();
  for (const attempt of attempts) {
    const label =
      attempt.statusCode !== null
        ? `HTTP ${attempt.statusCode}`
        : (attempt.error ?? 'no answer').split(':')[0].slice(0, 60);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => `${label} ×${count}`).join(', ');
}
