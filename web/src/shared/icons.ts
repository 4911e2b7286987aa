// The console's 16×16 stroke icons as SVG path data, for plain modules (dom.ts) and components (AppIcon.vue).
export const ICONS = {
  fullscreen: ['M2 6V2h4', 'M10 2h4v4', 'M14 10v4h-4', 'M6 14H2v-4'],
  close: ['M4 4l8 8', 'M12 4l-8 8'],
  single: ['M2 3h12v10H2z'],
  grid: ['M2 2h5v5H2z', 'M9 2h5v5H9z', 'M2 9h5v5H2z', 'M9 9h5v5H9z'],
  clear: ['M3 4h10', 'M6 4V2h4v2', 'M4 4l1 10h6l1-10'],
  chevron: ['M6 4l4 4-4 4'],
  play: ['M5 3l8 5-8 5z'],
  pause: ['M5 3v10', 'M11 3v10'],
  previous: ['M11 3L5 8l6 5', 'M4 3v10'],
  next: ['M5 3l6 5-6 5', 'M12 3v10'],
  logout: ['M10 3h3v10h-3', 'M7 5L4 8l3 3', 'M4 8h7'],
  key: ['M5 6a3 3 0 1 0 0 .01z', 'M7.5 7.5L14 14', 'M11 11l2-2', 'M12.5 12.5l1.5-1.5'],
  globe: ['M8 2a6 6 0 1 0 0 12A6 6 0 1 0 8 2z', 'M2 8h12', 'M8 2c-2 2-2 10 0 12', 'M8 2c2 2 2 10 0 12'],
} as const satisfies Record<string, readonly string[]>;

export type IconName = keyof typeof ICONS;
