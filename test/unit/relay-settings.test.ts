import { describe, expect, it } from "vitest";
import {
  authorizationHeader,
  checkRelayForm,
  emptyRelayForm,
  persistedRelayForm,
  type RelayForm,
  relaySettingsFrom,
} from "../../inspector/src/model/connect/relay-settings.ts";

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

  it.each<[string, RelayForm, { field: string; message: string }[]]>([
    [
      "a name that is not a token",
      form({ headers: [{ name: "Bad Name", value: "x" }] }),
      [{ field: "headers.0.name", message: '"Bad Name" is not a valid header name' }],
    ],
    [
      "a reserved name",
      form({ headers: [{ name: "Sec-WebSocket-Key", value: "x" }] }),
      [{ field: "headers.0.name", message: "Sec-WebSocket-Key is set by the handshake itself" }],
    ],
    [
      "framing headers the old list forgot",
      form({
        headers: [
          { name: "Content-Length", value: "1" },
          { name: "transfer-encoding", value: "chunked" },
        ],
      }),
      [
        { field: "headers.0.name", message: "Content-Length is set by the handshake itself" },
        { field: "headers.1.name", message: "transfer-encoding is set by the handshake itself" },
      ],
    ],
    [
      "a pasted smart quote in a value",
      form({ headers: [{ name: "X-Note", value: "it’s" }] }),
      [
        {
          field: "headers.0.value",
          message:
            'The value of X-Note has "’" (U+2019) at position 3: header values may hold only Latin-1 text',
        },
      ],
    ],
    [
      "a euro sign in the bearer token",
      form({ auth: { kind: "bearer", token: "pay€" } }),
      [
        {
          field: "auth.token",
          message:
            'The value of the token has "€" (U+20AC) at position 4: header values may hold only Latin-1 text',
        },
      ],
    ],
    [
      "a control character",
      form({ headers: [{ name: "X-A", value: "a\nb" }] }),
      [{ field: "headers.0.value", message: "The value of X-A has a control character (U+000A)" }],
    ],
    [
      "a value with no name",
      form({ headers: [{ name: " ", value: "x" }] }),
      [{ field: "headers.0.name", message: "A header needs a name" }],
    ],
    [
      "a header given twice, whatever its case",
      form({
        headers: [
          { name: "X-A", value: "1" },
          { name: "x-a", value: "2" },
        ],
      }),
      [{ field: "headers.1.name", message: "x-a is given twice: send it once" }],
    ],
    [
      "a colon in a Basic user",
      form({ auth: { kind: "basic", user: "a:b", password: "p" } }),
      [{ field: "auth.user", message: "A Basic user name cannot contain a colon" }],
    ],
    [
      "too many headers",
      form({ headers: Array.from({ length: 65 }, (_, i) => ({ name: `X-${i}`, value: "v" })) }),
      [{ field: "headers", message: "At most 64 custom headers" }],
    ],
    [
      "a timeout below the relay's bounds",
      form({ handshakeTimeoutMs: "50" }),
      [{ field: "handshakeTimeoutMs", message: "Handshake timeout must be from 100 to 30000 ms" }],
    ],
    [
      "a timeout above them",
      form({ handshakeTimeoutMs: "30001" }),
      [{ field: "handshakeTimeoutMs", message: "Handshake timeout must be from 100 to 30000 ms" }],
    ],
    [
      "an origin that is not a URL",
      form({ origin: "not a url" }),
      [{ field: "origin", message: '"not a url" is not an origin' }],
    ],
    [
      "an origin with a path",
      form({ origin: "https://app.example/" }),
      [{ field: "origin", message: '"https://app.example/" is not an origin' }],
    ],
  ])("refuses %s, naming the field", (_, input, expected) => {
    const problems = checkRelayForm(input);
    expect(problems.map(({ field }) => field)).toEqual(expected.map(({ field }) => field));
    problems.forEach((problem, i) => {
      expect(problem.message).toContain(expected[i]?.message);
    });
    const result = relaySettingsFrom(input, "ws://h/relay");
    expect(result).toEqual({
      ok: false,
      field: problems[0]?.field,
      error: problems[0]?.message,
    });
  });

  it("accepts Latin-1 values, the relay's bounds and an empty row", () => {
    const input = form({
      headers: [
        { name: "X-Name", value: "café ÿ\t" },
        { name: "", value: "" },
      ],
      handshakeTimeoutMs: "30000",
      origin: " https://app.example:8443 ",
    });
    expect(checkRelayForm(input)).toEqual([]);
    expect(relaySettingsFrom(input, "ws://h/relay")).toMatchObject({
      ok: true,
      settings: {
        connect: { headers: [["X-Name", "café ÿ\t"]], origin: "https://app.example:8443" },
      },
    });
  });

  it("sends an Origin override", () => {
    const result = relaySettingsFrom(form({ origin: "https://app.example" }), "ws://h/relay");
    expect(result.ok && result.settings.connect.origin).toBe("https://app.example");
  });
});

describe("persistedRelayForm", () => {
  const secrets = form({
    headers: [
      { name: "X-Api-Key", value: "k" },
      { name: "Cookie", value: "s=1" },
      { name: "X-Client", value: "inspector" },
      { name: "authorization", value: "Custom x" },
    ],
    origin: "https://app.example",
  });

  it.each<[string, RelayForm, RelayForm]>([
    [
      "blanks secret header values, keeping their names",
      secrets,
      {
        ...secrets,
        headers: [
          { name: "X-Api-Key", value: "" },
          { name: "Cookie", value: "" },
          { name: "X-Client", value: "inspector" },
          { name: "authorization", value: "" },
        ],
      },
    ],
    [
      "blanks the bearer token",
      form({ auth: { kind: "bearer", token: "letmein" } }),
      form({ auth: { kind: "bearer", token: "" } }),
    ],
    [
      "blanks the Basic password, not the user",
      form({ auth: { kind: "basic", user: "ada", password: "pw" } }),
      form({ auth: { kind: "basic", user: "ada", password: "" } }),
    ],
    [
      "keeps a form without secrets",
      form({ origin: "https://a.example" }),
      form({ origin: "https://a.example" }),
    ],
    [
      "keeps everything when the user asked to remember secrets",
      { ...secrets, auth: { kind: "bearer", token: "t" }, rememberSecrets: true },
      { ...secrets, auth: { kind: "bearer", token: "t" }, rememberSecrets: true },
    ],
  ])("%s", (_, input, saved) => {
    expect(persistedRelayForm(input)).toEqual(saved);
  });

  it("leaves the form itself alone", () => {
    const input = form({ auth: { kind: "bearer", token: "t" } });
    persistedRelayForm(input);
    expect(input.auth).toEqual({ kind: "bearer", token: "t" });
  });
});

describe("relay settings with an environment", () => {
  const env = Object.assign(Object.create(null), { TOKEN: "tok-1", TENANT: "acme" });

  it("fills {{env.NAME}} into header values and the bearer token", () => {
    const result = relaySettingsFrom(
      form({
        headers: [{ name: "X-Tenant", value: "{{env.TENANT}}-eu" }],
        auth: { kind: "bearer", token: "{{ env.TOKEN }}" },
      }),
      "ws://h/relay",
      env,
    );
    expect(result.ok && result.settings.connect.headers).toEqual([
      ["X-Tenant", "acme-eu"],
      ["Authorization", "Bearer tok-1"],
    ]);
  });

  it("names the field that reads an unset variable", () => {
    expect(
      relaySettingsFrom(
        form({ auth: { kind: "basic", user: "ada", password: "{{env.PASSWORD}}" } }),
        "ws://h/relay",
        env,
      ),
    ).toEqual({
      ok: false,
      field: "auth.password",
      error:
        "{{env.PASSWORD}} is not set: choose an environment that has it, or add it to the one in use",
      unset: ["PASSWORD"],
    });
  });

  it("leaves references as typed without an environment (share links carry the reference)", () => {
    const result = relaySettingsFrom(
      form({ headers: [{ name: "X-Request-Id", value: "{{env.TOKEN}}" }] }),
      "ws://h/relay",
    );
    expect(result.ok && result.settings.connect.headers).toEqual([
      ["X-Request-Id", "{{env.TOKEN}}"],
    ]);
  });
});
