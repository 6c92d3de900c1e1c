import { existsSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { kommoLogos, MAX_IMAGE_BYTES } from './kommoLogos.ts';
import { readPngSize } from './pngHeader.ts';

const zipPath = new URL('../../dist/widget.zip', import.meta.url);
let files: Record<string, Uint8Array> = {};

const text = (name: string) => new TextDecoder().decode(file(name));
const json = (name: string) => JSON.parse(text(name)) as Record<string, unknown>;

function file(name: string): Uint8Array {
  const bytes = files[name];
  if (!bytes) throw new Error(`widget.zip has no ${name}; it holds ${Object.keys(files).join(', ')}`);
  return bytes;
}

function lookUp(tree: unknown, dottedKey: string): unknown {
  return dottedKey.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

type Manifest = {
  widget: { name: string; description: string; short_description: string; interface_version: number; installation: boolean; locale: string[] };
  locations: string[];
  settings: Record<string, { name: string; type: string; required: boolean }>;
  advanced?: { title: string };
};

beforeAll(() => {
  if (!existsSync(zipPath)) throw new Error('dist/widget.zip is missing: run `npm run build` first (npm test does).');
  files = unzipSync(readFileSync(zipPath));
});

describe('dist/widget.zip', () => {
  it('holds the widget files at the archive root, as Kommo reads them', () => {
    const names = Object.keys(files).filter((name) => !name.endsWith('/'));
    expect(names).toContain('manifest.json');
    expect(names).toContain('script.js');
    expect(names).toContain('settings.js');
    for (const name of names) expect(name).toMatch(/^(manifest\.json|script\.js|settings\.js|i18n\/[a-z]{2}\.json|images\/[a-z_]+\.png)$/);
  });

  it('has a version 2 manifest for the deal card, the contact card, settings and the advanced settings page', () => {
    const manifest = json('manifest.json') as Manifest;
    expect(manifest.widget.interface_version).toBe(2);
    expect(manifest.locations).toEqual(expect.arrayContaining(['lcard-1', 'ccard-1', 'settings', 'advanced_settings']));
    // Kommo names the widget's page under Settings with this key (reference kommo.md §1.3).
    expect(manifest.advanced).toEqual({ title: 'advanced.title' });
    expect(manifest.widget.installation).toBe(true);
    expect(manifest.settings['backend_url']).toEqual({ name: 'settings.backend_url', type: 'text', required: true });
  });

  it('translates every manifest key in every declared locale', () => {
    const manifest = json('manifest.json') as Manifest;
    const keys = [
      manifest.widget.name,
      manifest.widget.description,
      manifest.widget.short_description,
      ...Object.values(manifest.settings).map((field) => field.name),
      ...(manifest.advanced ? [manifest.advanced.title] : []),
    ];
    expect(manifest.widget.locale).toEqual(expect.arrayContaining(['en', 'es', 'pt']));
    for (const locale of manifest.widget.locale) {
      const strings = json(`i18n/${locale}.json`);
      for (const key of keys) {
        const value = lookUp(strings, key);
        expect(typeof value === 'string' && value.length > 0, `${locale}: ${key}`).toBe(true);
      }
    }
  });

  it('has every logo at the size Kommo expects, each within 300 KB', () => {
    for (const [name, size] of Object.entries(kommoLogos)) {
      const bytes = file(`images/${name}`);
      expect(readPngSize(bytes, name), name).toEqual(size);
      expect(bytes.length).toBeLessThanOrEqual(MAX_IMAGE_BYTES);
    }
  });

  it('stores text as UTF-8 without BOM and with LF line endings', () => {
    for (const name of Object.keys(files).filter((n) => /\.(json|js)$/.test(n))) {
      const bytes = file(name);
      expect([bytes[0], bytes[1], bytes[2]], `${name} starts with a BOM`).not.toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.includes(0x0d), `${name} has a CR`).toBe(false);
    }
  });
});

type Factory = (...deps: unknown[]) => unknown;

/** Evaluates one of the archive's scripts the way RequireJS does: an AMD `define` that captures the dependencies and the factory. */
function evaluateAmd(name: string, globals: Record<string, unknown> = {}) {
  const captured: { deps?: unknown; factory?: Factory } = {};
  const define = Object.assign((deps: unknown, factory: Factory) => Object.assign(captured, { deps, factory }), { amd: {} });
  // A bare context, plus URL, which every browser Kommo supports has.
  runInNewContext(text(name), { define, URL, ...globals });
  return captured;
}

describe('script.js', () => {
  type Callbacks = Record<string, (...args: unknown[]) => unknown>;
  type Widget = { callbacks: Callbacks } & Record<string, unknown>;

  /** The widget constructor, with RequireJS's local `require` recording what the widget asks it for. */
  function loadWidgetConstructor(globals: Record<string, unknown> = {}) {
    const { deps, factory } = evaluateAmd('script.js', globals);
    const required: string[][] = [];
    const amdRequire = (ids: string[]) => void required.push(ids);
    const fakeJQuery = () => ({ on: () => undefined, off: () => undefined });
    return { deps, required, Widget: factory?.(fakeJQuery, amdRequire) as ((this: Widget) => Widget) | undefined };
  }

  function instantiate(Widget: (this: Widget) => Widget): Widget {
    const host = {
      params: { path: 'https://cdn.example.com/widgets/keb', version: '1.2.3' },
      render_template: () => undefined,
      get_settings: () => ({ widget_code: 'keb', backend_url: 'https://bridge.example.com' }),
      system: () => ({ area: 'settings' }),
      i18n: () => undefined,
      $authorizedAjax: () => {
        throw new Error('no request expected outside a card');
      },
    } as unknown as Widget;
    return Widget.call(host);
  }

  it('is an AMD module asking Kommo only for jquery and RequireJS’s require', () => {
    const { deps, Widget } = loadWidgetConstructor();
    expect(deps).toEqual(['jquery', 'require']);
    expect(typeof Widget).toBe('function');
  });

  it('holds no settings page: it asks RequireJS for settings.js, beside itself, when the settings page opens', () => {
    expect(text('script.js')).not.toContain('keb-settings-save');
    const element = () => ({ className: '', dataset: {}, textContent: '', append: () => undefined, remove: () => undefined });
    const document = { getElementById: (id: string) => (id === 'work-area-keb' ? element() : null), createElement: element };
    const { Widget, required } = loadWidgetConstructor({ document });
    const widget = instantiate(Widget!);
    expect(required).toEqual([]);
    widget.callbacks['advancedSettings']!();
    expect(required).toEqual([['https://cdn.example.com/widgets/keb/settings.js?v=1.2.3']]);
  });

  it('builds a widget whose lifecycle callbacks Kommo can call', () => {
    const { Widget } = loadWidgetConstructor();
    const widget = instantiate(Widget!);
    for (const name of ['render', 'init', 'bind_actions', 'settings', 'advancedSettings', 'onSave', 'destroy']) {
      expect(typeof widget.callbacks[name], name).toBe('function');
    }
    expect(widget.callbacks['render']!()).toBe(true);
    expect(widget.callbacks['init']!()).toBe(true);
    expect(widget.callbacks['bind_actions']!()).toBe(true);
    expect(() => widget.callbacks['destroy']!()).not.toThrow();
  });

  it('saves only a backend URL the disposable token may be sent to', () => {
    const { Widget } = loadWidgetConstructor();
    const { onSave } = instantiate(Widget!).callbacks;
    const save = (backend_url: string) => onSave!({ fields: { backend_url } });
    expect(save('https://bridge.example.com')).toBe(true);
    expect(save('http://127.0.0.1:8787')).toBe(true);
    expect(save('http://localhost:8787/')).toBe(true);
    expect(save('http://bridge.example.com')).toBe(false);
    expect(save('bridge.example.com')).toBe(false);
    expect(save('')).toBe(false);
  });
});

describe('settings.js', () => {
  it('is an AMD module that asks Kommo for nothing and exports mountSettings', () => {
    const { deps, factory } = evaluateAmd('settings.js');
    expect(deps).toEqual(['exports']);
    const exports: Record<string, unknown> = {};
    factory?.(exports);
    expect(typeof exports['mountSettings']).toBe('function');
    expect(text('settings.js')).toContain('keb-settings-save');
  });
});
