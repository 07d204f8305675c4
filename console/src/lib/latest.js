/**
 * Calls of which only the last one started may apply its answer: choosing B while A's answer is still on its way
 * must not let A's answer, arriving late, show under B. `run(fn)` resolves to `{ value }` for the last call, to
 * null for one overtaken by a later call; an overtaken call's failure is dropped too.
 */
export function latest() {
  let last = 0;
  return async function run(fn) {
    const mine = ++last;
    try {
      const value = await fn();
      return mine === last ? { value } : null;
    } catch (error) {
      if (mine === last) throw error;
      return null;
    }
  };
}

/**
 * A page's script loaded on demand, tried again when it fails (a request lost on a loaded network): `attempts`
 * tries in all, then the last failure is the caller's to show.
 */
export async function retried(load, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
