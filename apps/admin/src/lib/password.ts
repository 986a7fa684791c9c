/** The server's password rule (min 8, letters and digits), checked early to spare a round trip. */
export function isStrongPassword(password: string): boolean {
  return password.length >= 8 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
