/** A small promise wrapper over one IndexedDB object store whose records carry an `id`. */
export interface RecordStore<T extends { id: string }> {
  getAll(): Promise<T[]>;
  put(record: T): Promise<void>;
  delete(id: string): Promise<void>;
}

const DATABASE = "socketscope";
/** Bumped whenever a store is added; `upgrade` creates the missing ones. */
const VERSION = 3;
const STORES = ["saved-messages", "workspace", "environments"];

let database: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  database ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      for (const name of STORES) {
        if (!request.result.objectStoreNames.contains(name))
          request.result.createObjectStore(name, { keyPath: "id" });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return database;
}

function run<R>(
  storeName: string,
  mode: IDBTransactionMode,
  action: (store: IDBObjectStore) => IDBRequest<R>,
): Promise<R> {
  return open().then(
    (db) =>
      new Promise<R>((resolve, reject) => {
        const request = action(db.transaction(storeName, mode).objectStore(storeName));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      }),
  );
}

/** The record store named `storeName` in SocketScope's database. */
export function recordStore<T extends { id: string }>(storeName: string): RecordStore<T> {
  if (!STORES.includes(storeName)) throw new Error(`recordStore: unknown store "${storeName}"`);
  return {
    getAll: () => run(storeName, "readonly", (store) => store.getAll() as IDBRequest<T[]>),
    put: (record) =>
      run(storeName, "readwrite", (store) => store.put(record)).then(() => undefined),
    delete: (id) => run(storeName, "readwrite", (store) => store.delete(id)).then(() => undefined),
  };
}
