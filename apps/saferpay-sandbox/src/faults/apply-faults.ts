import type { NextFunction, Request, Response } from 'express';
import { SaferpayError, authenticationFailed } from '../errors/saferpay-error';
import { sleep } from '../http/abortable-sleep';
import { sendFirewallPage } from '../http/bare-responses';
import { contextOf } from '../http/request-context';
import type { SandboxRuntime } from '../runtime';

/** Runs before authentication, like trouble in the network or Saferpay's front end would. */
export function applyFaults(runtime: SandboxRuntime) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const context = contextOf(req);
    const decision = runtime.faults.decide(context.customerId, context.operation);
    if (decision.latencyMs > 0) {
      context.fault = 'latency';
      const slept = await sleep(decision.latencyMs, runtime.shutdown);
      if (!slept || res.destroyed) return;
    }
    const rule = decision.answer;
    if (!rule) {
      next();
      return;
    }
    context.fault = rule.kind;
    switch (rule.kind) {
      case 'latency':
        next();
        return;
      case 'error':
        throw new SaferpayError(
          rule.status ?? 500,
          rule.behavior ?? 'RETRY',
          rule.errorName ?? 'INTERNAL_ERROR',
          rule.errorMessage ?? 'Internal error',
          rule.errorDetail,
        );
      case 'unauthorized':
        throw authenticationFailed();
      case 'html':
        sendFirewallPage(res, rule.status ?? 403, `${rule.id}-${Date.now()}`);
        return;
      case 'hang':
        // Never answer. The client times out, or close() destroys the connection.
        return;
      case 'reset':
        req.socket.destroy();
        return;
    }
  };
}
