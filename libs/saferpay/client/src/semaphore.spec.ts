import { KeyedSemaphore, Semaphore } from './semaphore';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('Semaphore', () => {
  it('grants up to the limit and queues the rest in FIFO order', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const first = await semaphore.acquire();
    const second = await semaphore.acquire();
    const third = semaphore.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = semaphore.acquire().then((release) => {
      order.push(4);
      return release;
    });
    expect(semaphore.inUse).toBe(2);
    expect(semaphore.waiting).toBe(2);
    first();
    first(); // a second call must not free another permit
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(semaphore.inUse).toBe(0);
  });

  it('removes an aborted waiter from the queue', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    expect(semaphore.waiting).toBe(0);
    release();
    expect(semaphore.inUse).toBe(0);
  });

  it('rejects limits below 1', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('KeyedSemaphore', () => {
  it('serializes per key, runs keys in parallel, and forgets idle keys', async () => {
    const lanes = new KeyedSemaphore(1);
    const gate = deferred();
    const events: string[] = [];
    const a1 = lanes.run('a', async () => {
      events.push('a1 start');
      await gate.promise;
      events.push('a1 end');
    });
    const a2 = lanes.run('a', () => {
      events.push('a2 start');
      return Promise.resolve();
    });
    const b1 = lanes.run('b', () => {
      events.push('b1 start');
      return Promise.resolve();
    });
    await b1;
    expect(events).toEqual(['a1 start', 'b1 start']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(events).toEqual(['a1 start', 'b1 start', 'a1 end', 'a2 start']);
    expect(lanes.activeKeys).toBe(0);
  });
});
