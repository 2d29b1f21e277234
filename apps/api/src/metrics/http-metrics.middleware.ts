import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics.service';

/** The route label of requests no route matched (404s, static wizard files). */
export const UNMATCHED_ROUTE = '(unmatched)';
const CATCH_ALL = /^\/?(\*|\{\*\w+\})$/;

/**
 * Observes each request's latency when its response is finished, labelled with
 * the matched route's TEMPLATE (`/franchises/:id`), never the raw path: ids in
 * paths would make a series per tenant and account.
 */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const routePath: unknown = (req.route as { path?: unknown } | undefined)?.path;
      // Nest answers unknown paths from a catch-all route (`/{*path}`): that is "unmatched" too.
      const route =
        typeof routePath === 'string' && !CATCH_ALL.test(routePath)
          ? `${req.baseUrl}${routePath}`
          : UNMATCHED_ROUTE;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequest(req.method, route, res.statusCode, seconds);
    });
    next();
  };
}
