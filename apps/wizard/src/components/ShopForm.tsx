import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n';
import { Field } from './Field';
import { checkSourceUrls } from './validation';

export interface ShopAccountOption {
  accountId: string;
  label: string;
  /** The account's ECOM terminals (shops and Fields need one). */
  terminalIds: string[];
}

export interface ShopValues {
  name: string;
  accountId: string;
  terminalId: string;
  sourceUrls: string[];
}

/**
 * Creates a shop: its account and ECOM terminal and the HTTPS pages that embed Saferpay Fields.
 * URLs are checked line by line as typed; the API's `/sourceUrls/N` errors land on that line.
 */
export function ShopForm({
  accounts,
  onSubmit,
}: {
  accounts: ShopAccountOption[];
  onSubmit: (values: ShopValues) => Promise<void>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [accountId, setAccountId] = useState(accounts.length === 1 ? accounts[0].accountId : '');
  const [terminalId, setTerminalId] = useState('');
  const [urlText, setUrlText] = useState('');
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();

  const account = accounts.find((option) => option.accountId === accountId);
  const terminals = account?.terminalIds ?? [];
  const chosenTerminal = terminals.includes(terminalId) ? terminalId : (terminals[0] ?? '');
  const { urls, badLines } = checkSourceUrls(urlText);

  const urlErrors = [
    ...badLines.map((line) => t('httpsOnly', { line })),
    ...Object.entries(serverErrors)
      .filter(([pointer]) => pointer.startsWith('/sourceUrls'))
      .map(([pointer, detail]) => {
        const index = /^\/sourceUrls\/(\d+)$/.exec(pointer)?.[1];
        return index === undefined ? detail : t('lineError', { line: Number(index) + 1, detail });
      }),
  ];
  const errors = {
    name: serverErrors['/name'] ?? (touched && !name.trim() ? t('required') : undefined),
    accountId: serverErrors['/accountId'] ?? (touched && !accountId ? t('required') : undefined),
    terminalId: serverErrors['/terminalId'],
    sourceUrls: urlErrors.length
      ? urlErrors.join(' ')
      : touched && !urls.length
        ? t('required')
        : undefined,
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim() || !accountId || !chosenTerminal || !urls.length || badLines.length) {
      setFormError(t('fixErrors'));
      return;
    }
    setFormError(undefined);
    try {
      await onSubmit({
        name: name.trim(),
        accountId,
        terminalId: chosenTerminal,
        sourceUrls: urls,
      });
      setName('');
      setUrlText('');
      setTouched(false);
      setServerErrors({});
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setServerErrors(error.fieldErrors);
      setFormError(error.message);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="shop-form-title">
      <h3 id="shop-form-title">{t('createShop')}</h3>
      <Field id="shop-name" label={t('shopName')} error={errors.name}>
        {(props) => (
          <input
            {...props}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setServerErrors(({ '/name': _dropped, ...rest }) => rest);
            }}
          />
        )}
      </Field>
      <Field id="shop-account" label={t('account')} error={errors.accountId}>
        {(props) => (
          <select
            {...props}
            value={accountId}
            onChange={(event) => setAccountId(event.target.value)}
          >
            <option value="">{t('choose')}</option>
            {accounts.map((option) => (
              <option key={option.accountId} value={option.accountId}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="shop-terminal" label={t('terminal')} error={errors.terminalId}>
        {(props) => (
          <select
            {...props}
            value={chosenTerminal}
            disabled={!terminals.length}
            onChange={(event) => setTerminalId(event.target.value)}
          >
            {terminals.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        )}
      </Field>
      <Field id="shop-urls" label={t('sourceUrls')} error={errors.sourceUrls}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={urlText}
            onChange={(event) => {
              setUrlText(event.target.value);
              setServerErrors((current) =>
                Object.fromEntries(
                  Object.entries(current).filter(([pointer]) => !pointer.startsWith('/sourceUrls')),
                ),
              );
            }}
          />
        )}
      </Field>
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit">{t('createShop')}</button>
    </form>
  );
}
