import { useState, type FormEvent } from 'react';
import type { Schemas } from '@platform/api-types';
import { ApiError } from '../api';
import { useI18n, type MessageKey } from '../i18n';

type Account = Schemas['MerchantAccountDto'];

export const stateKey = (state: string) => `state_${state}` as MessageKey;

/**
 * The franchise's accounts with their state and, when Saferpay refused or something needs
 * attention, its reason in plain words; rejected credentials can be corrected in place.
 */
export function AccountsTable({
  accounts,
  onNewPassword,
}: {
  accounts: Account[];
  onNewPassword?: (account: Account, password: string) => Promise<void>;
}) {
  const { t } = useI18n();
  if (accounts.length === 0) return <p>{t('noAccounts')}</p>;
  return (
    <table className="accounts">
      <caption>{t('yourAccounts')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('label')}</th>
          <th scope="col">{t('customerId')}</th>
          <th scope="col">{t('environment')}</th>
          <th scope="col">{t('state')}</th>
          <th scope="col">{t('reason')}</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr key={account.id} data-state={account.state}>
            <th scope="row">{account.label}</th>
            <td>{account.customerId}</td>
            <td>{account.environment === 'live' ? t('envLive') : t('envTest')}</td>
            <td>
              <span className={`badge badge-${account.state}`}>{t(stateKey(account.state))}</span>
            </td>
            <td>
              {account.stateDetail && <span className="reason">{account.stateDetail}</span>}
              {account.state === 'credentials_rejected' && onNewPassword && (
                <NewPasswordForm account={account} onSubmit={onNewPassword} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewPasswordForm({
  account,
  onSubmit,
}: {
  account: Account;
  onSubmit: (account: Account, password: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const id = `new-password-${account.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError(t('required'));
      return;
    }
    try {
      await onSubmit(account, password);
      setPassword('');
      setError(undefined);
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.fieldErrors['/password'] ?? caught.message);
    }
  };
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id}>{t('newPassword', { label: account.label })}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        value={password}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setPassword(event.target.value)}
      />
      <button type="submit">{t('savePassword')}</button>
      {error && (
        <small id={`${id}-error`} className="error" role="alert">
          {error}
        </small>
      )}
    </form>
  );
}
