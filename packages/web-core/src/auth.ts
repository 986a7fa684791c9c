import { ApiError, api, bodyOf, setCsrfToken } from './http';
import type { DemoAccount, Lang, Me } from './types';

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const session = await bodyOf(api.GET('/api/auth/me'));
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
  const session = await bodyOf(api.POST('/api/auth/login', { body: { username, password } }));
  setCsrfToken(session.csrfToken);
  return session.user;
}

export async function logout(): Promise<void> {
  try {
    await api.POST('/api/auth/logout');
  } finally {
    setCsrfToken(null);
  }
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.POST('/api/auth/password', { body: { currentPassword, newPassword } });
}

export async function saveLang(lang: Lang): Promise<void> {
  await api.PUT('/api/auth/lang', { body: { lang } });
}

/** The demo accounts, or null outside demo mode (the endpoint answers 404 there). */
export async function fetchDemoAccounts(): Promise<DemoAccount[] | null> {
  try {
    return await bodyOf(api.GET('/api/auth/demo-accounts'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
