import type { FrameStoreLimits } from "./frame-store.ts";

const MiB = 1024 * 1024;

/** Most frames a log may be set to keep. */
export const MAX_RETAINED_FRAMES = 10_000_000;
/** Most payload MiB a log may be set to keep. */
export const MAX_RETAINED_MIB = 4096;
/** Most payload MiB (all tabs together) that may be kept across reloads. */
export const MAX_RELOAD_MIB = 1024;

/** The "Retention limits" form as typed: numbers stay text until checked. */
export interface RetentionForm {
  /** Frames the log keeps. */
  maxFrames: string;
  /** Payload MiB the log keeps. */
  maxMiB: string;
  /** Payload MiB of all tabs kept across reloads. */
  reloadMiB: string;
}

/** The fields of the form a problem can point at. */
export type RetentionFormField = keyof RetentionForm;

/** One problem with the form, under the field it names. */
export interface RetentionFormProblem {
  field: RetentionFormField;
  message: string;
}

/** The limits to apply, or every problem with the form, in field order. */
export type RetentionFormCheck =
  | { ok: true; value: { limits: FrameStoreLimits; reloadMiB: number } }
  | { ok: false; errors: RetentionFormProblem[] };

/**
 * Checks the retention form: frames are a whole number from 1 to 10,000,000, the log's MiB a
 * number above 0 and at most 4096, and the MiB kept across reloads from 0 to 1024. Numbers are
 * read as `Number()` reads them, so an empty field is 0.
 */
export function checkRetentionForm(form: RetentionForm): RetentionFormCheck {
  const errors: RetentionFormProblem[] = [];
  const maxFrames = Number(form.maxFrames);
  const maxMiB = Number(form.maxMiB);
  const reloadMiB = Number(form.reloadMiB);
  if (!(Number.isInteger(maxFrames) && maxFrames >= 1 && maxFrames <= MAX_RETAINED_FRAMES))
    errors.push({
      field: "maxFrames",
      message: "Max frames must be a whole number from 1 to 10,000,000",
    });
  if (!(Number.isFinite(maxMiB) && maxMiB > 0 && maxMiB <= MAX_RETAINED_MIB))
    errors.push({
      field: "maxMiB",
      message: "Max MiB must be a number above 0 and at most 4096",
    });
  if (!(Number.isFinite(reloadMiB) && reloadMiB >= 0 && reloadMiB <= MAX_RELOAD_MIB))
    errors.push({
      field: "reloadMiB",
      message: "Kept across reloads must be from 0 to 1024 MiB",
    });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { limits: { maxFrames, maxBytes: Math.round(maxMiB * MiB) }, reloadMiB },
  };
}
