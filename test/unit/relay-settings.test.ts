import { describe, expect, it } from "vitest";
import {
  authorizationHeader,
  emptyRelayForm,
  type RelayForm,
  relaySettingsFrom,
} from "../../inspector/src/model/relay-settings.ts";

const form = (patch: Partial<RelayForm>): RelayForm => ({ ...emptyRelayForm, ...patch });

describe("relay settings", () => {
  it("passes headers in order and skips empty rows", () => {
    const result = relaySettingsFrom(
      form({
        headers: [
          { name: "X-Api-Key", value: "secret" },
          { name: "", value: "" },
          { name: "Cookie", value: "a=1" },
        ],
      }),
      "ws://h/relay",
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        relayUrl: "ws://h/relay",
        connect: {
          headers: [
            ["X-Api-Key", "secret"],
            ["Cookie", "a=1"],
          ],
          handshakeTimeoutMs: 10000,
          followRedirects: false,
          autoPong: true,
        },
      },
    });
  });

  it.each([
    [{ kind: "bearer", token: " abc " }, "Bearer abc"],
    [
      { kind: "basic", user: "ada", password: "pä55" },
      `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode("ada:pä55")))}`,
    ],
    [{ kind: "bearer", token: "" }, undefined],
    [{ kind: "none" }, undefined],
  ] as const)("authorization helper %j", (auth, header) => {
    expect(authorizationHeader(auth)).toBe(header);
  });

  it("adds the helper's Authorization header unless one is typed in", () => {
    const helper = relaySettingsFrom(
      form({ auth: { kind: "bearer", token: "t" } }),
      "ws://h/relay",
    );
    expect(helper.ok && helper.settings.connect.headers).toEqual([["Authorization", "Bearer t"]]);
    const typed = relaySettingsFrom(
      form({
        auth: { kind: "bearer", token: "t" },
        headers: [{ name: "authorization", value: "Custom x" }],
      }),
      "ws://h/relay",
    );
    expect(typed.ok && typed.settings.connect.headers).toEqual([["authorization", "Custom x"]]);
  });

  it.each([
    [
      form({ headers: [{ name: "Bad Name", value: "x" }] }),
      '"Bad Name" is not a valid header name',
    ],
    [form({ headers: [{ name: "Sec-WebSocket-Key", value: "x" }] }), "set by the handshake itself"],
    [form({ handshakeTimeoutMs: "50" }), "Handshake timeout must be from 100 to 30000 ms"],
    [form({ origin: "not a url" }), "Origin must be a URL"],
  ])("refuses %#", (input, message) => {
    const result = relaySettingsFrom(input, "ws://h/relay");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it("sends an Origin override", () => {
    const result = relaySettingsFrom(form({ origin: "https://app.example" }), "ws://h/relay");
    expect(result.ok && result.settings.connect.origin).toBe("https://app.example");
  });
});
