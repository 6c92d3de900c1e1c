/**
 * Styles of the extension's frame around the panel (the panel brings its own, in its own shadow
 * root). The drawer is fixed to the window's right edge, above Kommo's page.
 */
export const cardViewStyles = `
.keb-inline { display: block; margin: 0 0 12px; }
.keb-drawer {
  position: fixed; top: 0; right: 0; bottom: 0; z-index: 2147483000;
  display: flex; align-items: flex-start;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.keb-drawer-toggle {
  margin-top: 120px; padding: 10px 6px; border: 1px solid #c9d1db; border-right: none;
  border-radius: 6px 0 0 6px; background: #fff; color: #1f2a37; cursor: pointer;
  writing-mode: vertical-rl; font: inherit; font-weight: 600;
}
.keb-drawer-body {
  width: 360px; height: 100%; overflow-y: auto; box-sizing: border-box; padding: 8px;
  background: #f6f8fa; border-left: 1px solid #c9d1db; box-shadow: -4px 0 16px rgb(0 0 0 / 12%);
}
.keb-drawer[data-open="false"] .keb-drawer-body { display: none; }
.keb-notice {
  padding: 12px; border: 1px solid #e3b341; border-radius: 6px; background: #fff8e1; color: #1f2a37;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.keb-notice[data-reason="hint"] { border-color: #c9d1db; background: #fff; }
.keb-notice p { margin: 0 0 6px; }
.keb-notice-title { font-weight: 600; }
.keb-notice button {
  margin-top: 4px; padding: 4px 10px; border: 1px solid #8c959f; border-radius: 4px;
  background: #fff; color: inherit; font: inherit; cursor: pointer;
}
`;
