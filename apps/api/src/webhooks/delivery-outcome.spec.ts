import { attemptError, deliveryOutcome, summarizeFailures } from './delivery-outcome';

const schedule = [100, 200];
const answer = (statusCode: number | null, error: string | null = null) => ({ statusCode, error });

describe('delivery outcome', () => {
  it.each([200, 201, 204, 299])('%s succeeds', (status) => {
    expect(deliveryOutcome(answer(status), 1, schedule)).toEqual({ kind: 'succeeded' });
  });

  it('410 is final even with retries left', () => {
    expect(deliveryOutcome(answer(410), 1, schedule)).toEqual({ kind: 'gone' });
  });

  it.each([
    [answer(500), 'HTTP 500'],
    [answer(404), 'HTTP 404'],
    [answer(302), 'HTTP 302 (redirects are not followed)'],
    [answer(null, 'timed out after 100 ms'), 'timed out after 100 ms'],
    [
      answer(null, 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'),
      'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
    ],
  ])('retries %p by the schedule, then is exhausted', (response, error) => {
    expect(deliveryOutcome(response, 1, schedule, () => 0.5)).toEqual({
      kind: 'retry',
      delayMs: 100,
      error,
    });
    expect(deliveryOutcome(response, 2, schedule, () => 0.5)).toEqual({
      kind: 'retry',
      delayMs: 200,
      error,
    });
    expect(deliveryOutcome(response, 3, schedule)).toEqual({ kind: 'exhausted', error });
    expect(attemptError(response)).toBe(error);
  });

  it('with an empty schedule the first failure is final', () => {
    expect(deliveryOutcome(answer(503), 1, [])).toMatchObject({ kind: 'exhausted' });
  });

  it('summarizes failures by status code or error code', () => {
    expect(
      summarizeFailures([
        answer(503),
        answer(503),
        answer(null, 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'),
        answer(302),
      ]),
    ).toBe('HTTP 503 ×2, ECONNREFUSED ×1, HTTP 302 ×1');
  });
});
