import { useEffect, useMemo, useState } from 'react';
import type { Schemas } from '@platform/api-types';
import { createApi, unwrap } from './api';
import { ConsolePage } from './console/ConsolePage';
import { I18nProvider, useI18n, type Language } from './i18n';
import { adoptTokenFromFragment } from './session';
import { WizardPage } from './wizard/WizardPage';

const BASE = '/app';

/** Path routing under /app: /app/invite (wizard), /app/console (operators), /app/ (start page). */
export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}

function Shell() {
  const { t, language, setLanguage } = useI18n();
  const api = useMemo(() => createApi(), []);
  const route = window.location.pathname.slice(BASE.length).replace(/\/+$/, '') || '/';
  useEffect(() => {
    document.title = t('appTitle');
  }, [t]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand">{t('appTitle')}</span>
        <label htmlFor="language">{t('language')}</label>
        <select
          id="language"
          value={language}
          onChange={(event) => setLanguage(event.target.value as Language)}
        >
          <option value="en">English</option>
          <option value="de">Deutsch</option>
        </select>
      </header>
      <main id="main" tabIndex={-1}>
        {route === '/invite' ? (
          <Invitation api={api} />
        ) : route === '/console' ? (
          <ConsolePage api={api} />
        ) : (
          <>
            <h1>{t('appTitle')}</h1>
            <p>
              {t('home', { console: '' })}
              <a href={`${BASE}/console`}>{t('consoleTitle')}</a>.
            </p>
          </>
        )}
      </main>
    </>
  );
}

function Invitation({ api }: { api: ReturnType<typeof createApi> }) {
  const { t } = useI18n();
  const [state, setState] = useState<'loading' | 'invalid' | Schemas['InvitationSummaryDto']>(
    'loading',
  );
  useEffect(() => {
    const token = adoptTokenFromFragment(window.location, window.history);
    if (!token?.startsWith('sap_inv_')) {
      setState('invalid');
      return;
    }
    api
      .GET('/invitation', {})
      .then((result) => setState(unwrap(result)))
      .catch(() => setState('invalid'));
  }, [api]);
  if (state === 'loading') return <p>{t('loading')}</p>;
  if (state === 'invalid')
    return (
      <p className="error" role="alert">
        {t('invalidInvitation')}
      </p>
    );
  return <WizardPage api={api} invitation={state} />;
}
