import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import solid from "vite-plugin-solid";
import type { Playground } from "./echo-server/playground.ts";
import { securityHeaders } from "./echo-server/security-headers.ts";

const root = import.meta.dirname;

/** The inspector: a Solid SPA with `inspector/` as the Vite root, built to `dist/inspector`. */
const inspector: UserConfig = {
  root: resolve(root, "inspector"),
  plugins: [solid(), playgroundInDevServer()],
  build: {
    outDir: resolve(root, "dist/inspector"),
    emptyOutDir: true,
    target: "es2022",
  },
  worker: { format: "es" },
  server: {
    host: "127.0.0.1",
    // Same isolation as production so the dev clock has the same resolution. Vite's own
    // client needs inline code, so the CSP stays a production header.
    headers: Object.fromEntries(
      Object.entries(securityHeaders).filter(([name]) => name !== "Content-Security-Policy"),
    ),
  },
};

/**
 * The server (`vite build --ssr`): the CLI and the public modules (hooks, scenario) bundled for
 * Node to `dist/server/`, with the scenario JSON Schema beside them; dependencies stay external.
 */
const server: UserConfig = {
  root,
  plugins: [copyScenarioSchema()],
  build: {
    outDir: resolve(root, "dist/server"),
    emptyOutDir: true,
    target: "node20",
    rollupOptions: {
      input: {
        cli: resolve(root, "echo-server/cli.ts"),
        hooks: resolve(root, "echo-server/hooks.ts"),
        scenario: resolve(root, "echo-server/scenario.ts"),
      },
      output: { entryFileNames: "[name].js" },
    },
  },
};

export default defineConfig(({ isSsrBuild }) => (isSsrBuild ? server : inspector));

/** Puts `scenario.schema.json` in the server build, where the package exports it. */
function copyScenarioSchema(): Plugin {
  return {
    name: "socketscope-scenario-schema",
    generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: "scenario.schema.json",
        source: readFileSync(
          resolve(root, "echo-server/protocol/scenario/scenario.schema.json"),
          "utf8",
        ),
      });
    },
  };
}

/**
 * `npm run dev`: mounts the playground endpoints on Vite's own dev server, so the inspector and
 * the endpoints share one origin as they do in production. Vite's HMR socket is left alone.
 */
function playgroundInDevServer(): Plugin {
  let playground: Playground | undefined;
  return {
    name: "socketscope-playground",
    apply: "serve",
    async configureServer(dev) {
      const module = (await dev.ssrLoadModule(
        resolve(root, "echo-server/playground.ts"),
      )) as typeof import("./echo-server/playground.ts");
      playground = module.createPlayground();
      dev.httpServer?.on("upgrade", (request, socket, head) => {
        playground?.handleUpgrade(request, socket, head);
      });
      dev.middlewares.use((request, response, next) => {
        if (!playground?.handleRequest(request, response)) next();
      });
    },
    async buildEnd() {
      await playground?.close(0);
    },
  };
}
