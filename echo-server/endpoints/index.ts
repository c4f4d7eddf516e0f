import type { Hooks } from "crossws";
import { echo } from "./echo.ts";

/** A playground endpoint: where it lives, what it does, and the crossws hooks that do it. */
export interface Endpoint {
  path: string;
  description: string;
  parameters: { name: string; description: string }[];
  hooks: Partial<Hooks>;
}

/** Every endpoint the bundled server mounts, in the order the banner lists them. */
export const endpoints: readonly Endpoint[] = [
  {
    path: "/echo",
    description: "echoes every message verbatim (text stays text, binary stays binary)",
    parameters: [],
    hooks: echo,
  },
];

/** The endpoint mounted at `pathname`, if any. */
export function findEndpoint(pathname: string): Endpoint | undefined {
  return endpoints.find((endpoint) => endpoint.path === pathname);
}
