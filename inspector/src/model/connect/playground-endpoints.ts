/** A bundled-server endpoint as `GET /api/endpoints` lists it. */
export interface PlaygroundEndpoint {
  path: string;
  description: string;
  parameters: { name: string; description: string; default?: string }[];
  /** Not for opening directly (the relay). */
  internal?: boolean;
}

/** Values put in for path parameters when the menu fills the URL. */
const PATH_DEFAULTS: Record<string, string> = { room: "lobby" };

/** Reads the endpoint list; null when the body is not that shape (another server answered). */
export function parseEndpointList(body: unknown): PlaygroundEndpoint[] | null {
  if (!Array.isArray(body)) return null;
  const list: PlaygroundEndpoint[] = [];
  for (const item of body) {
    if (typeof item !== "object" || item === null) return null;
    const { path, description, parameters, internal } = item as Record<string, unknown>;
    if (typeof path !== "string" || !path.startsWith("/") || typeof description !== "string")
      return null;
    list.push({
      path,
      description,
      parameters: Array.isArray(parameters) ? (parameters as PlaygroundEndpoint["parameters"]) : [],
      ...(internal === true ? { internal: true } : {}),
    });
  }
  return list;
}

/** The ws(s) URL for an endpoint on the server at `origin`, with path parameters filled in. */
export function endpointUrl(origin: string, path: string): string {
  const wsOrigin = origin.replace(/^http/, "ws");
  const filled = path.replace(
    /:([A-Za-z]+)/g,
    (_match, name: string) => PATH_DEFAULTS[name] ?? name,
  );
  return `${wsOrigin}${filled}`;
}
