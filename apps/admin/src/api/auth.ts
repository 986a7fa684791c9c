import { ApiError, apiFetch, setCsrfToken } from './http';
import type { DemoAccount, Lang, Me, SessionResponse } from './types';

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const session = await apiFetch<SessionResponse>('/api/auth/me');
    setCsrfToken(session.csrfToken);
    return session.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export async function login(username: string, password: string): Promise<Me> {
  const session = await apiFetch<SessionResponse>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
  });
  setCsrfToken(session.csrfToken);
  return session.user;
}

export async function logout(): Promise<void> {
  try {
    await apiFetch<undefined>('/api/auth/logout', { method: 'POST' });
  } finally {
    setCsrfToken(null);
  }
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return apiFetch<undefined>('/api/auth/password', {
    method: 'POST',
    body: { currentPassword, newPassword },
  });
}

export function saveLang(lang: Lang): Promise<void> {
  return apiFetch<undefined>('/api/auth/lang', { method: 'PUT', body: { lang } });
}

/** The demo accounts, or null outside demo mode (the endpoint answers 404 there). */
export async function fetchDemoAccounts(): Promise<DemoAccount[] | null> {
  try {
    return await apiFetch<DemoAccount[]>('/api/auth/demo-accounts');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
