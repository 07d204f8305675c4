/** The header the services read an Idempotency-Key from (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A random key; `crypto.randomUUID` needs a secure context, `getRandomValues` does not. */
export function newKey(random = globalThis.crypto) {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One Idempotency-Key per user action: the same key while the operator retries the same request (after a timeout, a
 * 409 in flight, a lost answer), so the service does it once; a new key once it succeeded or the request changed.
 */
export function actionKey(make = newKey) {
  let key = null;
  let request = null;
  return {
    /** The headers for this request: its key, kept across retries of the same request. */
    headersFor(body) {
      const same = JSON.stringify(body);
      if (key === null || same !== request) {
        key = make();
        request = same;
      }
      return { [IDEMPOTENCY_HEADER]: key };
    },
    /** The action succeeded: the next one is another action with a key of its own. */
    done() {
      key = null;
      request = null;
    },
  };
}
