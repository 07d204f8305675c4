import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizationUrl, challengeOf, completeSignIn, endSessionUrl, endpoints } from './oidc.js';

const OIDC = { issuer: 'https://idp.example', clientId: 'mesh-console', scope: 'openid profile',
  authorizationEndpoint: 'https://idp.example/authorize', tokenEndpoint: 'https://idp.example/token' };
const REDIRECT = 'https://mesh.example/console/';

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k), data };
}

describe('OpenID Connect authorization code with PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', webcrypto))
      .toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('sends the person to the provider with the challenge, never the verifier', async () => {
    const storage = memoryStorage();
    const url = new URL(await authorizationUrl(OIDC, storage, REDIRECT, webcrypto));
    const verifier = storage.getItem('mesh.oidc.verifier');
    expect(url.origin + url.pathname).toBe('https://idp.example/authorize');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('mesh-console');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe(await challengeOf(verifier, webcrypto));
    expect(url.searchParams.get('state')).toBe(storage.getItem('mesh.oidc.state'));
    expect(url.toString()).not.toContain(verifier);
  });

  it('exchanges the code with the verifier and forgets both', async () => {
    const storage = memoryStorage();
    const url = new URL(await authorizationUrl(OIDC, storage, REDIRECT, webcrypto));
    const verifier = storage.getItem('mesh.oidc.verifier');
    const calls = [];
    const fetchStub = async (target, init) => {
      calls.push({ target, init });
      return { ok: true, json: async () => ({ access_token: 'the-access-token' }) };
    };
    const token = await completeSignIn(OIDC, storage, `?code=abc&state=${url.searchParams.get('state')}`, REDIRECT, fetchStub);
    expect(token).toBe('the-access-token');
    expect(calls[0].target).toBe('https://idp.example/token');
    const form = new URLSearchParams(calls[0].init.body);
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code')).toBe('abc');
    expect(form.get('code_verifier')).toBe(verifier);
    expect(storage.data.size).toBe(0);
  });

  it('refuses a return whose state is not the one sent', async () => {
    const storage = memoryStorage();
    await authorizationUrl(OIDC, storage, REDIRECT, webcrypto);
    await expect(completeSignIn(OIDC, storage, '?code=abc&state=forged', REDIRECT, async () => {
      throw new Error('must not call the provider');
    })).rejects.toThrow('OIDC_STATE_MISMATCH');
  });

  it('discovers the endpoints from the issuer when they are not configured', async () => {
    const fetchStub = async (target) => ({ ok: target === 'https://idp.example/.well-known/openid-configuration',
      json: async () => ({ authorization_endpoint: 'https://idp.example/a', token_endpoint: 'https://idp.example/t' }) });
    const found = await endpoints({ issuer: 'https://idp.example/', clientId: 'c' }, fetchStub);
    expect(found.authorizationEndpoint).toBe('https://idp.example/a');
    expect(found.tokenEndpoint).toBe('https://idp.example/t');
  });

  it('keeps the ID token only to end the provider session on sign-out, then forgets it', async () => {
    const storage = memoryStorage();
    const url = new URL(await authorizationUrl(OIDC, storage, REDIRECT, webcrypto));
    const fetchStub = async () => ({ ok: true, json: async () => ({ access_token: 'at', id_token: 'the-id-token' }) });
    await completeSignIn(OIDC, storage, `?code=abc&state=${url.searchParams.get('state')}`, REDIRECT, fetchStub);
    const logout = new URL(endSessionUrl({ ...OIDC, endSessionEndpoint: 'https://idp.example/logout' }, storage, REDIRECT));
    expect(logout.origin + logout.pathname).toBe('https://idp.example/logout');
    expect(logout.searchParams.get('id_token_hint')).toBe('the-id-token');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(REDIRECT);
    expect(logout.searchParams.get('client_id')).toBe('mesh-console');
    expect(storage.data.size).toBe(0);
    expect(endSessionUrl({ ...OIDC, endSessionEndpoint: 'https://idp.example/logout' }, storage, REDIRECT)).toBeNull();
  });

  it('signs out here only when the provider names no logout endpoint', () => {
    const storage = memoryStorage();
    storage.setItem('mesh.oidc.idToken', 'the-id-token');
    expect(endSessionUrl(OIDC, storage, REDIRECT)).toBeNull();
    expect(storage.data.size).toBe(0);
  });

  it('discovers the logout endpoint with the others', async () => {
    const fetchStub = async () => ({ ok: true, json: async () => ({ authorization_endpoint: 'https://idp.example/a',
      token_endpoint: 'https://idp.example/t', end_session_endpoint: 'https://idp.example/connect/logout' }) });
    const found = await endpoints({ issuer: 'https://idp.example', clientId: 'c' }, fetchStub);
    expect(found.endSessionEndpoint).toBe('https://idp.example/connect/logout');
  });
});
