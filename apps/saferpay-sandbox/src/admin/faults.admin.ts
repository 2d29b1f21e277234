import { Router, type Request, type Response } from 'express';
import { parseFaultRule } from '../faults/fault-rule';
import type { SandboxRuntime } from '../runtime';
import { bodyOf, notFound, routeParam } from './admin-error';

export function faultsAdminRouter(runtime: SandboxRuntime): Router {
  const router = Router();

  router.get('/faults', (_req: Request, res: Response) => {
    res.json({ faults: runtime.faults.list() });
  });

  router.post('/faults', (req: Request, res: Response) => {
    const rule = runtime.faults.add(parseFaultRule(bodyOf(req)), runtime.clock.now());
    res.status(201).json(rule);
  });

  router.delete('/faults', (req: Request, res: Response) => {
    const customerId = typeof req.query.customerId === 'string' ? req.query.customerId : undefined;
    res.json({ removed: runtime.faults.clear(customerId) });
  });

  router.delete('/faults/:faultId', (req: Request, res: Response) => {
    const id = routeParam(req, 'faultId');
    if (!runtime.faults.remove(id)) throw notFound(`fault ${id}`);
    res.status(204).end();
  });

  return router;
}
