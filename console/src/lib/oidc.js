// OpenID Connect authorization code flow with PKCE (RFC 7636), for every profile but the local one. The gateway
// serves the identity provider's settings at /console/config; the verifier lives in sessionStorage only between the
// redirect to the provider and the return.

const VERIFIER = 'mesh.oidc.verifier';
const STATE = 'mesh.oidc.state';
const ID_TOKEN = 'mesh.oidc.idToken';

function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomVerifier(cryptoImpl = globalThis.crypto) {
  return base64url(cryptoImpl.getRandomValues(new Uint8Array(32)));
}

export async function challengeOf(verifier, cryptoImpl = globalThis.crypto) {
  const digest = await cryptoImpl.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The provider's endpoints: as configured, else from its discovery document (with its logout endpoint, if any). */
export async function endpoints(oidc, fetchImpl = fetch) {
  if (oidc.authorizationEndpoint && oidc.tokenEndpoint) return oidc;
  const issuer = oidc.issuer.replace(/\/$/, '');
  const response = await fetchImpl(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed: HTTP ${response.status}`);
  const discovered = await response.json();
  return { ...oidc, authorizationEndpoint: discovered.authorization_endpoint, tokenEndpoint: discovered.token_endpoint,
    endSessionEndpoint: discovered.end_session_endpoint ?? null };
}

/** Builds the authorization request and remembers verifier and state; the caller navigates to the URL. */
export async function authorizationUrl(oidc, storage, redirectUri, cryptoImpl = globalThis.crypto) {
  const verifier = randomVerifier(cryptoImpl);
  const state = randomVerifier(cryptoImpl);
  storage.setItem(VERIFIER, verifier);
  storage.setItem(STATE, state);
  const url = new URL(oidc.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri,
    scope: oidc.scope || 'openid',
    state,
    code_challenge: await challengeOf(verifier, cryptoImpl),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/**
 * Completes the flow on return: checks the state, exchanges the code with the verifier, forgets both. The mesh
 * accepts the provider's access token as its bearer token (the gateway checks it against the provider's keys). The ID
 * token is kept (sessionStorage) only to end the provider's session on sign-out.
 */
export async function completeSignIn(oidc, storage, query, redirectUri, fetchImpl = fetch) {
  const params = new URLSearchParams(query);
  const code = params.get('code');
  if (!code) return null;
  const expected = storage.getItem(STATE);
  const verifier = storage.getItem(VERIFIER);
  storage.removeItem(STATE);
  storage.removeItem(VERIFIER);
  if (!expected || params.get('state') !== expected || !verifier) throw new Error('OIDC_STATE_MISMATCH');
  const response = await fetchImpl(oidc.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: oidc.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`OIDC_TOKEN_FAILED: HTTP ${response.status}`);
  const tokens = await response.json();
  if (tokens.id_token) storage.setItem(ID_TOKEN, tokens.id_token);
  return tokens.access_token;
}

/**
 * Where to send the person on sign-out so that the provider's session ends too (OpenID Connect RP-Initiated Logout):
 * otherwise the next person at a shared computer would be signed in as this one without a password. Null when the
 * provider has no logout endpoint or no ID token was kept; the kept token is forgotten either way.
 */
export function endSessionUrl(oidc, storage, postLogoutRedirectUri) {
  const idToken = storage.getItem(ID_TOKEN);
  storage.removeItem(ID_TOKEN);
  if (!oidc.endSessionEndpoint || !idToken) return null;
  const url = new URL(oidc.endSessionEndpoint);
  url.search = new URLSearchParams({
    id_token_hint: idToken,
    post_logout_redirect_uri: postLogoutRedirectUri,
    client_id: oidc.clientId,
  }).toString();
  return url.toString();
}
