import { createContext, useContext, useState, type ReactNode } from 'react';

const en = {
  appTitle: 'Saferpay onboarding',
  language: 'Language',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  // Invitation
  invalidInvitation:
    'This invitation link is not valid (expired, revoked or incomplete). Ask your operator for a new one.',
  welcome: 'Welcome, {name}',
  welcomeIntro:
    'Add your Saferpay accounts, watch them being checked, review what they offer, then set up your shops.',
  expiresAt: 'This link works until {date}.',
  // Steps
  steps: 'Steps',
  stepAccounts: 'Accounts',
  stepProgress: 'Progress',
  stepMatrix: 'Capabilities',
  stepShops: 'Shops',
  stepSummary: 'Summary',
  next: 'Next',
  // Account form
  addAccount: 'Add an account',
  customerId: 'Customer ID',
  customerIdHint: 'The digits of your Saferpay customer number, e.g. 123456.',
  environment: 'Environment',
  envTest: 'Test',
  envLive: 'Live',
  label: 'Name of the account',
  username: 'JSON API user',
  password: 'JSON API password',
  add: 'Add account',
  required: 'Please fill this in.',
  digitsOnly: 'Only digits, please.',
  tooLong: 'At most {max} characters.',
  usernameShape: 'JSON API users look like API_123456_12345678.',
  fixErrors: 'Please correct the marked fields.',
  added: 'Added {label}. We are checking it with Saferpay now.',
  // CSV
  importCsv: 'Or paste or upload a CSV',
  csvHint: 'Header row: customerId,environment,label,username,password',
  csvText: 'CSV contents',
  csvFile: 'CSV file',
  importButton: 'Import accounts',
  csvRowError: 'Row {row}: {field} – {detail}',
  // Accounts table
  yourAccounts: 'Your accounts',
  noAccounts: 'No accounts yet.',
  state: 'State',
  reason: 'What Saferpay said',
  newPassword: 'New password for {label}',
  savePassword: 'Try again',
  // States
  state_pending: 'Waiting',
  state_onboarding: 'Checking…',
  state_ready: 'Ready',
  state_non_compliant: 'Ready, but misses requirements',
  state_credentials_rejected: 'Credentials rejected',
  state_needs_attention: 'Needs attention',
  state_disabled: 'Disabled',
  // Progress
  progressTitle: 'Onboarding progress',
  progressLabel: 'Onboarding job',
  progressText: '{done} of {total} accounts checked ({percent} %)',
  readyCount: '{ready} of {total} accounts ready',
  noJob: 'Add accounts to start onboarding.',
  // Matrix
  matrixTitle: 'What your accounts offer',
  filterText: 'Search capabilities',
  filterKind: 'Kind',
  filterCurrency: 'Currency',
  filterGapsOnly: 'Only requirements',
  all: 'All',
  kind_feature: 'License features',
  kind_payment_method: 'Payment methods',
  kind_wallet: 'Wallets',
  kind_payment_page_config: 'Payment page configs',
  capability: 'Capability',
  available: 'available',
  missing: 'missing',
  gap: 'required but missing',
  requiredMark: 'required by your policy',
  noRows: 'Nothing matches the filters.',
  gapsOf: '{count} gap(s)',
  // Shops
  shopsTitle: 'Shops and Saferpay Fields',
  shopName: 'Shop name',
  account: 'Account',
  terminal: 'ECOM terminal',
  sourceUrls: 'Pages that embed Saferpay Fields (one HTTPS URL per line)',
  httpsOnly: 'Line {line}: must be an absolute https:// URL.',
  lineError: 'Line {line}: {detail}',
  createShop: 'Create shop',
  provisionToken: 'Create Fields token',
  tokenOnce: 'Fields access token (shown only now, copy it into your shop):',
  noShops: 'No shops yet.',
  choose: 'Choose…',
  // Summary
  summaryTitle: 'Summary',
  summaryAccounts: '{ready} of {total} accounts ready to take payments.',
  summaryShops: '{count} shop(s), {tokens} with a Fields token.',
  done: 'All set. You can close this page.',
  // Console
  consoleTitle: 'Operator console',
  operatorKey: 'Operator key',
  signIn: 'Sign in',
  signOut: 'Sign out',
  franchises: 'Franchises',
  accounts: 'Accounts',
  matrix: 'Matrix',
  compliance: 'Compliance',
  invitations: 'Invitations',
  createInvitation: 'Create invitation',
  invitationLink: 'Invitation link (shown once)',
  revoke: 'Revoke',
  events: 'Drift events',
  runDriftCheck: 'Run drift check now',
  driftRunning: 'Drift check {status}',
  webhooks: 'Webhook endpoints',
  deliveries: 'Deliveries',
  showDeliveries: 'Show deliveries',
  jobs: 'Jobs',
  type: 'Type',
  status: 'Status',
  created: 'Created',
  summary: 'Summary',
  noEvents: 'No events yet.',
  none: 'None.',
  home: 'Open the link from your invitation to start onboarding, or go to the {console}.',
};

export type MessageKey = keyof typeof en;
export type Language = 'en' | 'de';

const de: Record<MessageKey, string> = {
  appTitle: 'Saferpay-Einrichtung',
  language: 'Sprache',
  skipToContent: 'Zum Inhalt springen',
  loading: 'Wird geladen…',
  invalidInvitation:
    'Dieser Einladungslink ist ungültig (abgelaufen, widerrufen oder unvollständig). Bitten Sie Ihren Betreiber um einen neuen.',
  welcome: 'Willkommen, {name}',
  welcomeIntro:
    'Fügen Sie Ihre Saferpay-Konten hinzu, verfolgen Sie die Prüfung, sehen Sie, was sie bieten, und richten Sie Ihre Shops ein.',
  expiresAt: 'Dieser Link gilt bis {date}.',
  steps: 'Schritte',
  stepAccounts: 'Konten',
  stepProgress: 'Fortschritt',
  stepMatrix: 'Funktionen',
  stepShops: 'Shops',
  stepSummary: 'Übersicht',
  next: 'Weiter',
  addAccount: 'Konto hinzufügen',
  customerId: 'Kundennummer',
  customerIdHint: 'Die Ziffern Ihrer Saferpay-Kundennummer, z. B. 123456.',
  environment: 'Umgebung',
  envTest: 'Test',
  envLive: 'Produktiv',
  label: 'Name des Kontos',
  username: 'JSON-API-Benutzer',
  password: 'JSON-API-Passwort',
  add: 'Konto hinzufügen',
  required: 'Bitte ausfüllen.',
  digitsOnly: 'Bitte nur Ziffern.',
  tooLong: 'Höchstens {max} Zeichen.',
  usernameShape: 'JSON-API-Benutzer sehen so aus: API_123456_12345678.',
  fixErrors: 'Bitte korrigieren Sie die markierten Felder.',
  added: '{label} hinzugefügt. Wir prüfen es jetzt bei Saferpay.',
  importCsv: 'Oder CSV einfügen bzw. hochladen',
  csvHint: 'Kopfzeile: customerId,environment,label,username,password',
  csvText: 'CSV-Inhalt',
  csvFile: 'CSV-Datei',
  importButton: 'Konten importieren',
  csvRowError: 'Zeile {row}: {field} – {detail}',
  yourAccounts: 'Ihre Konten',
  noAccounts: 'Noch keine Konten.',
  state: 'Status',
  reason: 'Antwort von Saferpay',
  newPassword: 'Neues Passwort für {label}',
  savePassword: 'Erneut versuchen',
  state_pending: 'Wartet',
  state_onboarding: 'Wird geprüft…',
  state_ready: 'Bereit',
  state_non_compliant: 'Bereit, erfüllt aber nicht alle Vorgaben',
  state_credentials_rejected: 'Zugangsdaten abgelehnt',
  state_needs_attention: 'Braucht Aufmerksamkeit',
  state_disabled: 'Deaktiviert',
  progressTitle: 'Fortschritt der Einrichtung',
  progressLabel: 'Einrichtungsauftrag',
  progressText: '{done} von {total} Konten geprüft ({percent} %)',
  readyCount: '{ready} von {total} Konten bereit',
  noJob: 'Fügen Sie Konten hinzu, um die Einrichtung zu starten.',
  matrixTitle: 'Was Ihre Konten bieten',
  filterText: 'Funktionen suchen',
  filterKind: 'Art',
  filterCurrency: 'Währung',
  filterGapsOnly: 'Nur Vorgaben',
  all: 'Alle',
  kind_feature: 'Lizenzfunktionen',
  kind_payment_method: 'Zahlungsmittel',
  kind_wallet: 'Wallets',
  kind_payment_page_config: 'Payment-Page-Konfigurationen',
  capability: 'Funktion',
  available: 'verfügbar',
  missing: 'fehlt',
  gap: 'vorgeschrieben, aber fehlt',
  requiredMark: 'von Ihrer Richtlinie verlangt',
  noRows: 'Nichts entspricht den Filtern.',
  gapsOf: '{count} Lücke(n)',
  shopsTitle: 'Shops und Saferpay Fields',
  shopName: 'Shop-Name',
  account: 'Konto',
  terminal: 'ECOM-Terminal',
  sourceUrls: 'Seiten, die Saferpay Fields einbetten (eine HTTPS-URL pro Zeile)',
  httpsOnly: 'Zeile {line}: muss eine absolute https://-URL sein.',
  lineError: 'Zeile {line}: {detail}',
  createShop: 'Shop anlegen',
  provisionToken: 'Fields-Token erstellen',
  tokenOnce: 'Fields-Zugriffstoken (nur jetzt sichtbar, kopieren Sie es in Ihren Shop):',
  noShops: 'Noch keine Shops.',
  choose: 'Auswählen…',
  summaryTitle: 'Übersicht',
  summaryAccounts: '{ready} von {total} Konten sind bereit für Zahlungen.',
  summaryShops: '{count} Shop(s), {tokens} mit Fields-Token.',
  done: 'Alles erledigt. Sie können diese Seite schließen.',
  consoleTitle: 'Betreiberkonsole',
  operatorKey: 'Betreiberschlüssel',
  signIn: 'Anmelden',
  signOut: 'Abmelden',
  franchises: 'Franchises',
  accounts: 'Konten',
  matrix: 'Matrix',
  compliance: 'Konformität',
  invitations: 'Einladungen',
  createInvitation: 'Einladung erstellen',
  invitationLink: 'Einladungslink (nur einmal sichtbar)',
  revoke: 'Widerrufen',
  events: 'Drift-Ereignisse',
  runDriftCheck: 'Drift-Prüfung jetzt starten',
  driftRunning: 'Drift-Prüfung {status}',
  webhooks: 'Webhook-Endpunkte',
  deliveries: 'Zustellungen',
  showDeliveries: 'Zustellungen anzeigen',
  jobs: 'Aufträge',
  type: 'Typ',
  status: 'Status',
  created: 'Erstellt',
  summary: 'Zusammenfassung',
  noEvents: 'Noch keine Ereignisse.',
  none: 'Keine.',
  home: 'Öffnen Sie den Link aus Ihrer Einladung, um zu beginnen, oder gehen Sie zur {console}.',
};

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, de };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  return (key, values = {}) =>
    dictionaries[language][key].replace(/\{(\w+)\}/g, (_, name: string) =>
      String(values[name] ?? `{${name}}`),
    );
}

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18n>({
  language: 'en',
  setLanguage: () => undefined,
  t: translator('en'),
});

export function initialLanguage(): Language {
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('de')
    ? 'de'
    : 'en';
}

export function I18nProvider({
  children,
  language: fixed,
}: {
  children: ReactNode;
  language?: Language;
}) {
  const [language, setLanguageState] = useState<Language>(fixed ?? initialLanguage());
  const setLanguage = (next: Language) => {
    setLanguageState(next);
    document.documentElement.lang = next;
  };
  return (
    <I18nContext.Provider value={{ language, setLanguage, t: translator(language) }}>
      {children}
    </I18nContext.Provider>
  );
}

export const useI18n = (): I18n => useContext(I18nContext);
