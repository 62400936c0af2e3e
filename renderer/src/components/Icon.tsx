// The app's icons: 24-unit stroke drawings, sized by the surrounding font (1em) and coloured by
// currentColor. Decorative by default (aria-hidden); the control that holds one carries the label.
import type { ReactNode } from 'react';

const paths = {
  chat: <path d="M5 4.5h14a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-8.5L6 20v-3.5H5a1 1 0 0 1-1-1v-10a1 1 0 0 1 1-1z" />,
  library: (
    <>
      <rect x="3.5" y="4" width="4.5" height="16" rx="1" />
      <rect x="10" y="4" width="4.5" height="16" rx="1" />
      <path d="M16.6 6.1l3.1-.8 3.2 12.9-3.1.8z" />
    </>
  ),
  inspector: (
    <>
      <path d="M4 8.5V6a2 2 0 0 1 2-2h2.5M15.5 4H18a2 2 0 0 1 2 2v2.5M20 15.5V18a2 2 0 0 1-2 2h-2.5M8.5 20H6a2 2 0 0 1-2-2v-2.5" />
      <path d="M6.5 12s2-3.8 5.5-3.8 5.5 3.8 5.5 3.8-2 3.8-5.5 3.8-5.5-3.8-5.5-3.8z" />
      <circle cx="12" cy="12" r="1.6" />
    </>
  ),
  settings: (
    <>
      <path d="M4 7h9M17.5 7H20M4 17h2.5M11 17h9" />
      <circle cx="15.2" cy="7" r="2.2" />
      <circle cx="8.8" cy="17" r="2.2" />
    </>
  ),
  plus: <path d="M12 5v14M5 12h14" />,
  compose: (
    <>
      <path d="M11.5 4.5H6A1.5 1.5 0 0 0 4.5 6v12A1.5 1.5 0 0 0 6 19.5h12a1.5 1.5 0 0 0 1.5-1.5v-5.5" />
      <path d="M17.5 3.8l2.7 2.7-7.7 7.7H9.8v-2.7z" />
    </>
  ),
  folder: (
    <path d="M3.5 7A1.5 1.5 0 0 1 5 5.5h4l2 2h8A1.5 1.5 0 0 1 20.5 9v8.5A1.5 1.5 0 0 1 19 19H5a1.5 1.5 0 0 1-1.5-1.5z" />
  ),
  folderPlus: (
    <>
      <path d="M3.5 7A1.5 1.5 0 0 1 5 5.5h4l2 2h8A1.5 1.5 0 0 1 20.5 9v8.5A1.5 1.5 0 0 1 19 19H5a1.5 1.5 0 0 1-1.5-1.5z" />
      <path d="M12 10.5v5.5M9.2 13.2h5.6" />
    </>
  ),
  file: (
    <>
      <path d="M7 3.5h7l4.5 4.5v11A1.5 1.5 0 0 1 17 20.5H7A1.5 1.5 0 0 1 5.5 19V5A1.5 1.5 0 0 1 7 3.5z" />
      <path d="M14 3.5V8h4.5" />
    </>
  ),
  fileText: (
    <>
      <path d="M7 3.5h7l4.5 4.5v11A1.5 1.5 0 0 1 17 20.5H7A1.5 1.5 0 0 1 5.5 19V5A1.5 1.5 0 0 1 7 3.5z" />
      <path d="M14 3.5V8h4.5M8.8 12.5h6.4M8.8 16h6.4" />
    </>
  ),
  search: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="M19.5 19.5l-4.2-4.2" />
    </>
  ),
  arrowUp: <path d="M12 19V5.5M6.5 11 12 5.5 17.5 11" />,
  stop: <rect x="7" y="7" width="10" height="10" rx="2" fill="currentColor" stroke="none" />,
  copy: (
    <>
      <rect x="8.5" y="8.5" width="11" height="11" rx="1.5" />
      <path d="M15.5 8.5V6A1.5 1.5 0 0 0 14 4.5H6A1.5 1.5 0 0 0 4.5 6v8A1.5 1.5 0 0 0 6 15.5h2.5" />
    </>
  ),
  check: <path d="M5 12.5l4.5 4.5L19 7.5" />,
  x: <path d="M6.5 6.5l11 11M17.5 6.5l-11 11" />,
  trash: <path d="M4.5 7h15M9.5 7V4.8h5V7M6.5 7l.9 12.5h9.2L17.5 7M10 10.8v5.4M14 10.8v5.4" />,
  pencil: <path d="M15 4.8l4.2 4.2L8.5 19.7H4.3v-4.2zM13 6.8l4.2 4.2" />,
  download: <path d="M12 4v11M7 10.5l5 5 5-5M5 19.5h14" />,
  external: <path d="M13.5 4.5h6v6M19.5 4.5 11 13M17.5 14v4.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1H10" />,
  folderOpen: (
    <>
      <path d="M3.5 17.5V7A1.5 1.5 0 0 1 5 5.5h4l2 2h6.5A1.5 1.5 0 0 1 19 9v1.5" />
      <path d="M3.5 17.5 6 11.5a1.5 1.5 0 0 1 1.4-1h13.1l-3 8.5H5a1.5 1.5 0 0 1-1.5-1.5z" />
    </>
  ),
  eye: (
    <>
      <path d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z" />
      <circle cx="12" cy="12" r="3" />
    </>
  ),
  eyeOff: (
    <>
      <path d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z" />
      <circle cx="12" cy="12" r="3" />
      <path d="M4 4l16 16" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="10.5" width="14" height="9.5" rx="1.5" />
      <path d="M8 10.5V8a4 4 0 0 1 8 0v2.5" />
    </>
  ),
  refresh: <path d="M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4.5v4h-4" />,
  pause: (
    <>
      <rect x="7" y="5.5" width="3" height="13" rx="1" fill="currentColor" stroke="none" />
      <rect x="14" y="5.5" width="3" height="13" rx="1" fill="currentColor" stroke="none" />
    </>
  ),
  play: <path d="M8 5.5v13l10.5-6.5z" fill="currentColor" />,
  chevronRight: <path d="M9.5 6l6 6-6 6" />,
  chevronLeft: <path d="M14.5 6l-6 6 6 6" />,
  chevronDown: <path d="M6 9.5l6 6 6-6" />,
  more: (
    <>
      <circle cx="6" cy="12" r="1.4" fill="currentColor" stroke="none" />
      <circle cx="12" cy="12" r="1.4" fill="currentColor" stroke="none" />
      <circle cx="18" cy="12" r="1.4" fill="currentColor" stroke="none" />
    </>
  ),
  alert: <path d="M12 4.5 21 19.5H3zM12 10v4.2M12 16.9v.1" />,
  info: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 11v5.2M12 7.9v.1" />
    </>
  ),
  sun: (
    <>
      <circle cx="12" cy="12" r="3.8" />
      <path d="M12 3v2M12 19v2M3 12h2M19 12h2M5.6 5.6 7 7M17 17l1.4 1.4M5.6 18.4 7 17M17 7l1.4-1.4" />
    </>
  ),
  moon: <path d="M19.5 14.5A7.5 7.5 0 0 1 9.5 4.5a7.5 7.5 0 1 0 10 10z" />,
  monitor: (
    <>
      <rect x="3.5" y="4.5" width="17" height="11.5" rx="1.5" />
      <path d="M9 20h6M12 16v4" />
    </>
  ),
  key: (
    <>
      <circle cx="8" cy="15.5" r="3.8" />
      <path d="M10.8 12.8 19 4.5M15.5 8l2.5 2.5M17.6 5.9l2 2" />
    </>
  ),
  layers: <path d="M12 4 20.5 8.5 12 13 3.5 8.5zM3.5 12.3 12 16.8l8.5-4.5M3.5 16 12 20.5l8.5-4.5" />,
  scatter: (
    <>
      <path d="M4 4v16h16" />
      <circle cx="9" cy="14" r="1.5" />
      <circle cx="12.5" cy="9" r="1.5" />
      <circle cx="17" cy="12" r="1.5" />
      <circle cx="16" cy="6" r="1.5" />
    </>
  ),
  hash: <path d="M9.5 4 7.5 20M16.5 4l-2 16M4.5 9h15M4 15h15" />,
  zoomIn: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="M19.5 19.5l-4.2-4.2M8.5 11h5M11 8.5v5" />
    </>
  ),
  zoomOut: (
    <>
      <circle cx="11" cy="11" r="6" />
      <path d="M19.5 19.5l-4.2-4.2M8.5 11h5" />
    </>
  ),
  fit: <path d="M4.5 9V4.5H9M15 4.5h4.5V9M19.5 15v4.5H15M9 19.5H4.5V15" />,
  arrowUpRight: <path d="M7 17 17 7M8.5 7H17v8.5" />,
  inbox: (
    <>
      <path d="M4 13.5 6.5 5.5h11l2.5 8v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1z" />
      <path d="M4 13.5h4.5L10 16h4l1.5-2.5H20" />
    </>
  ),
  sparkle: (
    <path d="M12 3.5l1.8 5.2 5.2 1.8-5.2 1.8L12 17.5l-1.8-5.2L5 10.5l5.2-1.8zM18.5 16l.7 1.8 1.8.7-1.8.7-.7 1.8-.7-1.8-1.8-.7 1.8-.7z" />
  ),
  globe: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.3 2.4 3.5 5.2 3.5 8.5s-1.2 6.1-3.5 8.5c-2.3-2.4-3.5-5.2-3.5-8.5s1.2-6.1 3.5-8.5z" />
    </>
  ),
  cloud: <path d="M7 18.5a4.5 4.5 0 0 1-.6-9 6 6 0 0 1 11.5 1.6 3.7 3.7 0 0 1-.4 7.4z" />,
  shield: <path d="M12 3.5 19 6v5.5c0 4.2-2.9 7.6-7 9-4.1-1.4-7-4.8-7-9V6z" />,
  keyboard: (
    <>
      <rect x="3" y="6" width="18" height="12" rx="1.5" />
      <path d="M7 10h.01M10 10h.01M13 10h.01M16 10h.01M7.5 14h9" />
    </>
  ),
  cut: <path d="M4 6h16M4 12h10M4 18h13" />,
  logo: (
    <>
      <path d="M3.5 11.5 12 4l8.5 7.5" />
      <path d="M6.5 9.5V20h11V9.5" />
      <path d="M9.2 20v-4.3a2.8 2.8 0 0 1 5.6 0V20" />
    </>
  ),
  panelClose: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="1.5" />
      <path d="M14.5 4.5v15" />
    </>
  ),
  quote: (
    <path d="M6 17c2.5-1 3.5-3 3.5-6H6V7h4.5v4c0 3.5-1.5 6-4.5 7zM14 17c2.5-1 3.5-3 3.5-6H14V7h4.5v4c0 3.5-1.5 6-4.5 7z" />
  ),
  chip: (
    <>
      <rect x="6.5" y="6.5" width="11" height="11" rx="1.5" />
      <rect x="9.5" y="9.5" width="5" height="5" rx=".5" />
      <path d="M9.5 3.5v3M14.5 3.5v3M9.5 17.5v3M14.5 17.5v3M3.5 9.5h3M3.5 14.5h3M17.5 9.5h3M17.5 14.5h3" />
    </>
  ),
  server: (
    <>
      <rect x="4" y="4.5" width="16" height="6.5" rx="1.5" />
      <rect x="4" y="13" width="16" height="6.5" rx="1.5" />
      <path d="M7.5 7.75h.01M7.5 16.25h.01M11 7.75h5.5M11 16.25h5.5" />
    </>
  ),
} satisfies Record<string, ReactNode>;

export type IconName = keyof typeof paths;

export function Icon({ name, size, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size ?? '1em'}
      height={size ?? '1em'}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.7}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  );
}
