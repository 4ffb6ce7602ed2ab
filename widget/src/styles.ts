/** All of the widget's CSS; it lives inside the shadow root, so the page neither sees nor touches it. */

/** Dark or light text for a background colour (hex only; anything else gets white). */
export function onAccent(color: string): string {
  let hex = /^#([0-9a-f]{3,8})$/i.exec(color)?.[1] || "";
  if (hex.length === 3 || hex.length === 4) hex = hex.slice(0, 3).replace(/./g, "$&$&");
  if (hex.length < 6) return "#fff";
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 ? "#1f2430" : "#fff";
}

export const CSS = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.sb-root{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2430;-webkit-font-smoothing:antialiased;text-align:left}
button{font:inherit;color:inherit}
button,a,textarea{-webkit-tap-highlight-color:transparent}
:focus-visible{outline:2px solid var(--sb-accent);outline-offset:2px}
.sb-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.sb-launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:60px;height:60px;padding:0;border:0;border-radius:50%;background:var(--sb-accent);color:var(--sb-on);cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 6px 24px rgba(15,23,42,.25);transition:transform .2s ease,box-shadow .2s ease}
.sb-launcher:hover{transform:scale(1.06);box-shadow:0 8px 28px rgba(15,23,42,.3)}
.sb-launcher:active{transform:scale(.96)}
.sb-launcher:focus-visible{outline:3px solid var(--sb-accent);outline-offset:3px}
.sb-launcher svg{width:28px;height:28px;transition:transform .2s ease}
.sb-left .sb-launcher,.sb-left .sb-window{left:20px;right:auto}
.sb-badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#e5372e;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;box-shadow:0 0 0 2px #fff;animation:sb-pop .25s ease}
.sb-window{position:fixed;bottom:92px;right:20px;z-index:2147483000;width:370px;height:560px;max-height:calc(100vh - 112px);display:flex;flex-direction:column;background:#fff;border-radius:16px;overflow:hidden;box-shadow:0 16px 48px rgba(15,23,42,.22),0 2px 8px rgba(15,23,42,.08);transform-origin:bottom right;animation:sb-in .24s cubic-bezier(.2,.8,.2,1)}
.sb-left .sb-window{transform-origin:bottom left}
@keyframes sb-in{from{opacity:0;transform:translateY(16px) scale(.96)}to{opacity:1;transform:none}}
@keyframes sb-pop{from{transform:scale(0)}to{transform:scale(1)}}
@keyframes sb-blink{0%,80%,100%{opacity:.35;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}
@keyframes sb-fade{from{opacity:0;transform:translateY(6px)}to{opacity:1;transform:none}}
.sb-header{display:flex;align-items:center;gap:10px;padding:12px 8px 12px 14px;background:var(--sb-accent);color:var(--sb-on);flex:none}
.sb-avatar{width:38px;height:38px;flex:none;border-radius:50%;background:rgba(255,255,255,.2);display:flex;align-items:center;justify-content:center}
.sb-avatar svg{width:20px;height:20px}
.sb-titles{flex:1;min-width:0}
.sb-title{margin:0;font-size:15px;font-weight:600;line-height:1.3;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sb-status{display:flex;align-items:center;gap:6px;font-size:12px;opacity:.9}
.sb-status::before{content:"";width:8px;height:8px;border-radius:50%;background:#34d37b;box-shadow:0 0 0 2px rgba(255,255,255,.35)}
.sb-status[data-state=reconnecting]::before{background:#f5b400}
.sb-status[data-state=blocked]::before{background:#9aa1ad}
.sb-icon{width:36px;height:36px;flex:none;padding:0;border:0;border-radius:50%;background:transparent;cursor:pointer;display:flex;align-items:center;justify-content:center;transition:background .15s}
.sb-icon svg{width:20px;height:20px}
.sb-header .sb-icon:hover{background:rgba(255,255,255,.18)}
.sb-header :focus-visible{outline-color:var(--sb-on)}
.sb-notice{flex:none;padding:10px 16px;background:#fff6e6;color:#7a4b00;font-size:13px;border-bottom:1px solid #f4e2c2}
.sb-messages{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:16px 14px 6px;background:#f5f6f8}
.sb-msg{display:flex;flex-direction:column;align-items:flex-start;max-width:86%;margin:0 0 10px;animation:sb-fade .18s ease}
.sb-msg--customer{margin-left:auto;align-items:flex-end}
.sb-msg--system{max-width:100%;align-items:center;margin:4px auto 12px;text-align:center;color:#6b7280;font-size:12.5px}
.sb-label{margin:0 0 3px 6px;font-size:11.5px;font-weight:600;color:#6b7280}
.sb-bubble{max-width:100%;padding:9px 13px;border-radius:18px 18px 18px 6px;background:#fff;color:#1f2430;box-shadow:0 1px 2px rgba(15,23,42,.08);overflow-wrap:anywhere;word-break:break-word}
.sb-msg--customer .sb-bubble{border-radius:18px 18px 6px 18px;background:var(--sb-accent);color:var(--sb-on)}
.sb-msg--manager .sb-bubble{box-shadow:0 1px 2px rgba(15,23,42,.08),inset 3px 0 0 var(--sb-accent)}
.sb-pending .sb-bubble{opacity:.65}
.sb-failed .sb-bubble{opacity:.8}
.sb-text p{margin:0}
.sb-text p+p,.sb-text p+ul,.sb-text p+ol,.sb-text ul+p,.sb-text ol+p{margin-top:6px}
.sb-text ul,.sb-text ol{margin:4px 0;padding-left:20px}
.sb-text li+li{margin-top:2px}
.sb-text a{color:inherit;text-decoration:underline;text-underline-offset:2px}
.sb-text strong{font-weight:650}
.sb-meta{display:flex;align-items:center;gap:4px;margin:3px 8px 0;font-size:11px;color:#8a919e}
.sb-error{margin:4px 6px 0;font-size:12px;color:#c62828;text-align:right}
.sb-retry{margin-left:6px;padding:0;border:0;background:none;color:#c62828;font-weight:600;text-decoration:underline;cursor:pointer}
.sb-files{display:flex;flex-direction:column;gap:6px}
.sb-text+.sb-files{margin-top:8px}
.sb-thumb{display:block;line-height:0}
.sb-thumb img{max-width:100%;width:220px;max-height:200px;object-fit:cover;border-radius:10px;background:#e9ecf1}
.sb-file{display:flex;align-items:center;gap:8px;min-width:0;padding:8px 10px;border-radius:10px;background:rgba(15,23,42,.06);color:inherit;text-decoration:none}
.sb-msg--customer .sb-file{background:rgba(255,255,255,.2)}
.sb-file svg{width:20px;height:20px;flex:none}
.sb-file span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
a.sb-file:hover span{text-decoration:underline}
.sb-quick{display:flex;flex-wrap:wrap;gap:6px;margin:-2px 0 12px}
.sb-quick button{padding:7px 13px;border:1px solid var(--sb-accent);border-radius:18px;background:#fff;color:var(--sb-accent);font-size:13px;line-height:1.3;cursor:pointer;transition:background .15s,color .15s}
.sb-quick button:hover{background:var(--sb-accent);color:var(--sb-on)}
.sb-typing{display:flex;align-items:center;gap:8px;margin:0 0 10px;color:#6b7280;font-size:12.5px}
.sb-dots{display:inline-flex;gap:4px;padding:11px 13px;border-radius:18px 18px 18px 6px;background:#fff;box-shadow:0 1px 2px rgba(15,23,42,.08)}
.sb-dots i{width:6px;height:6px;border-radius:50%;background:#9aa1ad;animation:sb-blink 1.2s infinite ease-in-out both}
.sb-dots i:nth-child(2){animation-delay:.15s}
.sb-dots i:nth-child(3){animation-delay:.3s}
.sb-composer{flex:none;padding:8px 10px 10px;border-top:1px solid #e8eaef;background:#fff}
.sb-chips{display:flex;flex-direction:column;gap:6px;margin:0 0 6px}
.sb-chip{display:flex;align-items:center;gap:8px;padding:6px 6px 6px 10px;border-radius:10px;background:#f1f3f6;font-size:12.5px}
.sb-chip-name{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sb-progress{width:70px;height:4px;flex:none;border-radius:2px;background:#dde1e8;overflow:hidden}
.sb-progress i{display:block;height:100%;width:0;background:var(--sb-accent);transition:width .2s}
.sb-chip .sb-icon{width:26px;height:26px}
.sb-chip .sb-icon svg{width:14px;height:14px}
.sb-hint{margin:0 4px 6px;font-size:12px;color:#c62828}
.sb-bar{display:flex;align-items:flex-end;gap:4px;padding:2px;border:1px solid #dfe3ea;border-radius:22px;transition:border-color .15s,box-shadow .15s}
.sb-bar:focus-within{border-color:var(--sb-accent);box-shadow:0 0 0 3px rgba(36,89,224,.12)}
.sb-input{flex:1;min-width:0;height:38px;max-height:120px;margin:0;padding:9px 4px;border:0;outline:0;resize:none;background:transparent;color:#1f2430;font:inherit;font-size:14.5px;line-height:20px}
.sb-input:focus-visible{outline:0}
.sb-input::placeholder{color:#9aa1ad}
.sb-attach{color:#6b7280}
.sb-attach:hover{color:var(--sb-accent);background:#f1f3f6}
.sb-send{background:var(--sb-accent);color:var(--sb-on)}
.sb-send svg{width:18px;height:18px}
.sb-send:disabled{opacity:.4;cursor:default}
.sb-file-input{position:absolute;width:1px;height:1px;opacity:0;pointer-events:none}
.sb-counter{margin:4px 8px 0;font-size:11px;color:#8a919e;text-align:right}
.sb-counter.sb-over{color:#c62828;font-weight:600}
@media (max-width:480px){
.sb-window{top:0;right:0;bottom:0;left:0;width:100%;height:100%;max-height:none;border-radius:0}
.sb-left .sb-window{left:0}
.sb-open .sb-launcher{display:none}
.sb-input{font-size:16px}
}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
