import { cors } from 'hono/cors';

/** The widget runs on the account's Kommo (or legacy amoCRM) domain; nothing else may call with credentials. */
const kommoOrigin = /^https:\/\/[a-z0-9-]+\.(kommo\.com|amocrm\.com|amocrm\.ru)$/;

/** CORS for the APIs the widget calls: Kommo's origins plus exact extra ones (PANEL_ORIGINS). */
export function kommoCors({ extraOrigins = [], allowMethods, allowHeaders }: { extraOrigins?: readonly string[]; allowMethods: string[]; allowHeaders: string[] }) {
  return cors({
    origin: (origin) => (kommoOrigin.test(origin) || extraOrigins.includes(origin) ? origin : null),
    allowMethods,
    allowHeaders,
    maxAge: 600,
  });
}
