import type { Account } from '../state/model';
import { json, type OperationDefinition } from './operation';

/** The container says Name/IsDefault, the spec's example name/isDefault: accounts differ. */
function renderConfigurations(account: Account) {
  return account.paymentPageConfigs.map((c) =>
    account.paymentPageConfigCasing === 'camelCase'
      ? { name: c.name, isDefault: c.isDefault, Description: c.description }
      : { Name: c.name, IsDefault: c.isDefault, Description: c.description },
  );
}

export const paymentPageOperations: OperationDefinition[] = [
  {
    operation: 'GetPaymentPageConfigurations',
    method: 'get',
    path: '/payment-page/configurations',
    handle: ({ account }) => json({ Configurations: renderConfigurations(account) }),
  },
];
