/**
 * The workbench's sizes, kept across reloads for the whole app (every session tab shares them):
 * each pane as a fraction of its container, so they scale with the window, and whether the
 * bottom panel is collapsed to its tab strip.
 */
export interface LayoutPrefs {
  /** Frame detail beside the log: its share of the width. */
  detailWidth: number;
  /** Frame detail under the log (narrow sessions): its share of the height. */
  detailHeight: number;
  /** Bottom panel: its share of the height under the filter bar. */
  bottomHeight: number;
  /** The bottom panel shows its tab strip only. */
  bottomCollapsed: boolean;
}

/**
 * Defaults that leave the log most of the room: at 1280×800 it gets over 55 % of the window's
 * height, and at 1024×700 over 10 rows.
 */
export const DEFAULT_LAYOUT: LayoutPrefs = {
  detailWidth: 0.36,
  detailHeight: 0.4,
  bottomHeight: 0.3,
  bottomCollapsed: false,
};

const FRACTIONS = ["detailWidth", "detailHeight", "bottomHeight"] as const;

/** A fraction a pane may be stored at: inside (0, 1). */
function isFraction(value: unknown): value is number {
  return typeof value === "number" && value > 0 && value < 1;
}

/**
 * Stored prefs read back: every field that is missing or out of range takes its default, so a
 * damaged or older entry never breaks the layout. Never throws.
 */
export function readLayoutPrefs(text: string | null): LayoutPrefs {
  let stored: unknown;
  try {
    stored = text === null ? undefined : JSON.parse(text);
  } catch {
    stored = undefined;
  }
  const prefs = { ...DEFAULT_LAYOUT };
  if (typeof stored !== "object" || stored === null) return prefs;
  const fields = stored as Record<string, unknown>;
  for (const key of FRACTIONS) {
    const value = fields[key];
    if (isFraction(value)) prefs[key] = value;
  }
  if (typeof fields.bottomCollapsed === "boolean") prefs.bottomCollapsed = fields.bottomCollapsed;
  return prefs;
}

/** Prefs as stored: JSON, fractions to 4 decimals. */
export function writeLayoutPrefs(prefs: LayoutPrefs): string {
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return JSON.stringify({
    detailWidth: round(prefs.detailWidth),
    detailHeight: round(prefs.detailHeight),
    bottomHeight: round(prefs.bottomHeight),
    bottomCollapsed: prefs.bottomCollapsed,
  });
}
