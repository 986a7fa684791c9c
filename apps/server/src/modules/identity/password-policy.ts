import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../kernel/errors.js';

export const PASSWORD_MIN_LENGTH = 10;

/** Passwords shipped with the demo district; refused on a real install, where the login page does not list them. */
export const DEMO_PASSWORDS: readonly string[] = ['anxiao2026'];

export type PasswordProblem =
  'too_short' | 'needs_letters_and_digits' | 'contains_username' | 'common' | 'demo_password';

const RULES: Record<PasswordProblem, { zh: string; en: string }> = {
  too_short: {
    zh: `密码至少 ${PASSWORD_MIN_LENGTH} 位`,
    en: `at least ${PASSWORD_MIN_LENGTH} characters`,
  },
  needs_letters_and_digits: { zh: '须同时包含字母和数字', en: 'both letters and digits' },
  contains_username: { zh: '不能包含用户名', en: 'must not contain the user name' },
  common: { zh: '不能是常见密码', en: 'must not be a commonly used password' },
  demo_password: { zh: '不能使用演示密码', en: 'must not be the demo password' },
};

let common: Set<string> | null = null;

/** The shipped list of common passwords (see the header of the file for its source). */
export function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt');
    common = new Set(
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return common;
}

/**
 * Which rules a new password breaks. The demo password is allowed only in demo mode, where the
 * demo accounts are seeded with it.
 */
export function passwordProblems(
  password: string,
  username: string,
  opts: { demo: boolean } = { demo: false },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const lower = password.toLowerCase();
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) problems.push('needs_letters_and_digits');
  if (username && lower.includes(username.toLowerCase())) problems.push('contains_username');
  if (commonPasswords().has(lower)) problems.push('common');
  if (!opts.demo && DEMO_PASSWORDS.includes(lower)) problems.push('demo_password');
  return problems;
}

/** 400 naming each rule broken, in both languages. */
export function weakPasswordError(problems: PasswordProblem[]): AppError {
  const zh = problems.map((p) => RULES[p].zh).join('；');
  const en = problems.map((p) => RULES[p].en).join('; ');
  return new AppError(
    'auth.weak_password',
    400,
    { zh: `密码不符合要求：${zh}`, en: `The password does not meet the rules: ${en}` },
    { problems },
  );
}

/** Throws when the password breaks a rule. */
export function checkPassword(password: string, username: string, opts: { demo: boolean }): void {
  const problems = passwordProblems(password, username, opts);
  if (problems.length) throw weakPasswordError(problems);
}
