import express, { Router, type Request, type Response } from 'express';
import type { SandboxRuntime } from '../runtime';
import { accountsAdminRouter } from './accounts.admin';
import { adminErrorHandler, badRequest, bodyOf } from './admin-error';
import { faultsAdminRouter } from './faults.admin';
import { offersAdminRouter } from './offers.admin';
import { requestsAdminRouter } from './requests.admin';
import { terminalsAdminRouter } from './terminals.admin';

function optionalNonNegativeInteger(
  body: Record<string, unknown>,
  key: string,
): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw badRequest(`${key} must be a non-negative integer`);
  }
  return value;
}

/** Sandbox-only API under /__admin: JSON, no Saferpay authentication. */
export function adminRouter(runtime: SandboxRuntime, startedAt: Date): Router {
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/health', (_req: Request, res: Response) => {
    res.json({
      status: 'ok',
      accounts: runtime.state.accounts().length,
      specVersion: runtime.config.latestSpecVersion,
      now: runtime.clock.now().toISOString(),
      startedAt: startedAt.toISOString(),
    });
  });

  router.post('/reset', (req: Request, res: Response) => {
    const body = bodyOf(req);
    const accounts = runtime.reseed({
      seed: optionalNonNegativeInteger(body, 'seed'),
      accounts: optionalNonNegativeInteger(body, 'accounts'),
      fixture: body.fixture,
    });
    res.json({ accounts });
  });

  router.get('/clock', (_req: Request, res: Response) => {
    res.json({
      now: runtime.clock.now().toISOString(),
      offsetMs: runtime.clock.offsetMilliseconds,
    });
  });

  router.put('/clock', (req: Request, res: Response) => {
    const body = bodyOf(req);
    if (typeof body.now === 'string') {
      const instant = new Date(body.now);
      if (Number.isNaN(instant.getTime())) throw badRequest('now must be an ISO 8601 date-time');
      runtime.clock.setNow(instant);
    } else if (typeof body.advanceMs === 'number' && Number.isFinite(body.advanceMs)) {
      runtime.clock.advance(body.advanceMs);
    } else {
      throw badRequest('give { "now": "<ISO 8601>" } or { "advanceMs": <number> }');
    }
    res.json({
      now: runtime.clock.now().toISOString(),
      offsetMs: runtime.clock.offsetMilliseconds,
    });
  });

  router.delete('/clock', (_req: Request, res: Response) => {
    runtime.clock.reset();
    res.json({ now: runtime.clock.now().toISOString(), offsetMs: 0 });
  });

  router.use(accountsAdminRouter(runtime));
  router.use(terminalsAdminRouter(runtime));
  router.use(offersAdminRouter(runtime));
  router.use(faultsAdminRouter(runtime));
  router.use(requestsAdminRouter(runtime));
  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'unknown admin endpoint' });
  });
  router.use(adminErrorHandler);
  return router;
}
