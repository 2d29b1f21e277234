/** Where the sandbox reads "now" from: SPG expiry, report EndDate checks, seeded history. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

/**
 * The clock the sandbox uses: a base clock (system or injected) plus an offset that the admin
 * API can move (`PUT /__admin/clock`), so demos can expire offers without waiting.
 */
export class SandboxClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  get offsetMilliseconds(): number {
    return this.offsetMs;
  }

  setNow(instant: Date): void {
    this.offsetMs = instant.getTime() - this.base.now().getTime();
  }

  advance(milliseconds: number): void {
    this.offsetMs += milliseconds;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
