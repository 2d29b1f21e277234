import { Router, type Request, type Response } from 'express';
import type { SandboxRuntime } from '../runtime';
import { renderOffer } from '../routes/spg-offers.routes';
import { renderTransaction } from '../routes/render-transaction';
import type { SpgOffer } from '../state/model';
import { offerStatusAt } from '../state/sandbox-state';
import { payBlocker, payOffer } from '../state/spg-payments';
import { badRequest, bodyOf, conflict, notFound, routeParam } from './admin-error';

function requireOffer(runtime: SandboxRuntime, req: Request): SpgOffer {
  const offerId = routeParam(req, 'offerId');
  const offer = runtime.state.offer(offerId);
  if (!offer) throw notFound(`offer ${offerId}`);
  return offer;
}

function view(runtime: SandboxRuntime, offer: SpgOffer) {
  return {
    ...renderOffer(offer, runtime.clock.now()),
    customerId: offer.customerId,
    terminalId: offer.terminalId,
    sessionStartedAt: offer.sessionStartedAt?.toISOString() ?? null,
    maxPaymentAttempts: offer.maxPaymentAttempts ?? null,
    configSet: offer.configSet ?? null,
    request: offer.request,
  };
}

/** Plays the payer: open the link, pay, or let the offer expire. */
export function offersAdminRouter(runtime: SandboxRuntime): Router {
  const router = Router();

  router.get('/spg-offers/:offerId', (req: Request, res: Response) => {
    res.json(view(runtime, requireOffer(runtime, req)));
  });

  router.post('/spg-offers/:offerId/open', (req: Request, res: Response) => {
    const offer = requireOffer(runtime, req);
    const now = runtime.clock.now();
    const status = offerStatusAt(offer, now);
    if (status !== 'OPEN') throw conflict(`the offer is ${status}; only OPEN links can be opened`);
    offer.sessionStartedAt ??= now;
    res.json(view(runtime, offer));
  });

  router.post('/spg-offers/:offerId/pay', (req: Request, res: Response) => {
    const offer = requireOffer(runtime, req);
    const body = bodyOf(req);
    if (body.paymentMethod !== undefined && typeof body.paymentMethod !== 'string') {
      throw badRequest('paymentMethod must be a string');
    }
    const now = runtime.clock.now();
    const blocker = payBlocker(offer, now);
    if (blocker) throw conflict(`cannot pay: ${blocker}`);
    const account = runtime.state.account(offer.customerId);
    if (!account) throw notFound(`customer ${offer.customerId}`);
    offer.sessionStartedAt ??= now;
    const transaction = payOffer(runtime.state, account, offer, now, {
      paymentMethod: body.paymentMethod,
    });
    res.json({
      offer: view(runtime, offer),
      transaction: renderTransaction(transaction, account.transactionAmountShape),
    });
  });

  router.post('/spg-offers/:offerId/expire', (req: Request, res: Response) => {
    const offer = requireOffer(runtime, req);
    const now = runtime.clock.now();
    const status = offerStatusAt(offer, now);
    if (status !== 'OPEN') throw conflict(`the offer is ${status}; only OPEN offers can expire`);
    offer.expirationDate = now;
    res.json(view(runtime, offer));
  });

  return router;
}
