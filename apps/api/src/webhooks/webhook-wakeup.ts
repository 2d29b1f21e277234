import { Injectable } from '@nestjs/common';

/**
 * Tells this process's dispatcher that deliveries are due now. A separate
 * provider so publishers need not depend on the dispatcher (which itself
 * publishes endpoint_disabled events).
 */
@Injectable()
export class WebhookWakeup {
  private readonly listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wake(): void {
    for (const listener of this.listeners) listener();
  }
}
