// What the gateway says about signing in (GET /console/config): development tokens in the local profile, otherwise
// the OpenID Connect provider's settings.
let loaded = null;

export function consoleConfig() {
  loaded ??= fetch('/console/config', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : { devTokens: false, oidc: null }))
    .catch(() => ({ devTokens: false, oidc: null }));
  return loaded;
}

export function redirectUri() {
  return `${window.location.origin}/console/`;
}
