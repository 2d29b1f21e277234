import { renderEmailText } from '../email-text';
import type { PaymentLinkEntity } from '../payment-link.entity';
import type { PaymentLinkFilter } from '../payment-links.repository';
import type { RenderEmailDto } from './create-payment-link.dto';
import {
  PaymentLinkDto,
  type CreatedPaymentLinkDto,
  type ListPaymentLinksQueryDto,
} from './payment-link.dto';

/** The create answer: the link, and the email text when it was asked for. */
export function createdAnswer(
  link: PaymentLinkEntity,
  renderEmail: RenderEmailDto | undefined,
  replayed: boolean,
): CreatedPaymentLinkDto {
  const emailText =
    renderEmail && link.paymentLink
      ? renderEmailText({
          locale: renderEmail.locale,
          payerName: renderEmail.payerName,
          amountValue: link.amountValue,
          currency: link.currency,
          description: link.description,
          expirationText: link.expirationText,
          paymentLink: link.paymentLink,
        })
      : undefined;
  return { link: PaymentLinkDto.from(link), replayed, ...(emailText ? { emailText } : {}) };
}

export function filterOf(query: ListPaymentLinksQueryDto): PaymentLinkFilter {
  return {
    accountId: query.accountId,
    status: query.status,
    orderId: query.orderId,
    createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
    createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
  };
}
