import { describe, expect, it } from "vitest";
import {
  checkRetentionForm,
  type RetentionForm,
} from "../../inspector/src/model/frames/retention-form.ts";

const MiB = 1024 * 1024;
const form = (patch: Partial<RetentionForm> = {}): RetentionForm => ({
  maxFrames: "1000000",
  maxMiB: "512",
  reloadMiB: "16",
  ...patch,
});

const FRAMES = {
  field: "maxFrames",
  message: "Max frames must be a whole number from 1 to 10,000,000",
};
const MIB = { field: "maxMiB", message: "Max MiB must be a number above 0 and at most 4096" };
const RELOAD = { field: "reloadMiB", message: "Kept across reloads must be from 0 to 1024 MiB" };

describe("checkRetentionForm", () => {
  it.each<[string, Partial<RetentionForm>, object[]]>([
    ["0 frames", { maxFrames: "0" }, [FRAMES]],
    ["an empty frame count", { maxFrames: "" }, [FRAMES]],
    ["a fractional frame count", { maxFrames: "10.5" }, [FRAMES]],
    ["more than 10,000,000 frames", { maxFrames: "10000001" }, [FRAMES]],
    ["0 MiB", { maxMiB: "0" }, [MIB]],
    ["more than 4096 MiB", { maxMiB: "4097" }, [MIB]],
    ["MiB that are not a number", { maxMiB: "lots" }, [MIB]],
    ["a negative reload budget", { reloadMiB: "-1" }, [RELOAD]],
    ["more than 1024 MiB across reloads", { reloadMiB: "1025" }, [RELOAD]],
    ["every field at once", { maxFrames: "x", maxMiB: "x", reloadMiB: "x" }, [FRAMES, MIB, RELOAD]],
  ])("rejects %s, naming the field", (_, patch, errors) => {
    expect(checkRetentionForm(form(patch))).toEqual({ ok: false, errors });
  });

  it.each<[Partial<RetentionForm>, object]>([
    [{}, { limits: { maxFrames: 1_000_000, maxBytes: 512 * MiB }, reloadMiB: 16 }],
    [
      { maxFrames: "1", maxMiB: "0.5", reloadMiB: "0" },
      { limits: { maxFrames: 1, maxBytes: MiB / 2 }, reloadMiB: 0 },
    ],
    [
      { maxFrames: "10000000", maxMiB: "4096", reloadMiB: "1024" },
      { limits: { maxFrames: 10_000_000, maxBytes: 4096 * MiB }, reloadMiB: 1024 },
    ],
    // An empty reload budget is 0: nothing is kept across reloads.
    [{ reloadMiB: "" }, { reloadMiB: 0 }],
    // Bytes are whole: a fraction of a MiB rounds to the nearest byte.
    [{ maxMiB: "0.0000001" }, { limits: { maxFrames: 1_000_000, maxBytes: 0 } }],
  ])("accepts %j", (patch, value) => {
    const result = checkRetentionForm(form(patch));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(value);
  });
});
