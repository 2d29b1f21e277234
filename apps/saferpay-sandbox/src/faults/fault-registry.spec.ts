import { FaultRegistry } from './fault-registry';
import { parseFaultRule } from './fault-rule';

const now = new Date('2025-09-10T10:00:00Z');

describe('FaultRegistry', () => {
  it('fires count-limited rules exactly N times after skipping', () => {
    const registry = new FaultRegistry(1);
    registry.add(parseFaultRule({ kind: 'error', count: 2, skip: 1 }), now);
    const fired = Array.from(
      { length: 5 },
      () => registry.decide('123456', 'GetTerminals').answer !== undefined,
    );
    expect(fired).toEqual([false, true, true, false, false]);
    expect(registry.list()[0]).toMatchObject({ matched: 3, fired: 2, remaining: 0, active: false });
  });

  it('adds latencies and gives at most one answer per request', () => {
    const registry = new FaultRegistry(1);
    registry.add(parseFaultRule({ kind: 'latency', latencyMs: 100 }), now);
    registry.add(parseFaultRule({ kind: 'html' }), now);
    registry.add(parseFaultRule({ kind: 'latency', latencyMs: 50, customerId: '123456' }), now);
    registry.add(parseFaultRule({ kind: 'error' }), now);
    const decision = registry.decide('123456', 'GetLicense');
    expect(decision.latencyMs).toBe(150);
    expect(decision.answer?.kind).toBe('html');
    expect(registry.decide('999999', 'GetLicense').latencyMs).toBe(100);
  });

  it('draws probabilities from a seeded PRNG', () => {
    const draws = (seed: number) => {
      const registry = new FaultRegistry(seed);
      registry.add(parseFaultRule({ kind: 'error', probability: 0.3 }), now);
      return Array.from(
        { length: 50 },
        () => registry.decide(undefined, undefined).answer !== undefined,
      );
    };
    expect(draws(5)).toEqual(draws(5));
    expect(draws(5)).not.toEqual(draws(6));
    const hits = draws(5).filter(Boolean).length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(30);
  });

  it('clears per customer or all', () => {
    const registry = new FaultRegistry(1);
    registry.add(parseFaultRule({ kind: 'error', customerId: 'a' }), now);
    registry.add(parseFaultRule({ kind: 'error' }), now);
    expect(registry.clear('a')).toBe(1);
    expect(registry.clear()).toBe(1);
  });
});
