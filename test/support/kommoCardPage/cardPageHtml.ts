/** Inline JSON that cannot end the <script> element early. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The widget's page under Settings (location `advanced_settings`): Kommo's settings chrome around
 * an empty `#work-area-<widget code>` that the widget's `advancedSettings` callback fills.
 */
function settingsPageHtml(config: { widgetCode: string; widgetTitle: string }, scripts: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(config.widgetTitle)} · Kommo settings (local imitation)</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #f5f6f8; color: #2e3640; }
  .settings-nav { padding: 12px 32px; background: #fff; border-bottom: 1px solid #e0e3e8; color: #8a96a3; }
  .work-area { margin: 16px 32px; background: #fff; border: 1px solid #e0e3e8; border-radius: 4px; min-height: 60vh; }
</style>
</head>
<body>
<nav class="settings-nav">Settings › Integrations › <strong>${escapeHtml(config.widgetTitle)}</strong></nav>
<div class="work-area" id="work-area-${escapeHtml(config.widgetCode)}"></div>
<script>window.__kommoConfig = ${scriptSafeJson(config)};</script>
${scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
</body>
</html>
`;
}

/**
 * The card's shape as Kommo lays it out: the entity's fields on the left, the widgets column
 * (`#widgets_block`) on the right, where `render_template` puts each widget's block.
 */
export function cardPageHtml(
  config: { cardName: string; area: string; contacts: { name: string }[]; widgetCode: string; langs: unknown },
  scripts: string[],
): string {
  if (config.area === 'advanced_settings') {
    const title = (config.langs as { advanced?: { title?: string } }).advanced?.title ?? config.widgetCode;
    return settingsPageHtml({ ...config, widgetTitle: title }, scripts);
  }
  const entity = config.area === 'ccard' ? 'Contact' : 'Deal';
  const contacts = config.contacts.map((contact) => `<li>${escapeHtml(contact.name)}</li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(config.cardName)} · Kommo card (local imitation)</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #f5f6f8; color: #2e3640; }
  .card { display: grid; grid-template-columns: minmax(320px, 1fr) 340px; min-height: 100vh; }
  .card-main { padding: 24px 32px; background: #fff; border-right: 1px solid #e0e3e8; }
  .card-main h1 { margin: 4px 0 16px; font-size: 22px; }
  .card-main .entity { color: #8a96a3; text-transform: uppercase; font-size: 12px; letter-spacing: .05em; }
  .card-widgets { padding: 16px; display: flex; flex-direction: column; gap: 12px; }
  .card-widgets__widget { background: #fff; border: 1px solid #e0e3e8; border-radius: 4px; overflow: hidden; }
  .card-widgets__widget__caption { padding: 8px 12px; border-bottom: 1px solid #e0e3e8; }
  .card-widgets__widget__caption img { height: 28px; display: block; }
  .card-widgets__widget__body { padding: 12px; }
</style>
</head>
<body>
<div class="card">
  <main class="card-main">
    <div class="entity">${entity}</div>
    <h1 id="card_name">${escapeHtml(config.cardName)}</h1>
    <section><h2>Contacts</h2><ul id="card_contacts">${contacts}</ul></section>
  </main>
  <aside class="card-widgets" id="widgets_block"></aside>
</div>
<script>window.__kommoConfig = ${scriptSafeJson(config)};</script>
${scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
</body>
</html>
`;
}
