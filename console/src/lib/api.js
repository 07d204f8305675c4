import { session, signOut } from './session.js';

/** A refused call: the problem+json's status and stable code, which the pages turn into words. */
export class ApiError extends Error {
  constructor(status, code, detail, body) {
    super(detail || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.body = body;
  }
}

async function call(method, path, body, { accept = 'application/json', headers = {} } = {}) {
  const response = await fetch(path, {
    method,
    headers: {
      accept,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401 && session.token) signOut();
  const type = response.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await response.json().catch(() => null)
    : accept === 'application/json' ? null : await response.blob();
  if (!response.ok) {
    const problem = parsed && typeof parsed === 'object' ? parsed : {};
    throw new ApiError(response.status, problem.code ?? `HTTP_${response.status}`, problem.detail, problem);
  }
  return parsed;
}

export const api = {
  get: (path, options) => call('GET', path, undefined, options),
  post: (path, body = {}, options) => call('POST', path, body, options),
  put: (path, body, options) => call('PUT', path, body, options),
};

/** A list endpoint answers a plain array or a page object `{items, ...}`: the pages want the rows. */
export function rows(result) {
  return Array.isArray(result) ? result : result?.items ?? [];
}
