// Small inline SVG icons (no icon font, no emoji: they render the same on every system).
const PATHS = {
  play: 'M5 3.5v9l8-4.5z',
  pause: 'M4.5 3h2.5v10H4.5zM9 3h2.5v10H9z',
  step: 'M3.5 3.5v9l6.5-4.5zM11 3.5h2v9h-2z',
  reset: 'M8 3a5 5 0 1 1-4.58 3H1.9A6.5 6.5 0 1 0 4 3.3V1.5L0.8 4.2 4 7V5.1A5 5 0 0 1 8 3z',
  dice: 'M3 2h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zm2 2.2a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2zm6 0a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2zM8 6.9a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2zM5 9.6a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2zm6 0a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2z',
  link: 'M6.6 9.4a.75.75 0 0 1 0-1.06l1.8-1.8a.75.75 0 1 1 1.06 1.06l-1.8 1.8a.75.75 0 0 1-1.06 0zM4.2 8.9l-1 1a2.3 2.3 0 0 0 3.25 3.25l1-1 1.06 1.06-1 1A3.8 3.8 0 0 1 2.14 8.84l1-1zm7.6-1.8 1-1a2.3 2.3 0 0 0-3.25-3.25l-1 1-1.06-1.06 1-1a3.8 3.8 0 0 1 5.37 5.37l-1 1z',
  check: 'M6.2 11.6 2.6 8l1.06-1.06 2.54 2.54 6.14-6.14L13.4 4.4z',
  download: 'M7.25 2h1.5v6.2l2.2-2.2 1.06 1.06L8 11.1 3.99 7.06 5.05 6l2.2 2.2zM2.5 12.5h11V14h-11z',
  book: 'M2 3.2C3.6 2.4 5.6 2.3 7.25 3.1v10.2C5.6 12.6 3.6 12.6 2 13.3zm12 0v10.1c-1.6-.7-3.6-.7-5.25 0V3.1C10.4 2.3 12.4 2.4 14 3.2z',
  rocket:
    'M9.9 1.6c1.7-.4 3.4-.3 4.5.1.4 1.1.5 2.8.1 4.5-.4 1.6-1.5 3.3-3.4 4.7l-.3 2.6-2.3 1.4-.6-2.4-2.5-2.5-2.4-.6 1.4-2.3 2.6-.3c1.4-1.9 3.1-3 4.7-3.4zM10.6 4a1.4 1.4 0 1 0 0 2.8 1.4 1.4 0 0 0 0-2.8zM3.6 10.4l2 2-2.9 1z',
  compare: 'M2 12.5 5.5 8l2.5 2.5L11 6l3 3.2V11l-3-3.2-3 4.5-2.5-2.5L2.6 13.5zM2 3.5h12V5H2z',
  phases: 'M1.5 4h3v8h-3zm5 0h3v8h-3zm5 0h3v8h-3z',
  sliders: 'M2 3.5h6.1a2 2 0 0 1 3.8 0H14V5h-2.1a2 2 0 0 1-3.8 0H2zm0 7.5h2.1a2 2 0 0 1 3.8 0H14v1.5H7.9a2 2 0 0 1-3.8 0H2z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 14 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
