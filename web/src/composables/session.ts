import { ref } from 'vue';

/**
 * The signed-in token lives in sessionStorage only (gone with the tab, never in a cookie the server sees),
 * and the reason the last session ended, for the sign-in page to say.
 */
const TOKEN_KEY = 'gb.token';
const ENDED_KEY = 'gb.ended';

export type EndReason = 'token_revoked' | 'token_expired' | 'unauthorized' | 'signed_out';

const signedIn = ref(sessionStorage.getItem(TOKEN_KEY) !== null);

export const session = {
  signedIn,
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  start(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.removeItem(ENDED_KEY);
    signedIn.value = true;
  },
  expire(reason: EndReason): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.setItem(ENDED_KEY, reason);
    signedIn.value = false;
  },
  /** Why the last session ended, once: read by the sign-in page. */
  takeEndReason(): EndReason | null {
    const reason = sessionStorage.getItem(ENDED_KEY) as EndReason | null;
    sessionStorage.removeItem(ENDED_KEY);
    return reason;
  },
};

/** `gb_` and 43 base64url characters, as the API makes them. */
export function isWellFormedToken(text: string): boolean {
  return /^gb_[A-Za-z0-9_-]{43}$/.test(text);
}

let fragmentToken: string | null = null;

/**
 * `/app/signin#token=gb_…`: the token is taken out of the address at once (replaceState leaves no history
 * entry holding it), before any page or request runs. A fragment is never sent to a server nor in a Referer.
 */
export function takeTokenFromAddress(): void {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  fragmentToken = decodeURIComponent(match[1]!);
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

/**
 * A sign-in link pasted into a tab already on the sign-in page changes only the fragment (no page load):
 * its token is taken out of the address as on a load, and handed to `signIn`. Returns the way to stop.
 */
export function onTokenInAddress(signIn: (token: string) => void): () => void {
  const listener = () => {
    takeTokenFromAddress();
    const token = takeFragmentToken();
    if (token) signIn(token);
  };
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The token the address carried, once. */
export function takeFragmentToken(): string | null {
  const token = fragmentToken;
  fragmentToken = null;
  return token;
}
