import { createRequire } from "node:module";
import { defineHooks, type Hooks } from "crossws";
import type { ParameterSpec } from "../query.ts";

/** What the endpoint list says about `/graphql`. */
export const graphqlParameters: ParameterSpec[] = [
  {
    name: "subprotocol",
    description:
      'graphql-transport-ws; try subscription { tick(count: 5, interval: 500) { seq ts } } and mutation { echo(message: "hi") }',
  },
];

const SCHEMA = /* GraphQL */ `
  type Query {
    "A greeting, to check the connection."
    hello: String!
  }
  type Mutation {
    "Returns its message."
    echo(message: String!): String!
  }
  type Tick {
    seq: Int!
    ts: Float!
  }
  type Subscription {
    "count ticks, one every interval ms (50–60000), then completes."
    tick(count: Int = 5, interval: Int = 1000): Tick!
  }
`;

/** Operations one connection may run at once. */
const MAX_OPERATIONS_PER_CONNECTION = 20;

const sleep = (ms: number, signal: { stopped: boolean }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    if (signal.stopped) {
      clearTimeout(timer);
      resolve();
    }
  });

/**
 * `/graphql`: GraphQL over WebSocket (`graphql-transport-ws`) with the official `graphql` and
 * `graphql-ws` libraries, whose crossws adapter this mounts: `hello`, an `echo` mutation and a
 * ticking subscription. Loaded when first used, so the server starts as fast without it.
 */
export function createGraphql(): Partial<Hooks> {
  let loading: Promise<ReturnType<typeof import("graphql-ws/use/crossws").makeHooks>> | undefined;
  const load = () => {
    loading ??= (async () => {
      const { makeHooks } = await import("graphql-ws/use/crossws");
      // graphql ships CJS and ESM side by side, and a schema from one cannot be used by the
      // other; graphql-ws loads the package's main (CJS) entry, so require it the same way.
      const { buildSchema, GraphQLError } = createRequire(import.meta.url)(
        "graphql",
      ) as typeof import("graphql");
      const schema = buildSchema(SCHEMA);
      const running = new WeakMap<object, number>();
      const rootValue = {
        hello: () => "Hello from the SocketScope playground",
        echo: ({ message }: { message: string }) => message,
        async *tick({ count, interval }: { count: number; interval: number }) {
          const times = Math.max(0, Math.min(1000, count));
          const every = Math.max(50, Math.min(60_000, interval));
          const stop = { stopped: false };
          try {
            for (let seq = 1; seq <= times; seq++) {
              await sleep(every, stop);
              yield { tick: { seq, ts: Date.now() } };
            }
          } finally {
            stop.stopped = true;
          }
        },
      };
      return makeHooks({
        schema,
        roots: { query: rootValue, mutation: rootValue, subscription: rootValue },
        onSubscribe(ctx) {
          const count = running.get(ctx) ?? 0;
          if (count >= MAX_OPERATIONS_PER_CONNECTION)
            return [
              new GraphQLError(
                `At most ${MAX_OPERATIONS_PER_CONNECTION} operations at once on one connection`,
              ),
            ];
          running.set(ctx, count + 1);
          return undefined;
        },
        onComplete(ctx) {
          running.set(ctx, Math.max(0, (running.get(ctx) ?? 1) - 1));
        },
      });
    })();
    return loading;
  };
  let hooks: Awaited<ReturnType<typeof load>> | undefined;
  return defineHooks({
    async upgrade(request) {
      hooks = await load();
      return hooks.upgrade(request);
    },
    open: (peer) => hooks?.open(peer),
    message: (peer, message) => hooks?.message(peer, message),
    close: (peer, details) => hooks?.close(peer, details),
    error: (peer, error) => hooks?.error(peer, error),
  });
}
