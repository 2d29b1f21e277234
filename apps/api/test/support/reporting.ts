import type { SandboxAdmin, SandboxRequestLogEntry } from '@platform/testing';
import {
  addDays,
  businessDayWindow,
  latestReportableDay,
} from '@api/transaction-reports/zoned-time';

const ZURICH = { timeZone: 'Europe/Zurich', dayStartMinute: 0 };

/** A Zurich business day `daysAgo` before the latest reportable one, and its instants. */
export function zurichDay(daysBeforeLatest: number, now = new Date()) {
  const day = addDays(latestReportableDay(now, ZURICH), -daysBeforeLatest);
  return { day, ...businessDayWindow(day, ZURICH) };
}

/**
 * Adds a sandbox account without history, with two ECOM terminals (cards in CHF/EUR).
 * `password` is the one Saferpay registers, `givenPassword` what the merchant hands over
 * (the registration's; a different one is a "wrong password" account).
 */
export async function addReportingAccount(
  admin: SandboxAdmin,
  customerId: string,
  credentials: { password?: string; givenPassword?: string } = {},
) {
  const password = credentials.password ?? `Report-${customerId}-pw`;
  const givenPassword = credentials.givenPassword ?? password;
  const username = `API_${customerId}_55500011`;
  await admin.request('POST', '/accounts', {
    customerId,
    name: `Reporting ${customerId}`,
    username,
    password,
    givenPassword,
    license: { package: 'SAFERPAY_BUSINESS', features: ['MANAGEMENT_API'] },
    terminals: [
      {
        terminalId: `${customerId}01`,
        type: 'ECOM',
        paymentMethods: [
          { paymentMethod: 'VISA', currencies: ['CHF', 'EUR'] },
          { paymentMethod: 'MASTERCARD', currencies: ['CHF'] },
          { paymentMethod: 'TWINT', currencies: ['CHF'] },
        ],
      },
      {
        terminalId: `${customerId}02`,
        type: 'ECOM',
        paymentMethods: [{ paymentMethod: 'VISA', currencies: ['CHF'] }],
      },
    ],
    transactions: 0,
  });
  return {
    registration: {
      customerId,
      environment: 'test' as const,
      label: 'Reporting',
      username,
      password: givenPassword,
    },
  };
}

/** GetTransactions requests of a customer: page numbers and whether any two overlapped in time. */
export function reportRequests(log: SandboxRequestLogEntry[]) {
  const pages = log.map((entry) => Number(new URLSearchParams(entry.query).get('PageNumber')));
  const sorted = [...log].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  let overlapping = 0;
  for (let i = 1; i < sorted.length; i += 1) {
    const previousEnd = sorted[i - 1].finishedAt ?? '9999';
    if (sorted[i].startedAt < previousEnd) overlapping += 1;
  }
  const queries = log.map((entry) => entry.query);
  return { pages, overlapping, repeated: queries.length - new Set(queries).size };
}
