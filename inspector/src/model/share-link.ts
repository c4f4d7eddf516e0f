import type { HeaderList } from "../../../echo-server/protocol/relay-wire.ts";

/** A connection setup that may travel in a link. */
export interface SharedSetup {
  url: string;
  protocols: string;
  viaRelay: boolean;
  headers: HeaderList;
}

/** Header names whose values are credentials: a shared link never carries them. */
export function isSecretHeader(name: string): boolean {
  return (
    /^(authorization|proxy-authorization|cookie|set-cookie)$/i.test(name) ||
    /token|secret|key|auth|pass|session|cookie/i.test(name)
  );
}

/** The inspector URL that opens this setup: `?url=&protocols=&relay=1&header=Name:Value`. Secret headers are left out. */
export function shareLink(origin: string, setup: SharedSetup): string {
  const params = new URLSearchParams({ url: setup.url });
  if (setup.protocols.trim()) params.set("protocols", setup.protocols.trim());
  if (setup.viaRelay) params.set("relay", "1");
  for (const [name, value] of setup.headers) {
    if (name.trim() && !isSecretHeader(name)) params.append("header", `${name}:${value}`);
  }
  return `${origin}/?${params.toString()}`;
}

/** The setup a link carries, or null when it names no URL. */
export function readShareLink(search: string): SharedSetup | null {
  const params = new URLSearchParams(search);
  const url = params.get("url");
  if (!url) return null;
  const headers: HeaderList = [];
  for (const entry of params.getAll("header")) {
    const colon = entry.indexOf(":");
    const name = colon > 0 ? entry.slice(0, colon) : "";
    // A hand-edited link could still name a secret header: drop it here too.
    if (name && !isSecretHeader(name)) headers.push([name, entry.slice(colon + 1)]);
  }
  return {
    url,
    protocols: params.get("protocols") ?? "",
    viaRelay: params.get("relay") === "1",
    headers,
  };
}
