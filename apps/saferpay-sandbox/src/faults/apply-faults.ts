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
      case 'late-response':
        withholdResponse(res, rule.latencyMs, runtime.shutdown);
        next();
        return;
    }
  };
}

/**
 * Lets the request be processed (and its state changes happen), but holds the finished
 * response back for `ms` (undefined = until the client disconnects or the sandbox closes).
 * A client that disconnects meanwhile never gets it (the request log shows it aborted).
 */
function withholdResponse(res: Response, ms: number | undefined, shutdown: AbortSignal): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    if (ms === undefined) return res;
    // Stop waiting as soon as the client is gone or the sandbox closes.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    void sleep(ms, AbortSignal.any([shutdown, gone.signal])).then((slept) => {
      if (slept && !res.destroyed) end(...args);
    });
    return res;
  }) as Response['end'];
}
