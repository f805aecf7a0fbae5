import './styles.css';
import { Desk } from './desk.js';
import { language, onLanguageChange, setLanguage, t } from './i18n/i18n.js';
import { ApiError, api, getToken, setToken, whenUnauthorized } from './lib/api.js';
import { resetState } from './store.js';
import type { Me, User } from './types.js';
import { renderLogin } from './ui/login.js';
import { startTicker } from './ui/panel.js';

/** Boot: the login when there is no valid session, the desk when there is. */

const root = document.getElementById('app')!;
let desk: Desk | null = null;
let offLogin: (() => void) | null = null;

function showLogin(notice: string | null): void {
  desk?.stop();
  desk = null;
  resetState();
  offLogin?.();
  offLogin = renderLogin(root, notice, () => void openDesk());
}

async function openDesk(): Promise<void> {
  offLogin?.();
  offLogin = null;
  let me: Me;
  try {
    me = await api<Me>('GET', '/api/auth/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return; // whenUnauthorized shows the login
    showLogin(t('error.network'));
    return;
  }
  const user: User = { id: me.id, username: me.name, displayName: me.displayName, role: me.role };
  desk = new Desk(root, sessionEnded, () => void logout());
  await desk.start(user);
}

function sessionEnded(): void {
  setToken(null);
  showLogin(t('login.sessionEnded'));
}

async function logout(): Promise<void> {
  try {
    await api('POST', '/api/auth/logout');
  } catch {
    // The session may already be gone; signing out locally is what matters.
  }
  setToken(null);
  showLogin(null);
}

whenUnauthorized(() => {
  if (getToken()) sessionEnded();
});
setLanguage(language());
onLanguageChange(() => {
  // The desk rebuilds its panels itself; only the skip link and dialog text are static.
  for (const el of document.querySelectorAll<HTMLElement>('.skip-link')) el.textContent = t('app.skip');
});
startTicker();
if (getToken()) void openDesk();
else showLogin(null);
