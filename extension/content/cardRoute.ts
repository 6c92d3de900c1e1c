/** The card a Kommo URL shows: `/leads/detail/1001` is deal 1001. New cards (`/leads/add`) and lists are not cards. */
export type CardRoute = { kind: 'lead' | 'contact'; id: number };

const CARD_PATH = /^\/(leads|contacts)\/detail\/(\d{1,12})\/?$/;

export function cardRouteOf(url: string): CardRoute | null {
  const match = CARD_PATH.exec(new URL(url).pathname);
  if (!match) return null;
  const id = Number(match[2]);
  if (id <= 0) return null;
  return { kind: match[1] === 'leads' ? 'lead' : 'contact', id };
}
