/**
 * The credential of this tab: an invitation token (wizard) or an operator key (console).
 * Kept in memory and sessionStorage only (gone when the tab closes), never in localStorage.
 */
const STORAGE_KEY = 'platform.credential';

let credential: string | undefined;

export function currentCredential(): string | undefined {
  credential ??= sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  return credential;
}

export function setCredential(value: string | undefined): void {
  credential = value;
  if (value) sessionStorage.setItem(STORAGE_KEY, value);
  else sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * Takes `#token=...` from the invitation link into the session and removes it from the address
 * bar (and so from history and bookmarks). The fragment never reaches a server.
 */
export function adoptTokenFromFragment(location: Location, history: History): string | undefined {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
  if (token) {
    setCredential(token);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return token ?? currentCredential();
}
