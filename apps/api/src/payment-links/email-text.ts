import { currencyExponent } from '@platform/saferpay-client';
import type { EmailLocale } from './dto/create-payment-link.dto';

export interface EmailInput {
  locale: EmailLocale;
  payerName?: string;
  amountValue: string;
  currency: string;
  description: string;
  /** `yyyy-MM-ddTHH:mm:ssK` as sent to Saferpay. */
  expirationText: string;
  paymentLink: string;
}

const TEXTS: Record<
  EmailLocale,
  {
    greeting: (name?: string) => string;
    body: (what: string, amount: string) => string;
    until: (date: string) => string;
    closing: string;
    decimal: string;
  }
> = {
  de: {
    greeting: (name) => (name ? `Guten Tag ${name}` : 'Guten Tag'),
    body: (what, amount) =>
      `Bitte bezahlen Sie «${what}» über ${amount} mit diesem sicheren Zahlungslink:`,
    until: (date) => `Der Link ist gültig bis ${date}.`,
    closing: 'Freundliche Grüsse',
    decimal: '.',
  },
  en: {
    greeting: (name) => (name ? `Hello ${name}` : 'Hello'),
    body: (what, amount) => `Please pay "${what}" of ${amount} with this secure payment link:`,
    until: (date) => `The link is valid until ${date}.`,
    closing: 'Kind regards',
    decimal: '.',
  },
  fr: {
    greeting: (name) => (name ? `Bonjour ${name}` : 'Bonjour'),
    body: (what, amount) =>
      `Veuillez régler « ${what} » d'un montant de ${amount} avec ce lien de paiement sécurisé :`,
    until: (date) => `Le lien est valable jusqu'au ${date}.`,
    closing: 'Meilleures salutations',
    decimal: ',',
  },
  it: {
    greeting: (name) => (name ? `Buongiorno ${name}` : 'Buongiorno'),
    body: (what, amount) =>
      `La preghiamo di pagare «${what}» di ${amount} con questo link di pagamento sicuro:`,
    until: (date) => `Il link è valido fino al ${date}.`,
    closing: 'Cordiali saluti',
    decimal: ',',
  },
};

/** Minor units → "CHF 10.50" (exponent of the currency, no floating point). */
export function formatAmount(value: string, currency: string, decimal = '.'): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return `${currency} ${value}`;
  const padded = value.padStart(exponent + 1, '0');
  return `${currency} ${padded.slice(0, -exponent)}${decimal}${padded.slice(-exponent)}`;
}

/** "2025-10-20T00:00:00+02:00" → "2025-10-20 00:00 (UTC+02:00)": the payer's wall clock as sent. */
function formatExpiration(text: string): string {
  const zone = text.endsWith('Z') ? 'UTC' : `UTC${text.slice(19)}`;
  return `${text.slice(0, 10)} ${text.slice(11, 16)} (${zone})`;
}

/**
 * A plain-text email body with the link. Sending it is the integrator's job (Saferpay never
 * sends offers); the text is a starting point, not a template engine.
 */
export function renderEmailText(input: EmailInput): string {
  const t = TEXTS[input.locale];
  return [
    `${t.greeting(input.payerName)},`,
    '',
    t.body(input.description, formatAmount(input.amountValue, input.currency, t.decimal)),
    input.paymentLink,
    '',
    t.until(formatExpiration(input.expirationText)),
    '',
    t.closing,
    '',
  ].join('\n');
}
