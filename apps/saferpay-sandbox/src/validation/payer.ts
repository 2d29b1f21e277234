import { isIP } from 'node:net';
import { isValidWallClock } from '../time/saferpay-time';
import { Validator } from './validator';

const GENDERS = ['MALE', 'FEMALE', 'DIVERSE', 'COMPANY'] as const;
const UTF8_100 = ['City', 'Company', 'FirstName', 'LastName', 'Phone', 'Street', 'Street2', 'Zip'];

function validateBillingAddress(v: Validator, path: string, value: unknown): void {
  const address = v.object(path, value, false);
  if (!address) return;
  for (const field of UTF8_100) v.string(`${path}.${field}`, address[field], { min: 1, max: 100 });
  v.string(`${path}.VatNumber`, address.VatNumber, { min: 1, max: 25 });
  v.string(`${path}.CountryCode`, address.CountryCode, {
    min: 2,
    max: 2,
    pattern: /^[A-Za-z]{2}$/,
    patternMessage: 'The field CountryCode must be an ISO 3166-1 alpha-2 country code.',
  });
  v.string(`${path}.CountrySubdivisionCode`, address.CountrySubdivisionCode, {
    min: 1,
    max: 6,
    pattern: /^[A-Za-z0-9-]+$/,
    patternMessage: 'The field CountrySubdivisionCode must be an ISO 3166 or ISO 3166-2 code.',
  });
  const email = v.string(`${path}.Email`, address.Email, { min: 1, max: 254 });
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    v.fail(`${path}.Email`, 'The field Email is not a valid e-mail address.');
  }
  v.enumValue(`${path}.Gender`, address.Gender, GENDERS);
  const birth = v.string(`${path}.DateOfBirth`, address.DateOfBirth, { min: 10, max: 10 });
  if (birth !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
    const valid =
      m !== null &&
      isValidWallClock({
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
      });
    if (!valid)
      v.fail(
        `${path}.DateOfBirth`,
        'The field DateOfBirth must be a date in the format YYYY-MM-DD.',
      );
  }
}

/** Common_Models_Data_SpgPayer (mandatory on SPG create). */
export function validatePayer(v: Validator, value: unknown): void {
  const payer = v.object('Payer', value, true);
  if (!payer) return;
  const ip = v.string('Payer.IpAddress', payer.IpAddress, { min: 1, max: 15 });
  if (ip !== undefined && isIP(ip) !== 4)
    v.fail(
      'Payer.IpAddress',
      'The field IpAddress must be an IPv4 address in dotted quad notation.',
    );
  const ipv6 = v.string('Payer.Ipv6Address', payer.Ipv6Address, { min: 1, max: 45 });
  if (ipv6 !== undefined && isIP(ipv6) !== 6)
    v.fail('Payer.Ipv6Address', 'The field Ipv6Address must be an IPv6 address.');
  v.string('Payer.LanguageCode', payer.LanguageCode, {
    min: 2,
    max: 5,
    pattern: /^[a-z]{2}(-[A-Z]{2})?$/,
    patternMessage:
      'The field LanguageCode must be an ISO 639-1 code, optionally followed by -ISO 3166-1 alpha-2.',
  });
  validateBillingAddress(v, 'Payer.BillingAddress', payer.BillingAddress);
}
