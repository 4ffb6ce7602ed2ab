// Line icons drawn in SVG: emoji depend on the reader's fonts (a server or a fresh Linux
// desktop shows empty boxes), these do not.
import type { SVGProps } from "react";

const PATHS = {
  chat: "M4 5h16v10H9l-5 4V5z",
  user: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8c0-3.5 3.1-6 7-6s7 2.5 7 6",
  chart: "M4 20V4m0 16h16M8 16l4-5 3 3 5-7",
  book: "M5 4h9a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3V4zm0 13a3 3 0 0 1 3-3h9",
  ruble: "M8 20V4h5a4 4 0 0 1 0 8H6m0 4h8",
  file: "M6 3h8l4 4v14H6V3zm8 0v4h4M9 12h6m-6 4h6",
  gear: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm0-12v3m0 12v3M3 12h3m12 0h3M5.6 5.6l2.1 2.1m8.6 8.6 2.1 2.1m0-12.8-2.1 2.1m-8.6 8.6-2.1 2.1",
  globe: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm-9-9h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z",
  sun: "M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0-14v2m0 16v2M2 12h2m16 0h2M4.9 4.9l1.4 1.4m11.4 11.4 1.4 1.4m0-14.2-1.4 1.4M6.3 17.7l-1.4 1.4",
  moon: "M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z",
  menu: "M4 6h16M4 12h16M4 18h16",
  bot: "M7 8h10a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2zm5-4v4m-3 5h.01M15 13h.01M9 16h6",
  bell: "M6 16V11a6 6 0 1 1 12 0v5l2 2H4l2-2zm4 4h4",
  bellOff: "M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l2 2H4l2-2M10 20h4M4 4l16 16",
  clip: "M16 7l-7.5 7.5a2 2 0 0 0 2.8 2.8L19 9.6a4 4 0 0 0-5.7-5.7L5.6 11.6a6 6 0 0 0 8.5 8.5L20 14",
  repeat: "M4 12a8 8 0 0 1 14-5.3L20 9m0-5v5h-5m5 3a8 8 0 0 1-14 5.3L4 15m0 5v-5h5",
  tag: "M3 12V3h9l9 9-9 9-9-9zm5-4h.01",
  calculator: "M6 3h12v18H6V3zm3 4h6M9 12h.01M12 12h.01M15 12h.01M9 16h.01M12 16h.01M15 16h.01",
  alert: "M10.3 4.2 2.5 18a2 2 0 0 0 1.7 3h15.6a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0zM12 9v4m0 4h.01",
  check: "M5 12.5l4.5 4.5L19 7.5",
  close: "M6 6l12 12M18 6 6 18",
  chevronDown: "M6 9l6 6 6-6",
  chevronRight: "M9 6l6 6-6 6",
  info: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-10v5m0-8h.01",
  plus: "M12 5v14M5 12h14",
  download: "M12 4v11m-5-5 5 5 5-5M5 20h14",
  dot: "M12 14a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
  calendar: "M5 5h14a1 1 0 0 1 1 1v14H4V6a1 1 0 0 1 1-1zm-1 5h16M8 3v4m8-4v4M8 14h.01M12 14h.01M16 14h.01M8 17h.01M12 17h.01",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className = "h-4 w-4", ...rest }: { name: IconName } & SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={`inline-block shrink-0 ${className}`} {...rest}>
      <path d={PATHS[name]} />
    </svg>
  );
}
