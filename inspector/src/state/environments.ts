import { createMemo, createSignal, onCleanup } from "solid-js";
import {
  type Environment,
  EnvironmentLimits,
  environmentValues,
  freshEnvironmentName,
} from "../model/environments/environment.ts";
import { environmentsFile, readEnvironmentsFile } from "../model/environments/environment-file.ts";
import { makeSecretFinder, secretValues } from "../model/environments/secret-values.ts";
import { recordStore } from "./idb.ts";
import type { SessionServices } from "./session.ts";

/** The environments, the one in use, and what templates and redaction read from them. */
export interface Environments extends SessionServices {
  /** Every environment, oldest first. */
  readonly list: () => Environment[];
  /** The environment in use, if any. */
  readonly active: () => Environment | undefined;
  select(id: string | undefined): void;
  /** Adds an empty environment with a fresh name; undefined at the limit. */
  create(): Environment | undefined;
  /** Replaces the environment with the same id (as the editor changes it). */
  update(environment: Environment): void;
  remove(id: string): void;
  /** Adds the environments of a file; how many, or what is wrong with the file. */
  importFile(text: string): { ok: true; added: number } | { ok: false; error: string };
  /** Every environment as a file, secret values left empty. */
  exportFile(): string;
  /** Why the last save or load failed, or "". */
  readonly problem: () => string;
}

const ACTIVE_KEY = "socketscope.environment";

/** A new environment id: time first, so ids (and IndexedDB's key order) follow creation. */
function newId(): string {
  return `env-${Date.now().toString(36).padStart(9, "0")}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Environments kept in IndexedDB (every change is written at once; they are small) and the one
 * in use in localStorage. Secret values are stored as they are: they stay on this machine, and
 * only what leaves it (share links, exports) is scrubbed.
 */
export function createEnvironments(storage: Pick<Storage, "getItem" | "setItem" | "removeItem">) {
  const records = recordStore<Environment>("environments");
  const [list, setList] = createSignal<Environment[]>([]);
  const [activeId, setActiveId] = createSignal<string | undefined>(
    storage.getItem(ACTIVE_KEY) ?? undefined,
  );
  const [problem, setProblem] = createSignal("");
  let disposed = false;
  onCleanup(() => {
    disposed = true;
  });

  const failed = (what: string) => (error: unknown) => {
    if (!disposed) setProblem(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  };
  const save = (environment: Environment) =>
    records
      .put(environment)
      .then(() => setProblem(""))
      .catch(failed("The environment could not be saved"));

  records
    .getAll()
    .then((saved) => {
      if (disposed) return;
      // Edits made before the load finished win over what was stored.
      const here = new Set(list().map((environment) => environment.id));
      setList([...saved.filter((environment) => !here.has(environment.id)), ...list()]);
    })
    .catch(failed("Environments could not be loaded"));

  const active = createMemo(() => list().find((environment) => environment.id === activeId()));
  const values = createMemo(() => environmentValues(active()));
  const secrets = createMemo(() => secretValues(list()));
  const finder = createMemo(() => makeSecretFinder(secrets()));

  function add(environment: Omit<Environment, "id">): Environment | undefined {
    if (list().length >= EnvironmentLimits.maxEnvironments) return undefined;
    const created = { ...environment, id: newId() };
    setList([...list(), created]);
    void save(created);
    return created;
  }

  const environments: Environments = {
    list,
    active,
    select(id) {
      setActiveId(id);
      if (id === undefined) storage.removeItem(ACTIVE_KEY);
      else storage.setItem(ACTIVE_KEY, id);
    },
    create: () => add({ name: freshEnvironmentName(list()), variables: [] }),
    update(environment) {
      setList(list().map((entry) => (entry.id === environment.id ? environment : entry)));
      void save(environment);
    },
    remove(id) {
      setList(list().filter((environment) => environment.id !== id));
      if (activeId() === id) environments.select(undefined);
      records.delete(id).catch(failed("The environment could not be deleted"));
    },
    importFile(text) {
      const read = readEnvironmentsFile(text);
      if (!read.ok) return read;
      const room = EnvironmentLimits.maxEnvironments - list().length;
      if (read.environments.length > room)
        return {
          ok: false,
          error: `The file has ${read.environments.length} environments; there is room for ${room} more`,
        };
      for (const environment of read.environments) {
        // A name already taken gets a suffix: nothing is overwritten by an import.
        const taken = new Set(list().map((entry) => entry.name));
        let name = environment.name;
        for (let n = 2; taken.has(name); n++) name = `${environment.name} (${n})`;
        add({ ...environment, name });
      }
      return { ok: true, added: read.environments.length };
    },
    exportFile: () => environmentsFile(list()),
    values,
    secrets,
    finder,
    problem,
  };
  return environments;
}
