import { actionNotSupported } from '../errors/saferpay-error';
import type { License } from '../state/model';
import { json, type OperationDefinition, type OperationResult } from './operation';

function renderLicense(license: License) {
  return {
    Package: { Id: license.package.id, DisplayName: license.package.displayName },
    Features: license.features.map((f) => ({ Id: f.id, DisplayName: f.displayName })),
  };
}

export const licenseOperations: OperationDefinition[] = [
  {
    operation: 'GetLicense',
    method: 'get',
    path: '/license',
    handle: ({ account }): OperationResult => {
      switch (account.licenseEndpoint) {
        case 'available':
          return json(renderLicense(account.license));
        case 'not-found':
          return { kind: 'not-found' };
        case 'not-supported':
          throw actionNotSupported('CustomerLicense is not available for this customer.');
      }
    },
  },
  {
    // Deprecated since 1.35, still answered for every customer.
    operation: 'GetLicenseConfiguration',
    method: 'get',
    path: '/license-configuration',
    handle: ({ account }) => json(renderLicense(account.license)),
  },
];
