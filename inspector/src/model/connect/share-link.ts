import type { HeaderList } from "../../../../echo-server/protocol/relay-wire.ts";
import { type SecretFinder, scrubSecrets } from "../environments/secret-values.ts";
import { isShareableHeader, redactUrl } from "./secrets.ts";

/** A connection setup that may travel in a link. */
export interface SharedSetup {
  url: string;
  protocols: string;
  viaRelay: boolean;
  headers: HeaderList;
}

/** A setup made safe to share, and the names of what was left out of it. */
export interface SafeSetup {
  setup: SharedSetup;
  /** Secret query parameters, `userinfo`, and headers outside the allow-list, in that order. */
  removed: string[];
}

/**
 * The setup without credentials: the URL without userinfo and secret-looking query parameters,
 * and only the headers of the allow-list (`SHAREABLE_HEADERS`).
 */
export function shareableSetup(setup: SharedSetup): SafeSetup {
  const url = redactUrl(setup.url, "remove");
  const removed = [...url.removed];
  const headers: HeaderList = [];
  for (const [name, value] of setup.headers) {
    if (name.trim() === "") continue;
    if (isShareableHeader(name)) headers.push([name, value]);
    else if (!removed.includes(name)) removed.push(name);
  }
  return { setup: { ...setup, url: url.url, headers }, removed };
}

/** The link that opens a setup, and what was left out. */
export interface ShareLink {
  link: string;
  removed: string[];
}

/**
 * The inspector URL that opens this setup: `?url=&protocols=&relay=1&header=Name:Value`, with
 * credentials left out (see `shareableSetup`), and each secret value of the environments
 * (`secrets`) replaced by its `{{env.NAME}}`, named `env.NAME` in `removed`.
 */
export function shareLink(origin: string, setup: SharedSetup, secrets?: SecretFinder): ShareLink {
  const safe = shareableSetup(setup);
  if (secrets) {
    const scrub = (text: string) => {
      const scrubbed = scrubSecrets(text, secrets);
      for (const name of scrubbed.found)
        if (!safe.removed.includes(`env.${name}`)) safe.removed.push(`env.${name}`);
      return scrubbed.text;
    };
    safe.setup = {
      ...safe.setup,
      url: scrub(safe.setup.url),
      protocols: scrub(safe.setup.protocols),
      headers: safe.setup.headers.map(([name, value]) => [name, scrub(value)]),
    };
  }
  const params = new URLSearchParams({ url: safe.setup.url });
  if (safe.setup.protocols.trim()) params.set("protocols", safe.setup.protocols.trim());
  if (setup.viaRelay) params.set("relay", "1");
  for (const [name, value] of safe.setup.headers) params.append("header", `${name}:${value}`);
  return { link: `${origin}/?${params.toString()}`, removed: safe.removed };
}

/**
 * The setup a link carries, or null when it names no URL. A hand-edited link gets the same rules
 * as a made one: what `shareableSetup` leaves out is dropped here too, and named in `removed`.
 */
export function readShareLink(search: string): SafeSetup | null {
  const params = new URLSearchParams(search);
  const url = params.get("url");
  if (!url) return null;
  const headers: HeaderList = [];
  for (const entry of params.getAll("header")) {
    const colon = entry.indexOf(":");
    if (colon > 0) headers.push([entry.slice(0, colon), entry.slice(colon + 1)]);
  }
  return shareableSetup({
    url,
    protocols: params.get("protocols") ?? "",
    viaRelay: params.get("relay") === "1",
    headers,
  });
}

/** The confirmation after copying: "Copied the share link (left out: access_token, userinfo)". */
export function shareNotice(removed: readonly string[]): string {
  return removed.length === 0
    ? "Copied the share link"
    : `Copied the share link (left out: ${removed.join(", ")})`;
}
