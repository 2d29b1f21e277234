import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n';
import { Field } from './Field';
import { checkAccount, type AccountValues } from './validation';

const EMPTY: AccountValues = {
  customerId: '',
  environment: 'test',
  label: '',
  username: '',
  password: '',
};

type FieldName = keyof AccountValues;

/**
 * Adds one merchant account. Fields are checked as the user types (once touched); on submit
 * the API's own field errors (`/customerId`, `/password`, ...) are shown beside their fields.
 */
export function AccountForm({ onSubmit }: { onSubmit: (values: AccountValues) => Promise<void> }) {
  const { t } = useI18n();
  const [values, setValues] = useState<AccountValues>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const checks = checkAccount(values);
  const errorOf = (name: FieldName): string | undefined => {
    if (serverErrors[`/${name}`]) return serverErrors[`/${name}`];
    const check = checks[name];
    return touched[name] && check ? t(check.key, check.values) : undefined;
  };
  const update = (name: FieldName, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setTouched((current) => ({ ...current, [name]: true }));
    setServerErrors(({ [`/${name}`]: _dropped, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched({ customerId: true, label: true, username: true, password: true });
    if (Object.values(checks).some(Boolean)) {
      setFormError(t('fixErrors'));
      return;
    }
    setBusy(true);
    setFormError(undefined);
    try {
      await onSubmit({ ...values, customerId: values.customerId.trim() });
      setValues(EMPTY);
      setTouched({});
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setServerErrors(error.fieldErrors);
      setFormError(error.message);
    } finally {
      setBusy(false);
    }
  };

  const text = (name: Exclude<FieldName, 'environment'>, label: string, hint?: string) => (
    <Field id={`account-${name}`} label={label} hint={hint} error={errorOf(name)}>
      {(props) => (
        <input
          {...props}
          name={name}
          type={name === 'password' ? 'password' : 'text'}
          autoComplete={name === 'password' ? 'new-password' : 'off'}
          value={values[name]}
          onChange={(event) => update(name, event.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="add-account-title">
      <h3 id="add-account-title">{t('addAccount')}</h3>
      {text('customerId', t('customerId'), t('customerIdHint'))}
      <fieldset>
        <legend>{t('environment')}</legend>
        {(['test', 'live'] as const).map((environment) => (
          <label key={environment} className="inline">
            <input
              type="radio"
              name="environment"
              value={environment}
              checked={values.environment === environment}
              onChange={() => setValues((current) => ({ ...current, environment }))}
            />
            {environment === 'test' ? t('envTest') : t('envLive')}
          </label>
        ))}
      </fieldset>
      {text('label', t('label'))}
      {text('username', t('username'))}
      {text('password', t('password'))}
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('add')}
      </button>
    </form>
  );
}
