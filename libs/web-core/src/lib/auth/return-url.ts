/**
 * The in-app path to go to after signing in. Only a path inside this app is accepted, so a crafted
 * link cannot send a user elsewhere (`//host`, `/\host`, `https://…`), and never back to the login page.
 */
export function safeReturnUrl(candidate: string | null | undefined, fallback = '/'): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) {
    return fallback;
  }
  if (/^\/login(?:[/?#]|$)/.test(candidate)) {
    return fallback;
  }
  return candidate;
}
