import { Router, type Request, type Response } from 'express';
import type { SandboxRuntime } from '../runtime';
import { licenseItem } from '../seed/catalog';
import { parseFixtureAccount, parsePaymentPageConfig } from '../seed/fixture';
import { generateTransactions, generateTransactionsInWindow } from '../seed/generate-transactions';
import { Random } from '../seed/prng';
import {
  AMOUNT_SHAPES,
  CONFIG_CASINGS,
  LICENSE_ENDPOINT_MODES,
  TRANSACTION_STATES,
  type Account,
  type LicenseItem,
} from '../state/model';
import { renderTransaction } from '../routes/render-transaction';
import { renderOffer } from '../routes/spg-offers.routes';
import { zurichMidnightDaysBefore } from '../time/saferpay-time';
import { accountDetail, accountSummary } from './account-views';
import { badRequest, bodyOf, conflict, notFound, routeParam } from './admin-error';

export function requireAccount(runtime: SandboxRuntime, req: Request): Account {
  const customerId = routeParam(req, 'customerId');
  const account = runtime.state.account(customerId);
  if (!account) throw notFound(`customer ${customerId}`);
  return account;
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw badRequest(`${key} must be a non-empty string`);
  return value;
}

function oneOf<T extends string>(
  body: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw badRequest(`${key} must be one of ${allowed.join(', ')}`);
}

function licenseEntry(value: unknown, what: string): LicenseItem {
  if (typeof value === 'string' && value.length > 0) return licenseItem(value);
  if (typeof value === 'object' && value !== null) {
    const { id, displayName } = value as Record<string, unknown>;
    if (typeof id === 'string' && id.length > 0) {
      return licenseItem(id, typeof displayName === 'string' ? displayName : undefined);
    }
  }
  throw badRequest(`${what} must be an id string or { "id", "displayName" }`);
}

/** Accounts: list, get, add, remove, patch, license, payment page configs, listings. */
export function accountsAdminRouter(runtime: SandboxRuntime): Router {
  const router = Router();
  const { state } = runtime;

  router.get('/accounts', (req: Request, res: Response) => {
    const valid = req.query.credentialsValid;
    const accounts = state
      .accounts()
      .filter((a) => valid === undefined || String(a.password === a.givenPassword) === valid);
    res.json({ accounts: accounts.map((a) => accountSummary(runtime, a)) });
  });

  router.get('/accounts/:customerId', (req: Request, res: Response) => {
    res.json(accountDetail(runtime, requireAccount(runtime, req)));
  });

  router.post('/accounts', (req: Request, res: Response) => {
    const { account, transactions } = parseFixtureAccount(bodyOf(req), '$');
    try {
      state.addAccount(account);
    } catch (error) {
      throw conflict((error as Error).message);
    }
    const random = new Random(Number(account.customerId));
    const ids = new Set<string>();
    for (const tx of generateTransactions(
      random,
      account,
      runtime.clock.now(),
      { count: transactions, historyDays: 60 },
      ids,
    )) {
      state.addTransaction(tx);
    }
    res.status(201).json(accountDetail(runtime, account));
  });

  router.delete('/accounts/:customerId', (req: Request, res: Response) => {
    if (!state.removeAccount(requireAccount(runtime, req).customerId)) throw notFound('customer');
    res.status(204).end();
  });

  router.patch('/accounts/:customerId', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const body = bodyOf(req);
    account.name = stringField(body, 'name') ?? account.name;
    account.password = stringField(body, 'password') ?? account.password;
    account.givenPassword = stringField(body, 'givenPassword') ?? account.givenPassword;
    account.licenseEndpoint =
      oneOf(body, 'licenseEndpoint', LICENSE_ENDPOINT_MODES) ?? account.licenseEndpoint;
    account.paymentPageConfigCasing =
      oneOf(body, 'paymentPageConfigCasing', CONFIG_CASINGS) ?? account.paymentPageConfigCasing;
    account.transactionAmountShape =
      oneOf(body, 'transactionAmountShape', AMOUNT_SHAPES) ?? account.transactionAmountShape;
    res.json(accountDetail(runtime, account));
  });

  router.put('/accounts/:customerId/license', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const body = bodyOf(req);
    if (body.package !== undefined) account.license.package = licenseEntry(body.package, 'package');
    if (body.features !== undefined) {
      if (!Array.isArray(body.features)) throw badRequest('features must be an array');
      account.license.features = body.features.map((f, i) => licenseEntry(f, `features[${i}]`));
    }
    res.json(account.license);
  });

  router.post('/accounts/:customerId/license/features', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const feature = licenseEntry(bodyOf(req), 'feature');
    account.license.features = [
      ...account.license.features.filter((f) => f.id !== feature.id),
      feature,
    ];
    res.status(201).json(account.license);
  });

  router.delete(
    '/accounts/:customerId/license/features/:featureId',
    (req: Request, res: Response) => {
      const account = requireAccount(runtime, req);
      const featureId = routeParam(req, 'featureId');
      const before = account.license.features.length;
      account.license.features = account.license.features.filter((f) => f.id !== featureId);
      if (account.license.features.length === before) throw notFound(`feature ${featureId}`);
      res.json(account.license);
    },
  );

  router.put('/accounts/:customerId/payment-page-configs', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const body: unknown = req.body;
    if (!Array.isArray(body))
      throw badRequest('body must be an array of { name, isDefault, description }');
    account.paymentPageConfigs = body.map((c, i) => parsePaymentPageConfig(c, `$[${i}]`));
    res.json(account.paymentPageConfigs);
  });

  router.get('/accounts/:customerId/fields-access-tokens', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    res.json({ tokens: state.tokensOf(account.customerId) });
  });

  router.get('/accounts/:customerId/spg-offers', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const now = runtime.clock.now();
    res.json({
      offers: state
        .offersOf(account.customerId)
        .map((o) => ({ ...renderOffer(o, now), TerminalId: o.terminalId })),
    });
  });

  // Report volumes on demand: exactly `count` transactions in [from, to) (default: yesterday,
  // Zurich), all in `state` when given. Deterministic per `seed` (default: the customer id).
  router.post('/accounts/:customerId/transactions', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const body = bodyOf(req);
    const count = body.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1_000_000) {
      throw badRequest('count must be an integer between 1 and 1000000');
    }
    const now = runtime.clock.now();
    const instant = (key: string, fallback: Date): Date => {
      const text = stringField(body, key);
      if (text === undefined) return fallback;
      const date = new Date(text);
      if (Number.isNaN(date.getTime())) throw badRequest(`${key} must be an ISO 8601 date-time`);
      return date;
    };
    const from = instant('from', zurichMidnightDaysBefore(now, 1));
    const to = instant('to', zurichMidnightDaysBefore(now, 0));
    if (from.getTime() >= to.getTime() || to.getTime() > now.getTime()) {
      throw badRequest('from must be before to, and to not after the sandbox clock');
    }
    const seed = body.seed === undefined ? Number(account.customerId) : body.seed;
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw badRequest('seed must be an integer');
    }
    const usedIds = new Set(state.transactions(account.customerId).map((t) => t.transactionId));
    const generated = generateTransactionsInWindow(
      new Random(seed),
      account,
      now,
      { count, from, to, state: oneOf(body, 'state', TRANSACTION_STATES) },
      usedIds,
    );
    for (const tx of generated) state.addTransaction(tx);
    res.status(201).json({
      added: generated.length,
      total: state.transactions(account.customerId).length,
      from: from.toISOString(),
      to: to.toISOString(),
    });
  });

  router.get('/accounts/:customerId/transactions', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const stateFilter = oneOf(req.query as Record<string, unknown>, 'state', TRANSACTION_STATES);
    const transactions = state
      .transactions(account.customerId)
      .filter((t) => stateFilter === undefined || t.state === stateFilter)
      .map((t) => ({ occurredAt: t.occurredAt.toISOString(), ...renderTransaction(t, 'object') }));
    res.json({ total: transactions.length, transactions });
  });

  return router;
}
