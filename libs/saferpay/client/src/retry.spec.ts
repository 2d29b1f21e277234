import { backoffDelay, retryDecision, type AttemptFailure } from './retry';

describe('retryDecision', () => {
  it.each<[string, AttemptFailure, boolean]>([
    ['Behavior RETRY on 402', { kind: 'http', status: 402, behavior: 'RETRY' }, true],
    ['Behavior RETRY_LATER on 402', { kind: 'http', status: 402, behavior: 'RETRY_LATER' }, true],
    ['500 RETRY', { kind: 'http', status: 500, behavior: 'RETRY' }, true],
    ['502 without body', { kind: 'http', status: 502 }, true],
    ['503 without body', { kind: 'http', status: 503 }, true],
    ['timeout', { kind: 'timeout' }, true],
    ['connection failure', { kind: 'network' }, true],
    ['DO_NOT_RETRY on 402', { kind: 'http', status: 402, behavior: 'DO_NOT_RETRY' }, false],
    ['DO_NOT_RETRY on 500', { kind: 'http', status: 500, behavior: 'DO_NOT_RETRY' }, false],
    ['OTHER_MEANS on 402', { kind: 'http', status: 402, behavior: 'OTHER_MEANS' }, false],
    ['OTHER_MEANS on 503', { kind: 'http', status: 503, behavior: 'OTHER_MEANS' }, false],
    ['400 validation', { kind: 'http', status: 400, behavior: 'DO_NOT_RETRY' }, false],
    ['400 even with RETRY', { kind: 'http', status: 400, behavior: 'RETRY' }, false],
    ['401 even with RETRY', { kind: 'http', status: 401, behavior: 'RETRY' }, false],
    ['403 firewall page', { kind: 'http', status: 403 }, false],
    ['403 even with RETRY', { kind: 'http', status: 403, behavior: 'RETRY' }, false],
    ['404', { kind: 'http', status: 404 }, false],
    ['406', { kind: 'http', status: 406 }, false],
    ['402 without behavior', { kind: 'http', status: 402 }, false],
    ['caller abort', { kind: 'aborted' }, false],
    ['unreadable 2xx', { kind: 'invalid-response' }, false],
  ])('%s → retry %s', (_label, failure, retry) => {
    expect(retryDecision(failure).retry).toBe(retry);
  });
});

describe('backoffDelay (full jitter)', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('draws uniformly below the exponential cap', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(0);
    expect(backoffDelay(1, options, () => 0.5)).toBe(50);
    expect(backoffDelay(2, options, () => 0.5)).toBe(100);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
    expect(backoffDelay(3, options, () => 0.999)).toBe(399);
  });

  it('never exceeds maxDelayMs', () => {
    expect(backoffDelay(20, options, () => 0.999)).toBe(999);
    expect(backoffDelay(20, options, () => 5)).toBe(1_000);
  });
});
