import type { RawAccountReads } from '@platform/capabilities';
import type { SaferpayClient, SaferpayCredentials } from '@platform/saferpay-client';

/**
 * Reads everything onboarding needs from one account, one call after another
 * (Saferpay is polite-use; concurrency is across accounts, not within one).
 * The license call comes first and doubles as the credential check.
 */
export async function readAccount(
  client: SaferpayClient,
  credentials: SaferpayCredentials,
  signal: AbortSignal,
): Promise<RawAccountReads> {
  const options = { signal };
  const { source, license } = await client.getLicenseWithFallback(credentials, options);
  const terminals = await client.getTerminals(credentials, options);
  const detailsById = new Map<string, Awaited<ReturnType<SaferpayClient['getTerminal']>>>();
  for (const terminalId of new Set(terminals.map((t) => t.terminalId))) {
    detailsById.set(terminalId, await client.getTerminal(credentials, terminalId, options));
  }
  const paymentPageConfigs = await client.getPaymentPageConfigurations(credentials, options);
  return {
    readAt: new Date().toISOString(),
    license: {
      source,
      package: { id: license.Package?.Id ?? '', displayName: license.Package?.DisplayName ?? '' },
      features: (license.Features ?? []).map((f) => ({ id: f.Id, displayName: f.DisplayName })),
    },
    terminals: terminals.map((terminal) => {
      // GetTerminal answers per id; one id listed with two types shares its details.
      const details = detailsById.get(terminal.terminalId);
      return {
        terminalId: terminal.terminalId,
        type: terminal.type,
        description: terminal.description ?? details?.Description,
        paymentMethods: (details?.PaymentMethods ?? terminal.paymentMethods ?? []).map((m) => ({
          paymentMethod: m.PaymentMethod ?? '',
          currencies: m.Currencies ?? [],
          logoUrl: m.LogoUrl,
        })),
        wallets: (details?.Wallets ?? terminal.wallets ?? []).map((w) => ({
          walletName: w.WalletName ?? '',
          logoUrl: w.LogoUrl,
        })),
      };
    }),
    paymentPageConfigs: paymentPageConfigs.map((c) => ({
      name: c.name,
      isDefault: c.isDefault,
      description: c.description,
    })),
  };
}
