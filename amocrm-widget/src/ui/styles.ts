// One <style> for the whole widget. amoCRM's pages carry their own CSS, so every rule is
// scoped under `.sbamo-root` (a prefix nothing else uses) and starts from a reset (not inside
// SVG: `all` would reset a path's `d` too and the icons would vanish).
export const STYLE_ID = "sbamo-style";
export const ACCENT = "#2459e0";

export const CSS = `
.sbamo-root,.sbamo-root *:not(svg *){all:revert;box-sizing:border-box}
.sbamo-root{position:static;font:14px/1.45 "PT Sans",-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933}
.sbamo-root [hidden]{display:none!important}
.sbamo-root .sbamo-launcher{position:fixed;right:24px;bottom:24px;z-index:9990;width:56px;height:56px;margin:0;padding:0;border:0;border-radius:50%;background:${ACCENT};color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(20,40,90,.35);display:flex;align-items:center;justify-content:center}
.sbamo-root .sbamo-launcher:hover{background:#1b47b8}
.sbamo-root .sbamo-launcher:focus-visible,.sbamo-root .sbamo-btn:focus-visible,.sbamo-root .sbamo-choice:focus-visible,.sbamo-root .sbamo-send:focus-visible,.sbamo-root .sbamo-close:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.sbamo-root .sbamo-launcher svg{width:28px;height:28px;fill:currentColor}
.sbamo-root .sbamo-dialog{position:fixed;right:24px;bottom:92px;z-index:9991;width:380px;max-width:calc(100vw - 32px);height:560px;max-height:calc(100vh - 116px);display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 10px 40px rgba(20,40,90,.3);overflow:hidden;font:inherit;color:inherit}
.sbamo-root .sbamo-head{display:flex;align-items:center;gap:8px;padding:10px 12px;background:${ACCENT};color:#fff}
.sbamo-root .sbamo-heading{flex:1;min-width:0;display:flex;flex-direction:column;align-items:flex-start;gap:3px}
.sbamo-root .sbamo-title{max-width:100%;margin:0;font-size:15px;line-height:1.3;font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sbamo-root .sbamo-badge{max-width:100%;padding:1px 8px;border-radius:10px;background:rgba(255,255,255,.2);font-size:12px;line-height:1.5;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sbamo-root .sbamo-badge[data-mode="rules"]{background:#fff3cd;color:#6b4e00}
.sbamo-root .sbamo-close{flex:none;width:28px;height:28px;margin:0;padding:0;border:0;border-radius:6px;background:transparent;color:#fff;font-size:22px;line-height:28px;cursor:pointer}
.sbamo-root .sbamo-close:hover{background:rgba(255,255,255,.2)}
.sbamo-root .sbamo-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f4f6fa}
.sbamo-root .sbamo-msg{max-width:85%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word;overflow-wrap:anywhere}
.sbamo-root .sbamo-msg--user{align-self:flex-end;background:${ACCENT};color:#fff;border-bottom-right-radius:3px}
.sbamo-root .sbamo-msg--bot{align-self:flex-start;background:#fff;border:1px solid #dde3ee;border-bottom-left-radius:3px}
.sbamo-root .sbamo-msg--greeting{color:#52606d}
.sbamo-root .sbamo-msg--error{align-self:stretch;max-width:none;background:#fdecea;color:#8a1c12;border:1px solid #f5c2bc}
.sbamo-root .sbamo-choices{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}
.sbamo-root .sbamo-choice{margin:0;padding:5px 10px;border:1px solid ${ACCENT};border-radius:14px;background:#fff;color:${ACCENT};font:inherit;font-size:13px;cursor:pointer}
.sbamo-root .sbamo-choice:hover{background:#eaf0fd}
.sbamo-root .sbamo-form{display:flex;align-items:flex-end;gap:8px;padding:8px 12px;border-top:1px solid #dde3ee;background:#fff}
.sbamo-root .sbamo-input{flex:1;min-height:38px;max-height:120px;margin:0;padding:8px 10px;border:1px solid #c5cdd9;border-radius:8px;background:#fff;color:#1f2933;font:inherit;resize:none;overflow-y:auto}
.sbamo-root .sbamo-input:focus{outline:none;border-color:${ACCENT};box-shadow:0 0 0 2px rgba(36,89,224,.2)}
.sbamo-root .sbamo-send{flex:none;width:38px;height:38px;margin:0;padding:0;border:0;border-radius:8px;background:${ACCENT};color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center}
.sbamo-root .sbamo-send:disabled{background:#9fb3e6;cursor:default}
.sbamo-root .sbamo-send svg{width:20px;height:20px;fill:currentColor}
.sbamo-root .sbamo-bar{display:flex;align-items:center;gap:6px;padding:4px 12px 8px;background:#fff;font-size:12px;color:#52606d}
.sbamo-root .sbamo-status{flex:1;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sbamo-root .sbamo-notice{color:#1e7b34}
.sbamo-root .sbamo-btn{margin:0;padding:3px 8px;border:1px solid #c5cdd9;border-radius:6px;background:#fff;color:#1f2933;font:inherit;cursor:pointer}
.sbamo-root .sbamo-btn:hover{background:#f0f3f8}
`;
