/**
 * The parts of Kommo's widget host this widget uses, typed from the documented API only
 * (reference kommo.md §2.2–§2.3; the official template's `vendor/types/`). Kommo owns `APP`: the
 * widget reads it and never writes to it (marketplace rule).
 */

/** jQuery's jqXHR, as much of it as the transport reads. */
export type JqXhr = { status: number; responseText?: string; responseJSON?: unknown };

/** The `$.Deferred` promise `$authorizedAjax` returns. */
export type JqDeferred = {
  done(callback: (data: unknown, textStatus: string, jqXhr: JqXhr) => void): JqDeferred;
  fail(callback: (jqXhr: JqXhr, textStatus: string, errorThrown: unknown) => void): JqDeferred;
};

/** The `$.ajax` options this widget passes; Kommo adds the `X-Auth-Token` header. */
export type AuthorizedAjaxOptions = {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  dataType: 'json';
  contentType?: string;
  data?: string;
};

export type WidgetSettings = { widget_code?: string; backend_url?: string };

export type RenderTemplateOptions = { caption: { class_name: string }; body: string; render: string };

/** `self.params`: where Kommo serves the widget's files (no trailing slash) and which upload they are. */
export type WidgetParams = { path: string; version?: string };

/** `self` inside script.js: the widget object Kommo builds around our constructor. */
export type KommoWidget = {
  callbacks: WidgetCallbacks;
  params: WidgetParams;
  render_template(options: RenderTemplateOptions, params?: object): void;
  get_settings(): WidgetSettings;
  system(): { area?: string };
  i18n(section: string): Record<string, string> | undefined;
  $authorizedAjax(options: AuthorizedAjaxOptions): JqDeferred;
};

/** The field values Kommo hands to `onSave` from the settings modal. */
export type SaveEvent = { fields?: Record<string, unknown> };

export type WidgetCallbacks = {
  render(): boolean;
  init(): boolean;
  bind_actions(): boolean;
  settings(): boolean;
  /** Kommo's own page for the widget under Settings (location `advanced_settings`). */
  advancedSettings(): void;
  onSave(event?: SaveEvent): boolean;
  destroy(): void;
};

export type KommoApp = {
  /** `false` or absent outside cards; `id` is 0 on a new, unsaved card (docs compare it with `==`, so it may be a string). */
  data?: { current_card?: { id: number | string } | false };
  lang_id?: string;
  notifications?: { show_message_error(message: { header: string; text: string }): void };
};

/** Kommo's global, or undefined when the module is evaluated outside Kommo (build checks, tests). */
export function kommoApp(): KommoApp | undefined {
  return (globalThis as { APP?: KommoApp }).APP;
}
