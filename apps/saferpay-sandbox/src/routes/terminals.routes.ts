import type { TerminalConfig } from '../state/model';
import { json, param, requireTerminal, type OperationDefinition } from './operation';

function renderPaymentMethods(terminal: TerminalConfig) {
  return terminal.paymentMethods.map((m) => ({
    PaymentMethod: m.paymentMethod,
    Currencies: [...m.currencies],
    LogoUrl: m.logoUrl,
  }));
}

function renderWallets(terminal: TerminalConfig) {
  return terminal.wallets.map((w) => ({ WalletName: w.walletName, LogoUrl: w.logoUrl }));
}

/**
 * One TerminalId may be listed with two types (reference example: 1000002 as MPO and SPG);
 * the single-terminal endpoints answer with the first entry in list order.
 */
export const terminalOperations: OperationDefinition[] = [
  {
    operation: 'GetTerminals',
    method: 'get',
    path: '/terminals',
    handle: ({ account }) =>
      json({
        Terminals: account.terminals.map((t) => ({
          TerminalId: t.terminalId,
          Type: t.type,
          Description: t.description,
        })),
      }),
  },
  {
    operation: 'GetTerminal',
    method: 'get',
    path: '/terminals/:terminalId',
    handle: (request) => {
      const [terminal] = requireTerminal(request, param(request, 'terminalId'));
      if (!terminal) throw new Error('unreachable: requireTerminal returned no entry');
      return json({
        TerminalId: terminal.terminalId,
        Type: terminal.type,
        Description: terminal.description,
        PaymentMethods: renderPaymentMethods(terminal),
        Wallets: renderWallets(terminal),
      });
    },
  },
  {
    // Deprecated since 1.31 in favour of GetTerminal.
    operation: 'GetTerminalPaymentMethods',
    method: 'get',
    path: '/terminals/:terminalId/payment-methods',
    handle: (request) => {
      const [terminal] = requireTerminal(request, param(request, 'terminalId'));
      if (!terminal) throw new Error('unreachable: requireTerminal returned no entry');
      return json({
        PaymentMethods: renderPaymentMethods(terminal),
        Wallets: renderWallets(terminal),
      });
    },
  },
];
