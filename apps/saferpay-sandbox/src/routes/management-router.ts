import { Router, type NextFunction, type Request, type Response } from 'express';
import { applyFaults } from '../faults/apply-faults';
import { authenticate } from '../http/authenticate';
import { sendMethodNotAllowed, sendNotFound } from '../http/bare-responses';
import { contextOf } from '../http/request-context';
import { checkSaferpayHeaders, readJsonBody, requireJsonAccept } from '../http/transport';
import type { SandboxRuntime } from '../runtime';
import { fieldsAccessTokenOperations } from './fields-access-tokens.routes';
import { licenseOperations } from './license.routes';
import type { OperationDefinition } from './operation';
import { paymentPageOperations } from './payment-page.routes';
import { spgOfferOperations } from './spg-offers.routes';
import { terminalOperations } from './terminals.routes';
import { transactionOperations } from './transactions.routes';

export const MANAGEMENT_OPERATIONS: readonly OperationDefinition[] = [
  ...licenseOperations,
  ...paymentPageOperations,
  ...terminalOperations,
  ...fieldsAccessTokenOperations,
  ...spgOfferOperations,
  ...transactionOperations,
];

const BASE = '/api/rest/customers/:customerId';

function tagOperation(definition: OperationDefinition) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const context = contextOf(req);
    context.operation = definition.operation;
    const customerId: unknown = req.params.customerId;
    context.customerId = typeof customerId === 'string' ? customerId : undefined;
    next();
  };
}

function execute(runtime: SandboxRuntime, definition: OperationDefinition) {
  return async (req: Request, res: Response): Promise<void> => {
    const context = contextOf(req);
    if (!context.account) throw new Error('operation reached without an authenticated account');
    const result = await definition.handle({
      req,
      runtime,
      account: context.account,
      params: req.params as Record<string, string>,
      query: new URL(req.originalUrl, 'http://sandbox.invalid').searchParams,
      body: context.body,
      now: runtime.clock.now(),
    });
    if (res.destroyed) return;
    switch (result.kind) {
      case 'json':
        res.status(200).json(result.body);
        return;
      case 'empty':
        res.status(200).end();
        return;
      case 'not-found':
        sendNotFound(res);
        return;
    }
  };
}

/**
 * The Management API under /api/rest/customers/:customerId. Order of checks per request:
 * faults, Accept (406), Basic auth (401) and customer (403), Saferpay headers (400),
 * Content-Type (415) and JSON body (400), then the operation's own validation.
 */
export function managementRouter(runtime: SandboxRuntime): Router {
  const router = Router({ caseSensitive: false, strict: false });
  const methodsByPath = new Map<string, string[]>();
  for (const definition of MANAGEMENT_OPERATIONS) {
    const path = `${BASE}${definition.path}`;
    router[definition.method](
      path,
      tagOperation(definition),
      applyFaults(runtime),
      requireJsonAccept,
      authenticate(runtime),
      checkSaferpayHeaders(runtime, definition.minApiVersion),
      readJsonBody(runtime, definition.body === true),
      execute(runtime, definition),
    );
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), definition.method.toUpperCase()]);
  }
  for (const [path, methods] of methodsByPath) {
    router.all(path, (_req: Request, res: Response) => sendMethodNotAllowed(res, methods));
  }
  router.use('/api', (_req: Request, res: Response) => sendNotFound(res));
  return router;
}
