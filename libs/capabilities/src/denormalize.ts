/**
 * `denormalize(snapshot)`: raw reads that normalise back to the same content, for fixtures,
 * tests and re-normalising stored snapshots after a schema change. Anomalies are not
 * reproduced (what normalisation dropped is gone), so compare with `snapshotContent`.
 */
import { UNKNOWN_TERMINAL_TYPE, type CapabilitySnapshot, type RawAccountReads } from './types';

export function denormalize(
  snapshot: CapabilitySnapshot,
  readAt = '1970-01-01T00:00:00.000Z',
  source: RawAccountReads['license']['source'] = 'license',
): RawAccountReads {
  return {
    license: {
      source,
      package: {
        id: snapshot.license.package.id,
        displayName: snapshot.license.package.displayName,
      },
      features: snapshot.license.features.map((f) => ({ id: f.id, displayName: f.displayName })),
    },
    terminals: snapshot.terminals.map((terminal) => ({
      terminalId: terminal.terminalId,
      type: terminal.type === UNKNOWN_TERMINAL_TYPE ? null : terminal.type,
      description: terminal.description,
      paymentMethods: terminal.paymentMethods.map((method) => ({
        paymentMethod: method.code,
        currencies: [...method.currencies],
        logoUrl: method.logoUrl,
      })),
      wallets: terminal.wallets.map((w) => ({ walletName: w.code, logoUrl: w.logoUrl })),
    })),
    paymentPageConfigs: snapshot.paymentPageConfigs.map((config) => ({
      name: config.name,
      isDefault: config.isDefault,
      description: config.description,
    })),
    readAt,
  };
}
