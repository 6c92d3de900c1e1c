import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtensionBrowser, type ExtensionBrowser } from '../support/extensionBrowser.ts';

/** The BUILT extension's options page in a browser whose language is Spanish (Spain). */
let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtensionBrowser({ locale: 'es-ES' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the options page in a Spanish browser', () => {
  it('speaks Spanish: title, labels, buttons and what is missing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const status = page.locator('[data-testid="keb-options-status"]');
    await page.locator('[data-testid="keb-options-test"]').waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['es', 'Kommo ESP Bridge — opciones']);
    expect(await page.locator('label').allInnerTexts()).toEqual(['URL del backend', 'Token personal']);
    expect(await page.locator('button').allInnerTexts()).toEqual(['Guardar', 'Probar la conexión']);

    await page.locator('[data-testid="keb-options-test"]').click();
    await expect.poll(() => status.textContent()).toBe('Introduce la URL del backend, p. ej. https://bridge.example.com (http sin cifrar solo para localhost).');
  });
});
