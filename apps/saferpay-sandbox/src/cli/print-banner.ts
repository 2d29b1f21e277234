import type { Sandbox } from '../create-sandbox';

/** Start-up text: URLs and a few demo credentials (as the merchants handed them over). */
export function banner(sandbox: Sandbox, shown = 5): string {
  const accounts = sandbox.state.accounts();
  const lines = [
    '',
    `Saferpay Management API sandbox  ${sandbox.url}`,
    `  Client baseUrl:  ${sandbox.apiBaseUrl}   (like https://test.saferpay.com/api)`,
    `  Admin API:       ${sandbox.url}/__admin/accounts   (health: /__admin/health)`,
    `  Accounts:        ${accounts.length}`,
    '',
    'Demo credentials (customerId  user  password as given by the merchant):',
  ];
  for (const account of accounts.slice(0, shown)) {
    const notes = [
      account.password === account.givenPassword ? '' : 'WRONG PASSWORD (401)',
      account.licenseEndpoint === 'available' ? '' : `/license ${account.licenseEndpoint}`,
    ].filter(Boolean);
    lines.push(
      `  ${account.customerId}  ${account.username}  ${account.givenPassword}` +
        `  ${account.license.package.id}, ${account.terminals.length} terminal(s)` +
        (notes.length > 0 ? `  [${notes.join('; ')}]` : ''),
    );
  }
  const first = accounts.find((a) => a.password === a.givenPassword);
  if (first) {
    lines.push(
      '',
      'Try it:',
      `  curl -s -u '${first.username}:${first.givenPassword}' -H 'Saferpay-ApiVersion: 1.53' \\`,
      `    -H 'Saferpay-RequestId: demo-1' ${sandbox.apiBaseUrl}/rest/customers/${first.customerId}/terminals`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}
