import type { OperationName } from '../http/operations';
import { Random, deriveSeed } from '../seed/prng';
import type { FaultRuleInput } from './fault-rule';

export interface FaultRuleView extends FaultRuleInput {
  id: string;
  /** Matching requests seen (whether or not the rule fired). */
  matched: number;
  fired: number;
  /** Firings left; null = unlimited. */
  remaining: number | null;
  active: boolean;
  createdAt: string;
}

interface FaultRule {
  view: FaultRuleView;
  random: Random;
}

export interface FaultDecision {
  latencyMs: number;
  /** The fault that answers instead of the simulation (first matching non-latency rule). */
  answer?: FaultRuleView;
}

/**
 * Fault rules, evaluated in creation order for each Management API request. Deterministic:
 * probabilities come from a per-rule seeded PRNG, counts and skips are exact.
 */
export class FaultRegistry {
  private rules: FaultRule[] = [];
  private sequence = 0;

  constructor(private readonly seed: number) {}

  add(input: FaultRuleInput, now: Date): FaultRuleView {
    this.sequence += 1;
    const view: FaultRuleView = {
      ...input,
      id: `fault-${this.sequence}`,
      matched: 0,
      fired: 0,
      remaining: input.count ?? null,
      active: true,
      createdAt: now.toISOString(),
    };
    const random = new Random(input.seed ?? deriveSeed(this.seed, this.sequence));
    this.rules.push({ view, random });
    return view;
  }

  list(): FaultRuleView[] {
    return this.rules.map((r) => ({ ...r.view }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.view.id !== id);
    return this.rules.length !== before;
  }

  /** Removes all rules, or only those scoped to one customer. */
  clear(customerId?: string): number {
    const before = this.rules.length;
    this.rules =
      customerId === undefined ? [] : this.rules.filter((r) => r.view.customerId !== customerId);
    return before - this.rules.length;
  }

  decide(customerId: string | undefined, operation: OperationName | undefined): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const { view, random } of this.rules) {
      if (!view.active) continue;
      if (view.customerId !== undefined && view.customerId !== customerId) continue;
      if (view.operation !== undefined && view.operation !== operation) continue;
      const isLatency = view.kind === 'latency';
      if (!isLatency && decision.answer) continue; // one answer per request
      view.matched += 1;
      if (view.matched <= (view.skip ?? 0)) continue;
      if (view.probability !== undefined && !(random.float() < view.probability)) continue;
      view.fired += 1;
      if (view.remaining !== null) {
        view.remaining -= 1;
        if (view.remaining <= 0) view.active = false;
      }
      if (isLatency) decision.latencyMs += view.latencyMs ?? 0;
      else decision.answer = { ...view };
    }
    return decision;
  }
}
