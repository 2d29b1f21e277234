import { Router, type Request, type Response } from 'express';
import { decimalAmount } from '../routes/render-transaction';
import type { SandboxRuntime } from '../runtime';
import type { SpgOffer } from '../state/model';
import { offerStatusAt } from '../state/sandbox-state';
import { payBlocker, payOffer } from '../state/spg-payments';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
        `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">` +
        `<p style="color:#888">Saferpay sandbox – Secure PayGate</p><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

function findOffer(runtime: SandboxRuntime, req: Request): SpgOffer | undefined {
  const { customerId, terminalId, offerId } = req.params;
  const offer = typeof offerId === 'string' ? runtime.state.offer(offerId) : undefined;
  return offer && offer.customerId === customerId && offer.terminalId === terminalId
    ? offer
    : undefined;
}

function amountText(offer: SpgOffer): string {
  return `${offer.amount.currencyCode} ${decimalAmount(Number(offer.amount.value), offer.amount.currencyCode)}`;
}

/**
 * A minimal stand-in for the payment page behind an SPG PaymentLink, for demos: opening an
 * OPEN link starts a payment session; the button pays it (like POST /__admin/spg-offers/:id/pay).
 */
export function securePayGatePage(runtime: SandboxRuntime): Router {
  const router = Router();
  const path = '/SecurePayGate/Payment/:customerId/:terminalId/:offerId';

  router.get(path, (req: Request, res: Response) => {
    const offer = findOffer(runtime, req);
    if (!offer)
      return page(res, 404, 'Payment link not found', '<p>This payment link does not exist.</p>');
    const now = runtime.clock.now();
    const status = offerStatusAt(offer, now);
    if (status !== 'OPEN') {
      return page(res, 410, 'Payment link not available', `<p>This offer is ${status}.</p>`);
    }
    offer.sessionStartedAt ??= now;
    page(
      res,
      200,
      `Pay ${amountText(offer)}`,
      `<p>${escapeHtml(offer.description)}</p><p>Order ${escapeHtml(offer.orderId)}</p>` +
        `<form method="post"><button type="submit">Pay ${escapeHtml(amountText(offer))}</button></form>`,
    );
  });

  router.post(path, (req: Request, res: Response) => {
    const offer = findOffer(runtime, req);
    const account = offer ? runtime.state.account(offer.customerId) : undefined;
    if (!offer || !account)
      return page(res, 404, 'Payment link not found', '<p>This payment link does not exist.</p>');
    const now = runtime.clock.now();
    const blocker = payBlocker(offer, now);
    if (blocker) return page(res, 409, 'Payment not possible', `<p>${escapeHtml(blocker)}.</p>`);
    const transaction = payOffer(runtime.state, account, offer, now);
    page(
      res,
      200,
      'Payment successful',
      `<p>Transaction ${escapeHtml(transaction.transactionId)}</p>`,
    );
  });

  return router;
}
