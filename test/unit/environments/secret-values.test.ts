import { describe, expect, it } from "vitest";
import type { Environment } from "../../../inspector/src/model/environments/environment.ts";
import {
  makeSecretFinder,
  maskSecrets,
  SECRET_MASK,
  scrubBytes,
  scrubDeep,
  scrubSecrets,
  secretValues,
} from "../../../inspector/src/model/environments/secret-values.ts";

const environments: Environment[] = [
  {
    id: "a",
    name: "dev",
    variables: [
      { name: "TOKEN", value: "tok-123", secret: true },
      { name: "HOST", value: "localhost", secret: false },
      { name: "EMPTY", value: "", secret: true },
    ],
  },
  {
    id: "b",
    name: "prod",
    variables: [
      { name: "LONG", value: "tok-123-long", secret: true },
      { name: "REGEX", value: "a.b*(c)$1", secret: true },
    ],
  },
];
const secrets = secretValues(environments);
const finder = makeSecretFinder(secrets);

describe("secretValues", () => {
  it("lists the secret values of every environment, longest first, none empty", () => {
    expect(secrets).toEqual([
      { name: "LONG", value: "tok-123-long" },
      { name: "REGEX", value: "a.b*(c)$1" },
      { name: "TOKEN", value: "tok-123" },
    ]);
  });
});

describe("masking and scrubbing text", () => {
  it.each([
    ["no secret", "hello localhost", "hello localhost", "hello localhost", []],
    [
      "a secret, twice",
      "Bearer tok-123 and tok-123",
      `Bearer ${SECRET_MASK} and ${SECRET_MASK}`,
      "Bearer {{env.TOKEN}} and {{env.TOKEN}}",
      ["TOKEN"],
    ],
    [
      "the longer secret wins where one contains the other",
      "x tok-123-long y",
      `x ${SECRET_MASK} y`,
      "x {{env.LONG}} y",
      ["LONG"],
    ],
    [
      "regex characters in a secret are literal",
      "see a.b*(c)$1 and aXb",
      `see ${SECRET_MASK} and aXb`,
      "see {{env.REGEX}} and aXb",
      ["REGEX"],
    ],
  ])("%s", (_name, text, masked, scrubbed, found) => {
    expect(maskSecrets(text, finder)).toBe(masked);
    expect(scrubSecrets(text, finder)).toEqual({ text: scrubbed, found });
  });

  it("never searches a replacement again", () => {
    const tricky = makeSecretFinder([
      { name: "A", value: "env" },
      { name: "B", value: "{{env.A}}" },
    ]);
    expect(scrubSecrets("env", tricky).text).toBe("{{env.A}}");
  });

  it("leaves text alone with no secrets", () => {
    const none = makeSecretFinder([]);
    expect(none.empty).toBe(true);
    expect(scrubSecrets("tok-123", none)).toEqual({ text: "tok-123", found: [] });
  });
});

describe("scrubBytes", () => {
  it("replaces the UTF-8 of a secret in binary", () => {
    const bytes = new Uint8Array([0, ...new TextEncoder().encode("tok-123"), 255]);
    const result = scrubBytes(bytes, secrets);
    expect(result?.found).toEqual(["TOKEN"]);
    expect([...(result?.bytes ?? [])]).toEqual([
      0,
      ...new TextEncoder().encode("{{env.TOKEN}}"),
      255,
    ]);
  });

  it("says so when nothing was there", () => {
    expect(scrubBytes(new Uint8Array([1, 2, 3]), secrets)).toBeUndefined();
  });
});

describe("scrubDeep", () => {
  it("scrubs every string of an event, keys included as they are, without a prototype hook", () => {
    const found: string[] = [];
    const event = JSON.parse(
      '{"type":"open","url":"ws://h/?t=tok-123","__proto__":{"x":"tok-123"},"n":1,"list":["tok-123"]}',
    );
    const scrubbed = scrubDeep(event, finder, found);
    expect(JSON.stringify(scrubbed)).toBe(
      '{"type":"open","url":"ws://h/?t={{env.TOKEN}}","__proto__":{"x":"{{env.TOKEN}}"},"n":1,"list":["{{env.TOKEN}}"]}',
    );
    expect(found).toEqual(["TOKEN"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("segments", () => {
  it("cuts text at each secret", () => {
    expect(finder.segments("a tok-123 b tok-123-long")).toEqual([
      { text: "a " },
      { secret: { name: "TOKEN", value: "tok-123" } },
      { text: " b " },
      { secret: { name: "LONG", value: "tok-123-long" } },
    ]);
    expect(makeSecretFinder([]).segments("plain")).toEqual([{ text: "plain" }]);
    expect(finder.segments("")).toEqual([]);
  });
});
