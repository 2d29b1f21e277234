import { useCallback, useMemo, useState } from 'react';
import type { Schemas } from '@platform/api-types';
import { ApiError, unwrap, type Api } from '../api';
import { AccountForm } from '../components/AccountForm';
import { AccountsTable } from '../components/AccountsTable';
import { CsvImport } from '../components/CsvImport';
import { MatrixTable } from '../components/MatrixTable';
import { ProgressBar } from '../components/ProgressBar';
import { ShopForm, type ShopAccountOption } from '../components/ShopForm';
import { useI18n, type MessageKey } from '../i18n';
import { usePolling } from '../usePolling';

const STEPS = ['accounts', 'progress', 'matrix', 'shops', 'summary'] as const;
type Step = (typeof STEPS)[number];
const STEP_LABELS: Record<Step, MessageKey> = {
  accounts: 'stepAccounts',
  progress: 'stepProgress',
  matrix: 'stepMatrix',
  shops: 'stepShops',
  summary: 'stepSummary',
};
const SETTLED = new Set([
  'ready',
  'non_compliant',
  'credentials_rejected',
  'needs_attention',
  'disabled',
]);
const USABLE = new Set(['ready', 'non_compliant']);

/** The franchise onboarding wizard, authenticated by the invitation token of this tab. */
export function WizardPage({
  api,
  invitation,
}: {
  api: Api;
  invitation: Schemas['InvitationSummaryDto'];
}) {
  const { t, language } = useI18n();
  const franchiseId = invitation.franchiseId;
  const path = { params: { path: { franchiseId } } };
  const [step, setStep] = useState<Step>('accounts');
  const [accounts, setAccounts] = useState<Schemas['MerchantAccountDto'][]>([]);
  const [job, setJob] = useState<Schemas['JobDto']>();
  const [matrix, setMatrix] = useState<Schemas['CapabilityMatrixDto']>();
  const [shops, setShops] = useState<Schemas['ShopDto'][]>([]);
  // Access tokens are shown once and kept in memory only (never in any storage).
  const [fieldsTokens, setFieldsTokens] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string>();

  const refreshAccounts = useCallback(async () => {
    const page = unwrap(
      await api.GET('/franchises/{franchiseId}/merchant-accounts', {
        params: { path: { franchiseId }, query: { limit: 200 } },
      }),
    );
    setAccounts(page.items);
  }, [api, franchiseId]);
  const refreshJob = useCallback(async () => {
    if (!job) return;
    setJob(unwrap(await api.GET('/jobs/{jobId}', { params: { path: { jobId: job.id } } })));
  }, [api, job]);
  const refreshMatrix = useCallback(async () => {
    setMatrix(
      unwrap(
        await api.GET('/franchises/{franchiseId}/capability-matrix', {
          params: { path: { franchiseId } },
        }),
      ),
    );
  }, [api, franchiseId]);
  const refreshShops = useCallback(async () => {
    setShops(
      unwrap(
        await api.GET('/franchises/{franchiseId}/shops', { params: { path: { franchiseId } } }),
      ).items,
    );
  }, [api, franchiseId]);

  const busy =
    accounts.some((account) => !SETTLED.has(account.state)) ||
    (job !== undefined && (job.status === 'queued' || job.status === 'running'));
  usePolling(refreshAccounts, busy ? 1000 : 5000);
  usePolling(refreshJob, 1000, busy && job !== undefined);
  usePolling(refreshMatrix, 5000, step === 'matrix' || step === 'shops');
  usePolling(refreshShops, 10_000, step === 'shops' || step === 'summary');

  const started = (registered: Schemas['RegisteredMerchantAccountsDto']) => {
    setJob(registered.job);
    setAccounts((current) => [
      ...current.filter((a) => !registered.accounts.some((r) => r.id === a.id)),
      ...registered.accounts,
    ]);
  };

  const shopAccounts: ShopAccountOption[] = useMemo(
    () =>
      (matrix?.columns ?? [])
        .filter((column) => column.state !== null && USABLE.has(column.state))
        .map((column) => ({
          accountId: column.accountId,
          label: column.label,
          terminalIds: column.terminals
            .filter((terminal) => terminal.type === 'ECOM')
            .map((terminal) => terminal.terminalId),
        }))
        .filter((option) => option.terminalIds.length > 0),
    [matrix],
  );
  const ready = accounts.filter((account) => USABLE.has(account.state)).length;

  return (
    <>
      <h1>{t('welcome', { name: invitation.franchiseName })}</h1>
      <p>{t('welcomeIntro')}</p>
      <p className="hint">
        {t('expiresAt', { date: new Date(invitation.expiresAt).toLocaleDateString(language) })}
      </p>
      <nav aria-label={t('steps')}>
        <ol className="steps">
          {STEPS.map((name, index) => (
            <li key={name}>
              <button
                type="button"
                aria-current={step === name ? 'step' : undefined}
                onClick={() => setStep(name)}
              >
                {index + 1}. {t(STEP_LABELS[name])}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <section aria-labelledby="step-title">
        <h2 id="step-title">{t(STEP_LABELS[step])}</h2>
        {step === 'accounts' && (
          <div className="two-columns">
            <AccountForm
              onSubmit={async (values) => {
                started(
                  unwrap(
                    await api.POST('/franchises/{franchiseId}/merchant-accounts', {
                      ...path,
                      body: values,
                    }),
                  ),
                );
                setNotice(t('added', { label: values.label }));
              }}
            />
            <CsvImport
              onImport={async (csv) => {
                const result = await api.POST(
                  '/franchises/{franchiseId}/merchant-accounts/import',
                  {
                    ...path,
                    body: csv,
                    bodySerializer: (body: string) => body,
                    headers: { 'Content-Type': 'text/csv' },
                  },
                );
                started(unwrap(result));
              }}
            />
          </div>
        )}
        {(step === 'accounts' || step === 'progress') && (
          <>
            {step === 'progress' && (
              <>
                <h3>{t('progressTitle')}</h3>
                <ProgressBar job={job} />
                <p>{t('readyCount', { ready, total: accounts.length })}</p>
              </>
            )}
            <AccountsTable
              accounts={accounts}
              onNewPassword={async (account, password) => {
                const updated = unwrap(
                  await api.PATCH('/merchant-accounts/{accountId}', {
                    params: { path: { accountId: account.id } },
                    body: { password },
                  }),
                );
                setAccounts((current) => current.map((a) => (a.id === updated.id ? updated : a)));
              }}
            />
          </>
        )}
        {step === 'matrix' && (matrix ? <MatrixTable matrix={matrix} /> : <p>{t('loading')}</p>)}
        {step === 'shops' && (
          <>
            <ShopForm
              accounts={shopAccounts}
              onSubmit={async (values) => {
                const shop = unwrap(
                  await api.POST('/franchises/{franchiseId}/shops', { ...path, body: values }),
                );
                setShops((current) => [...current, shop]);
              }}
            />
            <h3>{t('shopsTitle')}</h3>
            {shops.length === 0 ? (
              <p>{t('noShops')}</p>
            ) : (
              <ul className="shops">
                {shops.map((shop) => (
                  <li key={shop.id}>
                    <strong>{shop.name}</strong> – {shop.sourceUrls.join(', ')}{' '}
                    {fieldsTokens[shop.id] ? (
                      <p>
                        {t('tokenOnce')}{' '}
                        <code data-testid="fields-token">{fieldsTokens[shop.id]}</code>
                      </p>
                    ) : (
                      <button
                        type="button"
                        onClick={() =>
                          void (async () => {
                            try {
                              const provisioned = unwrap(
                                await api.POST('/shops/{shopId}/fields-tokens', {
                                  params: { path: { shopId: shop.id } },
                                }),
                              );
                              setFieldsTokens((current) => ({
                                ...current,
                                [shop.id]: provisioned.accessToken,
                              }));
                            } catch (error) {
                              if (error instanceof ApiError) setNotice(error.message);
                              else throw error;
                            }
                          })()
                        }
                      >
                        {t('provisionToken')} ({shop.name})
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {step === 'summary' && (
          <>
            <p>{t('summaryAccounts', { ready, total: accounts.length })}</p>
            <p>
              {t('summaryShops', { count: shops.length, tokens: Object.keys(fieldsTokens).length })}
            </p>
            <AccountsTable accounts={accounts} />
            <p>{t('done')}</p>
          </>
        )}
        {step !== 'summary' && (
          <button
            type="button"
            className="primary"
            onClick={() => setStep(STEPS[STEPS.indexOf(step) + 1])}
          >
            {t('next')}
          </button>
        )}
      </section>
    </>
  );
}
