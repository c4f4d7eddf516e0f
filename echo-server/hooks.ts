/**
 * The playground endpoints as plain crossws hooks, for mounting in your own app
 * (`import { rooms } from "socketscope/hooks"`): a SolidStart, Nitro or h3 WebSocket route, or
 * any crossws adapter. Each `create*` factory makes an instance with its own state.
 * `createRooms({ backplane: await createRedisBackplane(url) })` spreads rooms over processes.
 */
export { auth, createAuth } from "./endpoints/auth.ts";
export { broadcast, createBroadcast } from "./endpoints/broadcast.ts";
export { close, createClose } from "./endpoints/close.ts";
export { createEcho, echo } from "./endpoints/echo.ts";
export { createFirehose, firehose } from "./endpoints/firehose.ts";
export { createJsonRpc, jsonrpc } from "./endpoints/jsonrpc.ts";
export { createRooms, rooms } from "./endpoints/rooms.ts";
export { createTicker, ticker } from "./endpoints/ticker.ts";
export type { RoomsBackplane } from "./rooms/backplane.ts";
export { createRedisBackplane, type RedisBackplaneOptions } from "./rooms/redis-backplane.ts";
