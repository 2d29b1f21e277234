import { Router, type Request, type Response } from 'express';
import type { SandboxRuntime } from '../runtime';
import { badRequest } from './admin-error';

function queryString(req: Request, key: string): string | undefined {
  const value = req.query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${key} must be given once`);
  return value;
}

export function requestsAdminRouter(runtime: SandboxRuntime): Router {
  const router = Router();

  router.get('/requests', (req: Request, res: Response) => {
    const status = queryString(req, 'status');
    if (status !== undefined && !/^\d{3}$/.test(status))
      throw badRequest('status must be an HTTP status code');
    const requests = runtime.requestLog.list({
      customerId: queryString(req, 'customerId'),
      operation: queryString(req, 'operation'),
      requestId: queryString(req, 'requestId'),
      method: queryString(req, 'method'),
      status: status === undefined ? undefined : Number(status),
    });
    res.json({ count: requests.length, requests });
  });

  router.delete('/requests', (_req: Request, res: Response) => {
    res.json({ removed: runtime.requestLog.clear() });
  });

  return router;
}
