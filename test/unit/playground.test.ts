import { describe, expect, it } from "vitest";
import {
  endpointUrl,
  parseEndpointList,
} from "../../inspector/src/model/connect/playground-endpoints.ts";

describe("parseEndpointList", () => {
  it("reads the server's list", () => {
    const body = [
      { path: "/echo", description: "echo", parameters: [{ name: "delay", description: "ms" }] },
      { path: "/rooms/:room", description: "rooms" },
    ];
    expect(parseEndpointList(body)).toEqual([
      { path: "/echo", description: "echo", parameters: [{ name: "delay", description: "ms" }] },
      { path: "/rooms/:room", description: "rooms", parameters: [] },
    ]);
  });

  it.each([
    ["an object", { endpoints: [] }],
    ["a string", "<html>"],
    ["items without a path", [{ description: "x" }]],
    ["a relative path", [{ path: "echo", description: "x" }]],
    ["null items", [null]],
  ])("returns null for %s", (_name, body) => {
    expect(parseEndpointList(body)).toBeNull();
  });
});

describe("endpointUrl", () => {
  it.each([
    ["http://127.0.0.1:7777", "/echo", "ws://127.0.0.1:7777/echo"],
    ["https://example.com", "/echo", "wss://example.com/echo"],
    ["http://localhost:5173", "/rooms/:room", "ws://localhost:5173/rooms/lobby"],
  ])("%s + %s → %s", (origin, path, expected) => {
    expect(endpointUrl(origin, path)).toBe(expected);
  });
});

describe("internal endpoints", () => {
  it("keeps the internal flag so menus can leave the relay out", () => {
    expect(parseEndpointList([{ path: "/relay", description: "relay", internal: true }])).toEqual([
      { path: "/relay", description: "relay", parameters: [], internal: true },
    ]);
  });
});
