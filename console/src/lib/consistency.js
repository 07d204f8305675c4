// Read-your-writes across services. A write answers `Mesh-Consistency-Token: <topic>:<eventId>[,...]`; sending the
// tokens back in `Mesh-Await` on the next write to relation or wallet gets an answer that has seen that write (or 503
// NOT_YET_CONSISTENT with Retry-After, which the client waits out once). Kept for this sign-in only: the last few.

export const TOKEN_HEADER = 'mesh-consistency-token';
export const AWAIT_HEADER = 'Mesh-Await';
const KEEP = 8;
// The gateway routes these to relation-service and wallet-service (PUT /relations/{id}/quota is the wallet's).
const AWAITING = [/^\/api\/v1\/(relations|payments|accounts|wallets|quotas|payment-codes|credits)(\/|\?|$)/];

export function consistencyTokens(keep = KEEP) {
  let ids = [];
  return {
    /** Remembers the ids a response names (newest last, each once, at most `keep`). */
    remember(headerValue) {
      const fresh = String(headerValue ?? '').split(',').map((id) => id.trim()).filter(Boolean);
      if (!fresh.length) return;
      ids = [...ids.filter((id) => !fresh.includes(id)), ...fresh].slice(-keep);
    },
    /** The header to send with a request, or none: only writes to the services that read the registry's events. */
    headersFor(method, path) {
      if (!ids.length || method === 'GET' || !AWAITING.some((pattern) => pattern.test(path))) return {};
      return { [AWAIT_HEADER]: ids.join(',') };
    },
    forget() {
      ids = [];
    },
    get ids() {
      return [...ids];
    },
  };
}

/** Retry-After in milliseconds (seconds or an HTTP date), kept between 0.2 s and 5 s so a page never hangs. */
export function retryAfterMillis(value, now = Date.now()) {
  const seconds = Number(value);
  const millis = Number.isFinite(seconds) && String(value ?? '').trim() !== '' ? seconds * 1000
    : value ? Date.parse(value) - now : NaN;
  return Math.min(5000, Math.max(200, Number.isFinite(millis) ? millis : 1000));
}
