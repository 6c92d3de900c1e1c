/**
 * Kommo hands the widget its own jQuery through the `define` list; the bundle keeps `jquery`
 * external. Only the slice the widget calls is declared, so nothing undocumented creeps in.
 */
declare module 'jquery' {
  type DocumentEvents = {
    on(event: string, handler: () => void): unknown;
    off(event: string, handler: () => void): unknown;
  };
  const $: (target: Document) => DocumentEvents;
  export default $;
}
