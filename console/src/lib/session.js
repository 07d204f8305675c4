import { reactive } from 'vue';

// The signed-in person: the bearer token and what its claims say (roles, subject, area). Kept in sessionStorage so
// a reload keeps the sign-in and closing the tab ends it.
const KEY = 'mesh.token';

export const session = reactive({ token: null, sub: null, roles: [], area: null, expiresAt: null });

export function claimsOf(token) {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function signIn(token) {
  const claims = claimsOf(token);
  const roles = Array.isArray(claims.roles) ? claims.roles : claims.roles ? [claims.roles] : [];
  Object.assign(session, {
    token, sub: claims.sub, roles, area: claims.area ?? null,
    expiresAt: claims.exp ? claims.exp * 1000 : null,
  });
  sessionStorage.setItem(KEY, token);
}

export function signOut() {
  Object.assign(session, { token: null, sub: null, roles: [], area: null, expiresAt: null });
  sessionStorage.removeItem(KEY);
}

export function restore() {
  const token = sessionStorage.getItem(KEY);
  if (!token) return;
  try {
    signIn(token);
    if (session.expiresAt && session.expiresAt < Date.now()) signOut();
  } catch {
    signOut();
  }
}

export function hasRole(role) {
  return session.roles.includes(role);
}
