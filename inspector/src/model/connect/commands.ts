import type { HeaderList } from "../../../../echo-server/protocol/relay-wire.ts";

/** What a command line needs to open the same connection. */
export interface CommandSetup {
  url: string;
  protocols: string[];
  headers: HeaderList;
  origin?: string;
}

/** Quotes a word for a POSIX shell: single quotes, with embedded single quotes escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The same connection as a `websocat` command. */
export function websocatCommand(setup: CommandSetup): string {
  const words = ["websocat"];
  for (const protocol of setup.protocols) words.push("--protocol", shellQuote(protocol));
  for (const [name, value] of setup.headers) words.push("-H", shellQuote(`${name}: ${value}`));
  if (setup.origin) words.push("--origin", shellQuote(setup.origin));
  words.push(shellQuote(setup.url));
  return words.join(" ");
}

/** The same connection as a `wscat` command. */
export function wscatCommand(setup: CommandSetup): string {
  const words = ["wscat", "-c", shellQuote(setup.url)];
  for (const protocol of setup.protocols) words.push("-s", shellQuote(protocol));
  for (const [name, value] of setup.headers) words.push("-H", shellQuote(`${name}: ${value}`));
  if (setup.origin) words.push("-o", shellQuote(setup.origin));
  return words.join(" ");
}
