import type { MessageKey } from '../i18n';

/** A client-side check's result: the message key and its values, or undefined when fine. */
export type Check = { key: MessageKey; values?: Record<string, string | number> } | undefined;

export interface AccountValues {
  customerId: string;
  environment: 'test' | 'live';
  label: string;
  username: string;
  password: string;
}

/** The same rules the API applies, checked as the user types (the API stays the authority). */
export function checkAccount(values: AccountValues): Partial<Record<keyof AccountValues, Check>> {
  const required = (value: string): Check =>
    value.trim() === '' ? { key: 'required' } : undefined;
  return {
    customerId:
      required(values.customerId) ??
      (/^\d+$/.test(values.customerId.trim()) ? undefined : { key: 'digitsOnly' }),
    label:
      required(values.label) ??
      (values.label.length > 120 ? { key: 'tooLong', values: { max: 120 } } : undefined),
    username:
      required(values.username) ??
      (/^API_\d+_\d+$/.test(values.username.trim()) ? undefined : { key: 'usernameShape' }),
    password: required(values.password),
  };
}

/** One https URL per line; the line numbers of the ones that are not absolute https URLs. */
export function checkSourceUrls(text: string): { urls: string[]; badLines: number[] } {
  const urls = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const badLines: number[] = [];
  urls.forEach((url, index) => {
    let ok = false;
    try {
      const parsed = new URL(url);
      ok = parsed.protocol === 'https:' && parsed.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) badLines.push(index + 1);
  });
  return { urls, badLines };
}
