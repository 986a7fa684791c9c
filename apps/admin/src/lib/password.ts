/**
 * The server's length and letters-and-digits rules, checked early to spare a round trip; the
 * server also refuses common passwords and the user name, and says which rule was broken.
 */
export function isStrongPassword(password: string): boolean {
  return password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
