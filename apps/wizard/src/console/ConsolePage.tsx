import { useCallback, useState, type FormEvent } from 'react';
import type { Schemas } from '@platform/api-types';
import { ApiError, unwrap, type Api } from '../api';
import { AccountsTable } from '../components/AccountsTable';
import { MatrixTable } from '../components/MatrixTable';
import { useI18n, type MessageKey } from '../i18n';
import { currentCredential, setCredential } from '../session';
import { usePolling } from '../usePolling';

const TABS = ['franchises', 'events', 'webhooks', 'jobs'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, MessageKey> = {
  franchises: 'franchises',
  events: 'events',
  webhooks: 'webhooks',
  jobs: 'jobs',
};

/** The integrator's operator console; the operator key lives in this tab's session only. */
export function ConsolePage({ api }: { api: Api }) {
  const { t } = useI18n();
  const [signedIn, setSignedIn] = useState(Boolean(currentCredential()?.startsWith('sap_op_')));
  const [tab, setTab] = useState<Tab>('franchises');
  if (!signedIn) return <SignIn api={api} onSignedIn={() => setSignedIn(true)} />;
  return (
    <>
      <h1>{t('consoleTitle')}</h1>
      <nav aria-label={t('consoleTitle')}>
        <ul className="steps">
          {TABS.map((name) => (
            <li key={name}>
              <button
                type="button"
                aria-current={tab === name ? 'page' : undefined}
                onClick={() => setTab(name)}
              >
                {t(TAB_LABELS[name])}
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              onClick={() => {
                setCredential(undefined);
                setSignedIn(false);
              }}
            >
              {t('signOut')}
            </button>
          </li>
        </ul>
      </nav>
      {tab === 'franchises' && <Franchises api={api} />}
      {tab === 'events' && <Events api={api} />}
      {tab === 'webhooks' && <Webhooks api={api} />}
      {tab === 'jobs' && <Jobs api={api} />}
    </>
  );
}

function SignIn({ api, onSignedIn }: { api: Api; onSignedIn: () => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!key.trim()) {
      setError(t('required'));
      return;
    }
    setCredential(key.trim());
    try {
      unwrap(await api.GET('/franchises', { params: { query: { limit: 1 } } }));
      onSignedIn();
    } catch (caught) {
      setCredential(undefined);
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
    }
  };
  return (
    <>
      <h1>{t('consoleTitle')}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor="operator-key">{t('operatorKey')}</label>
          <input
            id="operator-key"
            type="password"
            autoComplete="off"
            value={key}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'operator-key-error' : undefined}
            onChange={(event) => setKey(event.target.value)}
          />
          {error && (
            <small id="operator-key-error" className="error" role="alert">
              {error}
            </small>
          )}
        </div>
        <button type="submit">{t('signIn')}</button>
      </form>
    </>
  );
}

function Franchises({ api }: { api: Api }) {
  const { t } = useI18n();
  const [franchises, setFranchises] = useState<Schemas['FranchiseDto'][]>([]);
  const [selected, setSelected] = useState<string>();
  usePolling(
    useCallback(async () => {
      setFranchises(
        unwrap(await api.GET('/franchises', { params: { query: { limit: 100 } } })).items,
      );
    }, [api]),
    30_000,
  );
  const franchise = franchises.find((f) => f.id === selected);
  return (
    <section aria-labelledby="franchises-title">
      <h2 id="franchises-title">{t('franchises')}</h2>
      <ul className="franchise-list">
        {franchises.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              aria-current={f.id === selected ? 'true' : undefined}
              onClick={() => setSelected(f.id)}
            >
              {f.name}
              {f.externalRef ? ` (${f.externalRef})` : ''}
            </button>
          </li>
        ))}
      </ul>
      {franchise && <FranchiseDetail key={franchise.id} api={api} franchise={franchise} />}
    </section>
  );
}

function FranchiseDetail({ api, franchise }: { api: Api; franchise: Schemas['FranchiseDto'] }) {
  const { t, language } = useI18n();
  const path = { params: { path: { franchiseId: franchise.id } } };
  const [accounts, setAccounts] = useState<Schemas['MerchantAccountDto'][]>([]);
  const [matrix, setMatrix] = useState<Schemas['CapabilityMatrixDto']>();
  const [compliance, setCompliance] = useState<Schemas['FranchiseComplianceDto']>();
  const [invitations, setInvitations] = useState<Schemas['InvitationDto'][]>([]);
  const [link, setLink] = useState<string>();
  const refresh = useCallback(async () => {
    const franchiseId = franchise.id;
    const [a, m, c, i] = await Promise.all([
      api.GET('/franchises/{franchiseId}/merchant-accounts', {
        params: { path: { franchiseId }, query: { limit: 200 } },
      }),
      api.GET('/franchises/{franchiseId}/capability-matrix', { params: { path: { franchiseId } } }),
      api.GET('/franchises/{franchiseId}/compliance', { params: { path: { franchiseId } } }),
      api.GET('/franchises/{franchiseId}/invitations', { params: { path: { franchiseId } } }),
    ]);
    setAccounts(unwrap(a).items);
    setMatrix(unwrap(m));
    setCompliance(unwrap(c));
    setInvitations(unwrap(i).items);
  }, [api, franchise.id]);
  usePolling(refresh, 5000);

  return (
    <article aria-labelledby="franchise-title">
      <h2 id="franchise-title">{franchise.name}</h2>
      <h3>{t('invitations')}</h3>
      <button
        type="button"
        onClick={() =>
          void (async () => {
            const issued = unwrap(
              await api.POST('/franchises/{franchiseId}/invitations', { ...path, body: {} }),
            );
            setLink(issued.link);
            await refresh();
          })()
        }
      >
        {t('createInvitation')}
      </button>
      {link && (
        <p>
          {t('invitationLink')}:{' '}
          <a href={link} data-testid="invitation-link">
            {link}
          </a>
        </p>
      )}
      {invitations.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('created')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <td>
                  {invitation.hint} – {invitation.state}
                </td>
                <td>{new Date(invitation.createdAt).toLocaleString(language)}</td>
                <td>
                  {invitation.state === 'active' && (
                    <button
                      type="button"
                      onClick={() =>
                        void (async () => {
                          await api.DELETE('/invitations/{invitationId}', {
                            params: { path: { invitationId: invitation.id } },
                          });
                          await refresh();
                        })()
                      }
                    >
                      {t('revoke')} {invitation.hint}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('accounts')}</h3>
      <AccountsTable accounts={accounts} />
      <h3>{t('compliance')}</h3>
      <p>{compliance?.summary}</p>
      <ul>
        {compliance?.accounts
          .filter((entry) => entry.compliance && !entry.compliance.compliant)
          .map((entry) => (
            <li key={entry.accountId}>
              {entry.label}: {entry.compliance?.gaps.map((gap) => gap.message).join(' ')}
            </li>
          ))}
      </ul>
      {matrix && <MatrixTable matrix={matrix} />}
    </article>
  );
}

function Events({ api }: { api: Api }) {
  const { t, language } = useI18n();
  const [events, setEvents] = useState<Schemas['EventDto'][]>([]);
  const [check, setCheck] = useState<Schemas['JobDto']>();
  usePolling(
    useCallback(async () => {
      setEvents(unwrap(await api.GET('/events', { params: { query: { limit: 50 } } })).items);
      if (check && (check.status === 'queued' || check.status === 'running')) {
        setCheck(unwrap(await api.GET('/jobs/{jobId}', { params: { path: { jobId: check.id } } })));
      }
    }, [api, check]),
    2000,
  );
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">{t('events')}</h2>
      <button
        type="button"
        onClick={() =>
          void (async () => setCheck(unwrap(await api.POST('/drift-checks', { body: {} })).job))()
        }
      >
        {t('runDriftCheck')}
      </button>
      {check && (
        <p role="status">
          {t('driftRunning', { status: check.status })} ({check.progress.percent} %)
        </p>
      )}
      {events.length === 0 ? (
        <p>{t('noEvents')}</p>
      ) : (
        <table className="events">
          <thead>
            <tr>
              <th scope="col">{t('created')}</th>
              <th scope="col">{t('type')}</th>
              <th scope="col">{t('summary')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-type={event.type}>
                <td>{new Date(event.createdAt).toLocaleString(language)}</td>
                <td>{event.type}</td>
                <td>{event.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Webhooks({ api }: { api: Api }) {
  const { t, language } = useI18n();
  const [endpoints, setEndpoints] = useState<Schemas['WebhookEndpointDto'][]>([]);
  const [deliveries, setDeliveries] = useState<{
    endpointId: string;
    items: Schemas['WebhookDeliveryDto'][];
  }>();
  usePolling(
    useCallback(async () => {
      setEndpoints(unwrap(await api.GET('/webhook-endpoints', {})).items);
    }, [api]),
    10_000,
  );
  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('webhooks')}</h2>
      {endpoints.length === 0 && <p>{t('none')}</p>}
      <ul>
        {endpoints.map((endpoint) => (
          <li key={endpoint.id}>
            {endpoint.url} – {endpoint.status}{' '}
            <button
              type="button"
              onClick={() =>
                void (async () => {
                  const page = unwrap(
                    await api.GET('/webhook-endpoints/{endpointId}/deliveries', {
                      params: { path: { endpointId: endpoint.id } },
                    }),
                  );
                  setDeliveries({ endpointId: endpoint.id, items: page.items });
                })()
              }
            >
              {t('showDeliveries')} ({endpoint.url})
            </button>
            {deliveries?.endpointId === endpoint.id && (
              <table>
                <caption>{t('deliveries')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('created')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">HTTP</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.items.map((delivery) => (
                    <tr key={delivery.id}>
                      <td>{new Date(delivery.createdAt).toLocaleString(language)}</td>
                      <td>{delivery.status}</td>
                      <td>{delivery.lastStatusCode ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Jobs({ api }: { api: Api }) {
  const { t, language } = useI18n();
  const [jobs, setJobs] = useState<Schemas['JobDto'][]>([]);
  usePolling(
    useCallback(async () => {
      setJobs(unwrap(await api.GET('/jobs', { params: { query: { limit: 50 } } })).items);
    }, [api]),
    3000,
  );
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('jobs')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('created')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">%</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td>{new Date(job.createdAt).toLocaleString(language)}</td>
              <td>{job.type}</td>
              <td>{job.status}</td>
              <td>{job.progress.percent}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
