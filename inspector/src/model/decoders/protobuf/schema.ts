import protobuf from "protobufjs";

/** A `.proto` file as the user loaded it. */
export interface ProtoFile {
  /** The file's name, e.g. `chat.proto`; imports are matched against it. */
  name: string;
  source: string;
}

/** Bounds of what a schema may be. */
export const PROTO_LIMITS = {
  maxFiles: 64,
  /** All files together, in characters. */
  maxChars: 4 * 1024 * 1024,
  /** Message types listed and tried by Detect. */
  maxTypes: 2000,
};

/** Loaded `.proto` files, ready to decode and encode with. */
export interface ProtoSchema {
  readonly files: readonly ProtoFile[];
  /** Every message type by full name (`demo.Envelope`), sorted. */
  readonly types: readonly string[];
  /** The message type with this full name. */
  type(name: string): protobuf.Type | undefined;
}

/** A schema, or what is wrong with the files and where. */
export type SchemaLoad = { ok: true; schema: ProtoSchema } | { ok: false; error: string };

/** protobufjs's parser, with the (untyped) module-wide file name it puts in its errors. */
const parser = protobuf.parse as typeof protobuf.parse & { filename: string | null };

/** Well-known types protobufjs carries (no file needed): google/protobuf/timestamp.proto… */
const WELL_KNOWN = new Set(Object.keys(protobuf.common).filter((name) => name.endsWith(".proto")));

/**
 * Parses `.proto` files with protobufjs into one schema. Only `parse` and the reflection tree are
 * used: nothing is fetched (imports must name a loaded file, or a well-known type), and nothing
 * is compiled into code (protobufjs generates encoders with `Function`; SocketScope's own
 * wire-format reader and writer walk the tree instead), so a hostile file can at worst fail to
 * load. Errors name the file and line. Never throws.
 */
export function loadProtoFiles(files: readonly ProtoFile[]): SchemaLoad {
  if (files.length === 0) return { ok: false, error: "No .proto files to load" };
  if (files.length > PROTO_LIMITS.maxFiles)
    return { ok: false, error: `At most ${PROTO_LIMITS.maxFiles} .proto files load at once` };
  const chars = files.reduce((sum, file) => sum + file.source.length, 0);
  if (chars > PROTO_LIMITS.maxChars)
    return {
      ok: false,
      error: `These .proto files hold ${chars} characters; at most ${PROTO_LIMITS.maxChars} load at once`,
    };
  const names = new Set<string>();
  for (const file of files) {
    if (names.has(file.name))
      return { ok: false, error: `${file.name} is loaded twice: names must differ` };
    names.add(file.name);
    const reserved = reservedName(file);
    if (reserved) return { ok: false, error: reserved };
  }

  const root = new protobuf.Root();
  const wellKnown = new Set<string>();
  const previousName = parser.filename;
  try {
    for (const file of files) {
      // protobufjs names the file in its errors from this (module-wide) setting.
      parser.filename = file.name;
      let parsed: protobuf.IParserResult;
      try {
        parsed = parser(file.source, root, { keepCase: true, alternateCommentMode: true });
      } catch (error) {
        return { ok: false, error: withFile(file.name, error) };
      }
      for (const imported of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
        if (WELL_KNOWN.has(imported)) wellKnown.add(imported);
        else if (!files.some((other) => importNames(imported, other.name)))
          return {
            ok: false,
            error: `${file.name} imports "${imported}", which is not loaded: load it as well (files are matched by name)`,
          };
      }
    }
    for (const name of wellKnown) {
      const json = protobuf.common.get(name) as {
        nested?: Record<string, protobuf.AnyNestedObject>;
      };
      if (json.nested) root.addJSON(json.nested);
    }
    root.resolveAll();
  } catch (error) {
    return { ok: false, error: `The schema does not resolve: ${messageOf(error)}` };
  } finally {
    parser.filename = previousName;
  }

  const types = messageTypes(root).slice(0, PROTO_LIMITS.maxTypes);
  if (types.length === 0) return { ok: false, error: "These .proto files define no message type" };
  return {
    ok: true,
    schema: {
      files,
      types,
      type(name) {
        if (!types.includes(name)) return undefined;
        try {
          return root.lookupType(name);
        } catch {
          return undefined;
        }
      },
    },
  };
}

/** Whether an import path names a loaded file: the same name, or a path ending in it. */
function importNames(imported: string, fileName: string): boolean {
  return imported === fileName || imported.endsWith(`/${fileName}`);
}

/**
 * `__proto__` as a name would make protobufjs drop a package or type without a word (its names
 * are object keys), so a schema naming it is refused, at its line.
 */
function reservedName(file: ProtoFile): string | undefined {
  const at = file.source.search(/\b__proto__\b/);
  if (at < 0) return undefined;
  const line = file.source.slice(0, at).split("\n").length;
  return `${file.name}, line ${line}: __proto__ cannot name anything in a schema`;
}

/** Every message type under `namespace`, by full name without the leading dot, sorted. */
function messageTypes(namespace: protobuf.NamespaceBase): string[] {
  const found: string[] = [];
  const walk = (current: protobuf.NamespaceBase) => {
    for (const nested of current.nestedArray) {
      if (nested instanceof protobuf.Type) found.push(nested.fullName.replace(/^\./, ""));
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
    }
  };
  walk(namespace);
  return found.sort();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** protobufjs's error, with the file named when it did not name it. */
function withFile(name: string, error: unknown): string {
  const message = messageOf(error);
  if (error instanceof RangeError || /max depth exceeded/.test(message))
    return `${name} nests too deeply to read`;
  return message.includes(name) ? message : `${name}: ${message}`;
}
