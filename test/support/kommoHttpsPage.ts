/**
 * A Kommo-like single-page app served over https, for the extension's browser test: the browser
 * reaches it as https://{subdomain}.kommo.com through Chromium's --host-resolver-rules, so the
 * extension's real match patterns apply. Card pages have a left area and the right widget column
 * real Kommo has (`#widgets_block .card-widgets__elements`); `?layout=bare` leaves the column out.
 *
 * In the page, `window.__kommoSpa.open(path)` navigates the way Kommo does: history.pushState,
 * then the card re-rendered, column included.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KommoHttpsPage = { port: number; origin: string; close(): Promise<void> };

export class OpensslMissing extends Error {
  override name = 'OpensslMissing';
}

/** A throw-away self-signed certificate for *.kommo.com; Chromium runs with --ignore-certificate-errors. */
function selfSignedCertificate(subdomain: string): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'kommo-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${subdomain}.kommo.com`, '-addext', 'subjectAltName=DNS:*.kommo.com',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (error) {
    throw new OpensslMissing(`Could not create a test certificate with openssl (${error instanceof Error ? error.message : String(error)}); install openssl.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spaHtml(deals: Record<number, string>): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kommo</title>
<style>
  body { margin: 0; font: 14px sans-serif; display: flex; }
  #left { flex: 1; padding: 16px; } #card { display: flex; flex: 1; }
  #widgets_block { width: 380px; border-left: 1px solid #ccc; padding: 8px; }
</style></head>
<body><nav id="left">Kommo</nav><div id="card"></div>
<script>
  const deals = ${JSON.stringify(deals)};
  function render() {
    const card = document.getElementById('card');
    const match = /^\\/(leads|contacts)\\/detail\\/(\\d+)/.exec(location.pathname);
    const bare = new URLSearchParams(location.search).get('layout') === 'bare';
    if (!match) { card.innerHTML = '<section class="pipeline">Pipeline</section>'; return; }
    const title = match[1] === 'leads' ? (deals[match[2]] || 'Deal #' + match[2]) : 'Contact #' + match[2];
    card.innerHTML = '<section class="card-holder"><h1 data-testid="card-title"></h1></section>' +
      (bare ? '' : '<div id="widgets_block" class="card-widgets"><div class="card-widgets__elements"></div></div>');
    card.querySelector('h1').textContent = title;
  }
  window.__kommoSpa = { open(path) { history.pushState(null, '', path); render(); } };
  addEventListener('popstate', render);
  render();
</script></body></html>`;
}

export async function startKommoHttpsPage({ subdomain, deals }: { subdomain: string; deals: Record<number, string> }): Promise<KommoHttpsPage> {
  const html = spaHtml(deals);
  const server = createServer(selfSignedCertificate(subdomain), (request, response) => {
    const host = request.headers.host ?? '';
    if (!host.startsWith(`${subdomain}.kommo.com`)) {
      response.writeHead(421, { 'Content-Type': 'text/plain' }).end(`This test server only serves ${subdomain}.kommo.com, not ${host}.`);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `https://${subdomain}.kommo.com`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
