import { demoDeals, startDemoWorld } from './demoWorld.ts';

/** `npm run demo`: everything on localhost, until Ctrl+C. */
const bridgePort = Number(process.env['DEMO_BRIDGE_PORT'] ?? 8787);
const pagePort = Number(process.env['DEMO_PAGE_PORT'] ?? 8788);
const world = await startDemoWorld({ bridgePort, pagePort });

const lines = [
  '',
  'Kommo ESP Bridge demo is running.',
  '',
  `  Deal card (open this): ${world.urlFor('customer')}`,
  ...(['unsubscribed', 'bounced', 'noEmail'] as const).map((key) => `  ${demoDeals[key].name.padEnd(22)} ${world.urlFor(key)}`),
  `  Same card in Spanish:  ${world.urlFor('customer', 'es')}`,
  '',
  `  backend-lite:          ${world.bridge.origin}  (Kommo simulator ${world.kommo.origin})`,
  '',
  'Press Ctrl+C to stop.',
  '',
];
process.stdout.write(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void world.close().then(() => process.exit(0));
  });
}
