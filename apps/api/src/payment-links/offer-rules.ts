import { createHash } from 'node:crypto';
import type { ProblemFieldError } from '@platform/problem-details';
import { isActiveCurrency, type CapabilitySnapshot } from '@platform/capabilities';
import type { SaferpaySpgOfferRequest } from '@platform/saferpay-contract';
import { currencyExponent } from '@platform/saferpay-client';
import type { CreatePaymentLinkDto } from './dto/create-payment-link.dto';

const HOUR_MS = 3_600_000;
const MAX_AHEAD_MS = 180 * 24 * HOUR_MS;
/** Largest amount accepted, in major units: a typo guard, far above any invoice. */
const MAX_MAJOR_UNITS = 1_000_000_000;

/** `yyyy-MM-ddTHH:mm:ssK` → instant; undefined for impossible dates (2025-02-30, 25:00, +15:00). */
export function parseExpiration(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(
    text,
  );
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, sign, oh, om] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (Math.abs(offset) > 14 * 60 || Number(om ?? 0) > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wall).getUTCDate() !== day) return undefined;
  return new Date(wall - offset * 60_000);
}

/** Saferpay's window: at least 1 h and at most 180 days ahead of `now`. */
export function expirationProblem(text: string, now: Date): string | undefined {
  const instant = parseExpiration(text);
  if (!instant) return 'is not a valid date-time';
  const ahead = instant.getTime() - now.getTime();
  if (ahead < HOUR_MS) return 'must be at least 1 hour in the future';
  if (ahead > MAX_AHEAD_MS) return 'must be at most 180 days ahead';
  return undefined;
}

/** Minor units make sense for the currency: an active ISO 4217 code, a sane magnitude. */
export function amountProblems(value: number, currency: string): ProblemFieldError[] {
  if (!isActiveCurrency(currency)) {
    return [{ pointer: '/amount/currency', detail: `${currency} is not an active ISO 4217 code` }];
  }
  const max = MAX_MAJOR_UNITS * 10 ** currencyExponent(currency);
  if (!Number.isSafeInteger(value) || value > max) {
    return [
      {
        pointer: '/amount/value',
        detail: `must be at most ${max} minor units of ${currency} (${currencyExponent(currency)} decimals)`,
      },
    ];
  }
  return [];
}

export interface SpgTargets {
  /** The ConfigSet name as Saferpay reported it (the match is case-insensitive). */
  configSet?: string;
  problems: ProblemFieldError[];
}

/**
 * The offer against the account's latest snapshot: an SPG terminal with that id, the
 * currency enabled for one of its payment methods, the ConfigSet among the account's
 * payment page configs (case-insensitive, as Saferpay matches it).
 */
export function checkAgainstSnapshot(
  snapshot: CapabilitySnapshot,
  input: Pick<CreatePaymentLinkDto, 'terminalId' | 'amount' | 'configSet'>,
): SpgTargets {
  const problems: ProblemFieldError[] = [];
  const terminal = snapshot.terminals.find(
    (t) => t.terminalId === input.terminalId && t.type === 'SPG',
  );
  if (!terminal) {
    problems.push({
      pointer: '/terminalId',
      detail: `the account has no Secure PayGate (SPG) terminal ${input.terminalId} in its latest snapshot`,
    });
  } else if (!terminal.paymentMethods.some((m) => m.currencies.includes(input.amount.currency))) {
    problems.push({
      pointer: '/amount/currency',
      detail: `${input.amount.currency} is not enabled for any payment method of SPG terminal ${input.terminalId}`,
    });
  }
  let configSet: string | undefined;
  if (input.configSet !== undefined) {
    const wanted = input.configSet.toLowerCase();
    configSet = snapshot.paymentPageConfigs.find((c) => c.name.toLowerCase() === wanted)?.name;
    if (configSet === undefined) {
      const known = snapshot.paymentPageConfigs.map((c) => c.name).join(', ') || 'none';
      problems.push({
        pointer: '/configSet',
        detail: `no payment page config of that name (the account has: ${known})`,
      });
    }
  }
  return { configSet, problems };
}

function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Our camelCase body → Saferpay's create request (only what was given). */
export function toSaferpayRequest(
  input: CreatePaymentLinkDto,
  configSet: string | undefined,
): SaferpaySpgOfferRequest {
  const address = input.payer.billingAddress;
  const form = input.billingAddressForm;
  return defined({
    Payment: defined({
      Amount: { Value: String(input.amount.value), CurrencyCode: input.amount.currency },
      OrderId: input.orderId,
      Description: input.description,
      Options: input.preAuth === undefined ? undefined : { PreAuth: input.preAuth },
    }),
    ExpirationDate: input.expirationDate,
    Payer: defined({
      LanguageCode: input.payer.languageCode,
      IpAddress: input.payer.ipAddress,
      Ipv6Address: input.payer.ipv6Address,
      BillingAddress: address
        ? defined({
            FirstName: address.firstName,
            LastName: address.lastName,
            Company: address.company,
            Gender: address.gender,
            Street: address.street,
            Street2: address.street2,
            Zip: address.zip,
            City: address.city,
            CountryCode: address.countryCode,
            CountrySubdivisionCode: address.countrySubdivisionCode,
            DateOfBirth: address.dateOfBirth,
            Email: address.email,
            Phone: address.phone,
            VatNumber: address.vatNumber,
          })
        : undefined,
    }),
    BillingAddressForm: form
      ? defined({ AddressSource: form.addressSource, MandatoryFields: form.mandatoryFields })
      : undefined,
    RegisterAlias: input.registerAlias ? { IdGenerator: 'RANDOM' } : undefined,
    ConfigSet: configSet,
    Condition: input.condition,
    MaxPaymentAttempts: input.maxPaymentAttempts,
  }) as SaferpaySpgOfferRequest;
}

/** JSON with sorted keys, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Identifies a create: the account and the normalized body (after trims and upper-casing). */
export function requestHash(accountId: string, input: CreatePaymentLinkDto): string {
  return sha256(canonicalJson({ accountId, input }));
}
