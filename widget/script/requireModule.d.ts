/**
 * RequireJS's local `require`, which a module gets by listing `require` in its `define`; the
 * bundle keeps it external. Only the asynchronous form the widget calls is declared.
 */
declare module 'require' {
  const require: (ids: string[], onLoad: (...modules: unknown[]) => void, onError: (error: Error) => void) => void;
  export default require;
}
