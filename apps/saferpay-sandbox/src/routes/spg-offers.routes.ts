import { randomUUID } from 'node:crypto';
import { actionNotSupported, validationFailed } from '../errors/saferpay-error';
import type { SpgOffer } from '../state/model';
import { offerStatusAt } from '../state/sandbox-state';
import { formatInOffset, formatZurichWithOffset } from '../time/saferpay-time';
import { validateSpgOfferRequest } from '../validation/spg-offer-request';
import {
  empty,
  json,
  param,
  requireTerminal,
  type OperationDefinition,
  type OperationRequest,
} from './operation';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function renderOffer(offer: SpgOffer, now: Date) {
  return {
    OfferId: offer.offerId,
    PaymentLink: offer.paymentLink,
    Status: offerStatusAt(offer, now),
    Payment: {
      Amount: { Value: offer.amount.value, CurrencyCode: offer.amount.currencyCode },
      OrderId: offer.orderId,
      Description: offer.description,
    },
    CreationDate: formatZurichWithOffset(offer.creationDate),
    ExpirationDate: formatInOffset(offer.expirationDate, offer.expirationOffsetMinutes),
    ...(offer.transactionId === undefined ? {} : { TransactionId: offer.transactionId }),
  };
}

/** The offer addressed by the path; unknown or another terminal's: ACTION_NOT_SUPPORTED. */
function requireOffer(request: OperationRequest): SpgOffer {
  const terminalId = param(request, 'terminalId');
  requireTerminal(request, terminalId);
  const offerId = param(request, 'offerId');
  if (!GUID.test(offerId))
    throw validationFailed([`OfferId: The value '${offerId}' is not valid.`]);
  const offer = request.runtime.state.offer(offerId);
  if (
    !offer ||
    offer.customerId !== request.account.customerId ||
    offer.terminalId !== terminalId
  ) {
    throw actionNotSupported(
      `No SecurePayGate offer ${offerId} exists for terminal ${terminalId}.`,
    );
  }
  return offer;
}

export const spgOfferOperations: OperationDefinition[] = [
  {
    operation: 'CreateSpgOffer',
    method: 'post',
    path: '/terminals/:terminalId/spg-offers',
    body: true,
    handle: (request) => {
      const terminalId = param(request, 'terminalId');
      const spg = requireTerminal(request, terminalId).find((t) => t.type === 'SPG');
      if (!spg)
        throw actionNotSupported(`Terminal ${terminalId} is not a Secure PayGate (SPG) terminal.`);
      const input = validateSpgOfferRequest(request.body, {
        now: request.now,
        terminalId,
        enabledCurrencies: new Set(spg.paymentMethods.flatMap((m) => m.currencies)),
      });
      const { customerId } = request.account;
      const offerId = randomUUID();
      const offer: SpgOffer = {
        offerId,
        customerId,
        terminalId,
        paymentLink: `${request.runtime.paymentLinkBase()}/SecurePayGate/Payment/${customerId}/${terminalId}/${offerId}`,
        amount: input.amount,
        orderId: input.orderId,
        description: input.description,
        creationDate: request.now,
        expirationDate: input.expirationDate,
        expirationOffsetMinutes: input.expirationOffsetMinutes,
        status: 'OPEN',
        maxPaymentAttempts: input.maxPaymentAttempts,
        configSet: input.configSet,
        preAuth: input.preAuth,
        request: request.body,
      };
      request.runtime.state.addOffer(offer);
      return json({ OfferId: offer.offerId, PaymentLink: offer.paymentLink });
    },
  },
  {
    operation: 'GetSpgOffer',
    method: 'get',
    path: '/terminals/:terminalId/spg-offers/:offerId',
    handle: (request) => json(renderOffer(requireOffer(request), request.now)),
  },
  {
    // Voids the link (DISABLED); a payment session already started can still complete.
    operation: 'DeleteSpgOffer',
    method: 'delete',
    path: '/terminals/:terminalId/spg-offers/:offerId',
    handle: (request) => {
      const offer = requireOffer(request);
      const status = offerStatusAt(offer, request.now);
      if (status === 'PAID')
        throw actionNotSupported(`The offer ${offer.offerId} is already paid.`);
      if (status === 'OPEN') {
        offer.status = 'DISABLED';
        offer.disabledAt = request.now;
      }
      return empty();
    },
  },
];
