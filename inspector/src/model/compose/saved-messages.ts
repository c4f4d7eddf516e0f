import type { BinaryEncoding, MessageType } from "./message-draft.ts";

/** A message kept for later: loaded into the composer or sent in one click. */
export interface SavedMessage {
  id: string;
  name: string;
  folder: string;
  type: MessageType;
  body: string;
  encoding: BinaryEncoding;
}

/** The export file's shape, versioned so later formats can still read it. */
export interface SavedMessagesFile {
  format: "socketscope-saved-messages";
  version: 1;
  messages: Omit<SavedMessage, "id">[];
}

const TYPES: MessageType[] = ["text", "json", "binary"];
const ENCODINGS: BinaryEncoding[] = ["hex", "base64"];

/** The JSON text of an export file. */
export function exportSavedMessages(messages: SavedMessage[]): string {
  const file: SavedMessagesFile = {
    format: "socketscope-saved-messages",
    version: 1,
    messages: messages.map(({ name, folder, type, body, encoding }) => ({
      name,
      folder,
      type,
      body,
      encoding,
    })),
  };
  return JSON.stringify(file, null, 2);
}

/** Reads an export file; says which entry is wrong instead of importing half of it. */
export function importSavedMessages(
  text: string,
): { ok: true; messages: Omit<SavedMessage, "id">[] } | { ok: false; error: string } {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return { ok: false, error: "The file is not JSON" };
  }
  const { format, messages } = (file ?? {}) as Partial<SavedMessagesFile>;
  if (format !== "socketscope-saved-messages" || !Array.isArray(messages)) {
    return { ok: false, error: "This is not a SocketScope saved-messages file" };
  }
  const valid: Omit<SavedMessage, "id">[] = [];
  for (const [index, entry] of messages.entries()) {
    const { name, folder, type, body, encoding } = (entry ?? {}) as Partial<SavedMessage>;
    if (
      typeof name !== "string" ||
      name.trim() === "" ||
      typeof body !== "string" ||
      !TYPES.includes(type as MessageType)
    ) {
      return {
        ok: false,
        error: `Entry ${index + 1} needs a name, a type (text, json or binary) and a body`,
      };
    }
    valid.push({
      name,
      folder: typeof folder === "string" ? folder : "",
      type: type as MessageType,
      body,
      encoding: ENCODINGS.includes(encoding as BinaryEncoding)
        ? (encoding as BinaryEncoding)
        : "hex",
    });
  }
  return { ok: true, messages: valid };
}

/** Saved messages grouped by folder, folders and names in alphabetical order. */
export function groupByFolder(
  messages: SavedMessage[],
): { folder: string; messages: SavedMessage[] }[] {
  const groups = new Map<string, SavedMessage[]>();
  for (const message of messages) {
    const group = groups.get(message.folder) ?? [];
    group.push(message);
    groups.set(message.folder, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, list]) => ({
      folder,
      messages: list.sort((a, b) => a.name.localeCompare(b.name)),
    }));
}
