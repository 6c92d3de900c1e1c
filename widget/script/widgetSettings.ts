/**
 * The one setting the install asks for (manifest `settings.backend_url`): where the backend lives.
 * The widget sends a disposable token there, so it must be https, except for a backend on this
 * machine during development.
 */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

export function isAcceptableBackendUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

/** The saved backend URL, or null when the admin has not set a usable one yet. */
export function backendUrlFrom(settings: { backend_url?: unknown }): string | null {
  const value = settings.backend_url;
  return isAcceptableBackendUrl(value) ? value.trim() : null;
}
