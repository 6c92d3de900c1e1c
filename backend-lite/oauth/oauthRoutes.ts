import { Hono } from 'hono';
import { installCallback, type InstallCallbackOptions } from './installCallback.ts';
import { uninstallHook, type UninstallHookOptions } from './uninstallHook.ts';

export type OAuthRoutesOptions = { install: InstallCallbackOptions; uninstall: UninstallHookOptions };

/** Mounted at /oauth (SPEC §5.3): Kommo's Redirect URI and its "access revoked" hook. */
export function oauthRoutes({ install, uninstall }: OAuthRoutesOptions) {
  const routes = new Hono();
  routes.get('/kommo/callback', installCallback(install));
  routes.get('/kommo/uninstall', uninstallHook(uninstall));
  return routes;
}
