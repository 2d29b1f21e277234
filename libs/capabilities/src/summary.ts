/**
 * `diffSummary(changes)`: one English sentence per change, in the order given, e.g.
 * "TWINT was removed from terminal 17654321 (ECOM)." or
 * "CHF was removed from VISA on terminal 17654321 (ECOM).".
 */
import { describeTerminalKey } from './order';
import type { CapabilityChange, ChangeValue } from './types';

function field(value: ChangeValue | undefined, name: string): ChangeValue | undefined {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  return (value as { readonly [key: string]: ChangeValue })[name];
}

function shown(value: ChangeValue | undefined): string {
  if (value === undefined || value === null || value === '') return '(none)';
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function fieldChanges(change: CapabilityChange, names: readonly string[]): string[] {
  return names
    .filter((name) => shown(field(change.before, name)) !== shown(field(change.after, name)))
    .map(
      (name) =>
        `${name} changed from ${shown(field(change.before, name))} to ${shown(field(change.after, name))}`,
    );
}

function verb(change: CapabilityChange, target: string): string {
  return change.change === 'added' ? `was added to ${target}` : `was removed from ${target}`;
}

function packageName(value: ChangeValue | undefined): string {
  const id = field(value, 'id');
  return typeof id === 'string' && id !== '' ? id : '(none)';
}

function configSentence(change: CapabilityChange): string {
  const name = field(change.after ?? change.before, 'name');
  const label = `Payment page config "${typeof name === 'string' ? name : change.code}"`;
  if (change.change !== 'changed') return `${label} was ${change.change}.`;
  const becameDefault = field(change.after, 'isDefault');
  const parts: string[] = [];
  if (becameDefault !== field(change.before, 'isDefault')) {
    parts.push(becameDefault === true ? 'became the default' : 'is no longer the default');
  }
  parts.push(...fieldChanges(change, ['name', 'description']));
  return `${label} ${parts.join('; ')}.`;
}

/** A human sentence for one change. */
export function describeChange(change: CapabilityChange): string {
  const terminal = `terminal ${describeTerminalKey(change.terminalKey ?? '')}`;
  switch (change.kind) {
    case 'package': {
      const [before, after] = [packageName(change.before), packageName(change.after)];
      return before === after
        ? `License package ${after}: ${fieldChanges(change, ['displayName']).join('; ')}.`
        : `License package changed from ${before} to ${after}.`;
    }
    case 'feature':
      return change.change === 'changed'
        ? `License feature ${change.code}: ${fieldChanges(change, ['displayName']).join('; ')}.`
        : `License feature ${change.code} ${verb(change, 'the license')}.`;
    case 'terminal':
      return change.change === 'changed'
        ? `Terminal ${describeTerminalKey(change.code)}: ${fieldChanges(change, ['description']).join('; ')}.`
        : `Terminal ${describeTerminalKey(change.code)} was ${change.change}.`;
    case 'payment_method':
      return change.change === 'changed'
        ? `${change.code} on ${terminal}: ${fieldChanges(change, ['logoUrl']).join('; ')}.`
        : `${change.code} ${verb(change, terminal)}.`;
    case 'currency':
      return `${change.code} ${verb(change, `${change.paymentMethod ?? '?'} on ${terminal}`)}.`;
    case 'wallet':
      return change.change === 'changed'
        ? `Wallet ${change.code} on ${terminal}: ${fieldChanges(change, ['logoUrl']).join('; ')}.`
        : `Wallet ${change.code} ${verb(change, terminal)}.`;
    case 'payment_page_config':
      return configSentence(change);
  }
}

/** One sentence per change, in the order of `changes`. */
export function diffSummary(changes: readonly CapabilityChange[]): string[] {
  return changes.map(describeChange);
}
