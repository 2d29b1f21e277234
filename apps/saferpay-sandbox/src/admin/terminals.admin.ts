import { Router, type Request, type Response } from 'express';
import type { SandboxRuntime } from '../runtime';
import { logoUrl } from '../seed/catalog';
import { parsePaymentMethod, parseTerminal, parseWallet } from '../seed/fixture';
import { uniqueTerminalId } from '../seed/generate-terminals';
import { Random } from '../seed/prng';
import { TERMINAL_TYPES, type TerminalConfig } from '../state/model';
import { requireAccount } from './accounts.admin';
import { badRequest, bodyOf, conflict, notFound, routeParam } from './admin-error';

/**
 * The terminal entries a change applies to: all entries with the id, or only the one of
 * `?type=` (one TerminalId can be listed as MPO and SPG).
 */
function selectTerminals(runtime: SandboxRuntime, req: Request): TerminalConfig[] {
  const account = requireAccount(runtime, req);
  const terminalId = routeParam(req, 'terminalId');
  const rawType: unknown = req.query.type;
  const type = typeof rawType === 'string' ? rawType : undefined;
  if (
    rawType !== undefined &&
    (type === undefined || !(TERMINAL_TYPES as readonly string[]).includes(type))
  ) {
    throw badRequest(`type must be one of ${TERMINAL_TYPES.join(', ')}`);
  }
  const entries = account.terminals.filter(
    (t) => t.terminalId === terminalId && (type === undefined || t.type === type),
  );
  if (entries.length === 0)
    throw notFound(`terminal ${terminalId}${type === undefined ? '' : ` (${type})`}`);
  return entries;
}

function currencyOf(body: Record<string, unknown>): string {
  const { currency } = body;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    throw badRequest('currency must be an ISO 4217 code');
  return currency;
}

/** Terminals, their payment methods, currencies and wallets. */
export function terminalsAdminRouter(runtime: SandboxRuntime): Router {
  const router = Router();
  const base = '/accounts/:customerId/terminals/:terminalId';

  router.post('/accounts/:customerId/terminals', (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const body = bodyOf(req);
    const used = new Set(
      runtime.state.accounts().flatMap((a) => a.terminals.map((t) => t.terminalId)),
    );
    const terminalId = body.terminalId ?? uniqueTerminalId(new Random(Date.now() >>> 0), used);
    const terminal = parseTerminal({ ...body, terminalId }, '$');
    if (
      account.terminals.some(
        (t) => t.terminalId === terminal.terminalId && t.type === terminal.type,
      )
    ) {
      throw conflict(`terminal ${terminal.terminalId} (${terminal.type}) already exists`);
    }
    account.terminals.push(terminal);
    res.status(201).json(terminal);
  });

  router.delete(base, (req: Request, res: Response) => {
    const account = requireAccount(runtime, req);
    const doomed = new Set(selectTerminals(runtime, req));
    account.terminals = account.terminals.filter((t) => !doomed.has(t));
    res.status(204).end();
  });

  router.post(`${base}/payment-methods`, (req: Request, res: Response) => {
    const method = parsePaymentMethod(bodyOf(req), '$');
    const terminals = selectTerminals(runtime, req);
    for (const terminal of terminals) {
      terminal.paymentMethods = [
        ...terminal.paymentMethods.filter((m) => m.paymentMethod !== method.paymentMethod),
        { ...method, currencies: [...method.currencies] },
      ];
    }
    res.status(201).json(terminals);
  });

  router.delete(`${base}/payment-methods/:paymentMethod`, (req: Request, res: Response) => {
    const code = routeParam(req, 'paymentMethod');
    const terminals = selectTerminals(runtime, req);
    if (!terminals.some((t) => t.paymentMethods.some((m) => m.paymentMethod === code)))
      throw notFound(`payment method ${code}`);
    for (const terminal of terminals)
      terminal.paymentMethods = terminal.paymentMethods.filter((m) => m.paymentMethod !== code);
    res.json(terminals);
  });

  router.post(
    `${base}/payment-methods/:paymentMethod/currencies`,
    (req: Request, res: Response) => {
      const code = routeParam(req, 'paymentMethod');
      const currency = currencyOf(bodyOf(req));
      const terminals = selectTerminals(runtime, req);
      const methods = terminals.flatMap((t) =>
        t.paymentMethods.filter((m) => m.paymentMethod === code),
      );
      if (methods.length === 0) throw notFound(`payment method ${code}`);
      for (const method of methods)
        if (!method.currencies.includes(currency)) method.currencies.push(currency);
      res.status(201).json(terminals);
    },
  );

  router.delete(
    `${base}/payment-methods/:paymentMethod/currencies/:currency`,
    (req: Request, res: Response) => {
      const code = routeParam(req, 'paymentMethod');
      const currency = routeParam(req, 'currency');
      const terminals = selectTerminals(runtime, req);
      const methods = terminals.flatMap((t) =>
        t.paymentMethods.filter((m) => m.paymentMethod === code),
      );
      if (!methods.some((m) => m.currencies.includes(currency)))
        throw notFound(`currency ${currency} of ${code}`);
      for (const method of methods)
        method.currencies = method.currencies.filter((c) => c !== currency);
      res.json(terminals);
    },
  );

  router.post(`${base}/wallets`, (req: Request, res: Response) => {
    const wallet = parseWallet(bodyOf(req), '$');
    const terminals = selectTerminals(runtime, req);
    for (const terminal of terminals) {
      terminal.wallets = [
        ...terminal.wallets.filter((w) => w.walletName !== wallet.walletName),
        { ...wallet, logoUrl: wallet.logoUrl || logoUrl(wallet.walletName) },
      ];
    }
    res.status(201).json(terminals);
  });

  router.delete(`${base}/wallets/:walletName`, (req: Request, res: Response) => {
    const name = routeParam(req, 'walletName');
    const terminals = selectTerminals(runtime, req);
    if (!terminals.some((t) => t.wallets.some((w) => w.walletName === name)))
      throw notFound(`wallet ${name}`);
    for (const terminal of terminals)
      terminal.wallets = terminal.wallets.filter((w) => w.walletName !== name);
    res.json(terminals);
  });

  return router;
}
