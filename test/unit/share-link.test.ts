import { describe, expect, it } from "vitest";
import type { HeaderList } from "../../echo-server/protocol/relay-wire.ts";
import {
  readShareLink,
  type SharedSetup,
  shareLink,
  shareNotice,
} from "../../inspector/src/model/connect/share-link.ts";
import { makeSecretFinder } from "../../inspector/src/model/environments/secret-values.ts";

const ORIGIN = "http://127.0.0.1:7777";
const setup = (patch: Partial<SharedSetup>): SharedSetup => ({
  url: "ws://localhost:3000/ws",
  protocols: "",
  viaRelay: false,
  headers: [],
  ...patch,
});

describe("shareLink", () => {
  it.each<[string, SharedSetup, string, string[]]>([
    ["a bare URL", setup({}), `${ORIGIN}/?url=ws%3A%2F%2Flocalhost%3A3000%2Fws`, []],
    [
      "subprotocols, relay and an allowed header; credentials and unknown headers left out",
      setup({
        protocols: " json, v2 ",
        viaRelay: true,
        headers: [
          ["Authorization", "Bearer abc"],
          ["Accept-Language", "en"],
          ["Cookie", "s=1"],
          ["X-Client-Version", "1.2"],
          ["", ""],
        ],
      }),
      `${ORIGIN}/?url=ws%3A%2F%2Flocalhost%3A3000%2Fws&protocols=json%2C+v2&relay=1&header=Accept-Language%3Aen`,
      ["Authorization", "Cookie", "X-Client-Version"],
    ],
    [
      "a token query parameter and userinfo",
      setup({ url: "ws://ada:pw@localhost:3000/ws?room=1&access_token=abc" }),
      `${ORIGIN}/?url=ws%3A%2F%2Flocalhost%3A3000%2Fws%3Froom%3D1`,
      ["access_token", "userinfo"],
    ],
    [
      "a URL whose only parameter is secret loses its ?",
      setup({ url: "ws://127.0.0.1:7777/auth?token=letmein" }),
      `${ORIGIN}/?url=ws%3A%2F%2F127.0.0.1%3A7777%2Fauth`,
      ["token"],
    ],
  ])("%s", (_, input, link, removed) => {
    const made = shareLink(ORIGIN, input);
    expect(made).toEqual({ link, removed });
    expect(made.link).not.toMatch(/abc|letmein|pw@|s%3D1/);
  });

  it("reads its own link back", () => {
    const { link } = shareLink(
      ORIGIN,
      setup({ protocols: "json", viaRelay: true, headers: [["User-Agent", "probe/1"]] }),
    );
    expect(readShareLink(new URL(link).search)).toEqual({
      setup: setup({ protocols: "json", viaRelay: true, headers: [["User-Agent", "probe/1"]] }),
      removed: [],
    });
  });
});

describe("readShareLink", () => {
  it.each<[string, string, HeaderList, string[]]>([
    [
      "?url=ws://h/&header=Authorization:Bearer%20x&header=X-Request-Id:7",
      "ws://h/",
      [["X-Request-Id", "7"]],
      ["Authorization"],
    ],
    [
      "?url=ws%3A%2F%2Fu%3Ap%40h%2Fp%3Fsession%3D9%26a%3D1&header=X-Api-Key:k&header=novalue",
      "ws://h/p?a=1",
      [],
      ["session", "userinfo", "X-Api-Key"],
    ],
  ])("applies the same rules to the hand-edited link %s", (search, url, headers, removed) => {
    const read = readShareLink(search);
    expect(read?.setup.url).toBe(url);
    expect(read?.setup.headers).toEqual(headers);
    expect(read?.removed).toEqual(removed);
  });

  it("needs a URL", () => {
    expect(readShareLink("?protocols=json")).toBeNull();
  });
});

describe("shareNotice", () => {
  it.each([
    [[], "Copied the share link"],
    [["access_token", "userinfo"], "Copied the share link (left out: access_token, userinfo)"],
  ])("%j", (removed, notice) => {
    expect(shareNotice(removed)).toBe(notice);
  });
});

describe("shareLink and the environments' secrets", () => {
  const secrets = makeSecretFinder([
    { name: "TOKEN", value: "tok-s3cret" },
    { name: "ROOM_KEY", value: "room-77" },
  ]);

  it.each<[string, SharedSetup, string, string[]]>([
    [
      "a secret value typed into the URL, an allowed header and the subprotocols",
      setup({
        url: "ws://localhost:3000/ws?room=room-77",
        protocols: "v1.tok-s3cret",
        viaRelay: true,
        headers: [["X-Request-Id", "req-tok-s3cret"]],
      }),
      `${ORIGIN}/?url=ws%3A%2F%2Flocalhost%3A3000%2Fws%3Froom%3D%7B%7Benv.ROOM_KEY%7D%7D&protocols=v1.%7B%7Benv.TOKEN%7D%7D&relay=1&header=X-Request-Id%3Areq-%7B%7Benv.TOKEN%7D%7D`,
      ["env.ROOM_KEY", "env.TOKEN"],
    ],
    [
      "a reference stays a reference: the value is never looked up",
      setup({ viaRelay: true, headers: [["X-Request-Id", "{{env.TOKEN}}"]] }),
      `${ORIGIN}/?url=ws%3A%2F%2Flocalhost%3A3000%2Fws&relay=1&header=X-Request-Id%3A%7B%7Benv.TOKEN%7D%7D`,
      [],
    ],
  ])("%s", (_name, value, link, removed) => {
    const made = shareLink(ORIGIN, value, secrets);
    expect(made).toEqual({ link, removed });
    expect(decodeURIComponent(made.link)).not.toMatch(/tok-s3cret|room-77/);
  });
});
