// A document made for an A4 page, shown whole in a narrower column: the frame is laid out at
// the page's width and scaled down to the column (never up), as a print preview would.
"use client";

import { useEffect, useRef, useState, type IframeHTMLAttributes } from "react";

export const A4_WIDTH_PX = 794; // 210 mm at 96 px per inch

export function ScaledFrame({ height, className, ...frame }: { height: number } & IframeHTMLAttributes<HTMLIFrameElement>) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    // A column not laid out yet (width 0) keeps the page at full size.
    const fit = () => setScale(element.clientWidth > 0 ? Math.min(1, element.clientWidth / A4_WIDTH_PX) : 1);
    fit();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={box} className={`overflow-hidden ${className ?? ""}`} style={{ height }}>
      <iframe {...frame} style={{ width: A4_WIDTH_PX, height: height / scale, border: 0, transform: `scale(${scale})`, transformOrigin: "0 0" }} />
    </div>
  );
}
