/**
 * Deterministic orderings shared by normalisation, diff and matrix. Plain code-unit
 * comparison (never localeCompare), so the order does not depend on the runtime's ICU data.
 */

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DIGITS = /^\d+$/;

/** Numeric ids by value (`999` before `1000`), everything else by code unit. */
export function compareIds(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b) && a.length !== b.length) return a.length - b.length;
  return compareText(a, b);
}

export function terminalKey(terminalId: string, type: string): string {
  return `${terminalId}:${type}`;
}

/** Splits `${terminalId}:${type}` at the last colon (terminal ids may contain colons). */
export function splitTerminalKey(key: string): { terminalId: string; type: string } {
  const at = key.lastIndexOf(':');
  return at < 0
    ? { terminalId: key, type: '' }
    : { terminalId: key.slice(0, at), type: key.slice(at + 1) };
}

/** Orders terminal keys by terminal id (numeric-aware), then type. */
export function compareTerminalKeys(a: string, b: string): number {
  const left = splitTerminalKey(a);
  const right = splitTerminalKey(b);
  return compareIds(left.terminalId, right.terminalId) || compareText(left.type, right.type);
}

/** `17654321 (ECOM)`: how sentences and labels name a terminal. */
export function describeTerminalKey(key: string): string {
  const { terminalId, type } = splitTerminalKey(key);
  return type === '' ? terminalId : `${terminalId} (${type})`;
}
