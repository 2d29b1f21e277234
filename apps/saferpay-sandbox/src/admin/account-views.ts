import type { SandboxRuntime } from '../runtime';
import type { Account } from '../state/model';

/** Credentials as the merchant handed them over vs. what Saferpay has registered. */
function credentials(account: Account) {
  return {
    username: account.username,
    password: account.password,
    givenCredentials: { username: account.username, password: account.givenPassword },
    credentialsValid: account.password === account.givenPassword,
  };
}

export function accountSummary(runtime: SandboxRuntime, account: Account) {
  return {
    customerId: account.customerId,
    name: account.name,
    ...credentials(account),
    licensePackage: account.license.package.id,
    licenseEndpoint: account.licenseEndpoint,
    paymentPageConfigCasing: account.paymentPageConfigCasing,
    transactionAmountShape: account.transactionAmountShape,
    terminals: account.terminals.map((t) => ({ terminalId: t.terminalId, type: t.type })),
    transactionCount: runtime.state.transactions(account.customerId).length,
  };
}

export function accountDetail(runtime: SandboxRuntime, account: Account) {
  const { state } = runtime;
  return {
    customerId: account.customerId,
    name: account.name,
    ...credentials(account),
    license: account.license,
    licenseEndpoint: account.licenseEndpoint,
    paymentPageConfigCasing: account.paymentPageConfigCasing,
    paymentPageConfigs: account.paymentPageConfigs,
    transactionAmountShape: account.transactionAmountShape,
    terminals: account.terminals,
    counts: {
      transactions: state.transactions(account.customerId).length,
      fieldsAccessTokens: state.tokensOf(account.customerId).length,
      spgOffers: state.offersOf(account.customerId).length,
    },
  };
}
