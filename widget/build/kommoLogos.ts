/**
 * The logos Kommo expects in `images/` and their pixel sizes (reference kommo.md §1.4, read from the
 * official template's PNG headers). `logo_min.png` and `logo_medium.png` are what the card's widget
 * panel shows collapsed and expanded; the marketplace checklist requires all five.
 */
export const kommoLogos = {
  'logo_main.png': { width: 400, height: 272 },
  'logo_medium.png': { width: 240, height: 84 },
  'logo.png': { width: 130, height: 100 },
  'logo_small.png': { width: 108, height: 108 },
  'logo_min.png': { width: 84, height: 84 },
} as const;

export type KommoLogoName = keyof typeof kommoLogos;

/** Kommo refuses an archive with a larger image (reference §1.1). */
export const MAX_IMAGE_BYTES = 300 * 1024;
