// Headless Chromium driven over a bare DevTools pipe, with nothing enabled but what a step
// needs. Playwright enables the Network domain on every page and worker, so Chromium sends it
// one DevTools event per WebSocket frame (Network.webSocketFrameReceived, payload included) and
// Playwright parses each: at 50,000 frames/s that is a third party taking CPU from the page it
// measures, on both pages alike, which narrows the gap between them. A user has no DevTools
// attached; this driver measures what they get.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Flags that keep Chromium off the (closed) network; shared with the e2e tests. */
const QUIET_FLAGS = JSON.parse(
  readFileSync(new URL("../../chromium-flags.json", import.meta.url), "utf8"),
);
/** What Playwright's launch sets that matters for a measurement (no throttling of the page). */
const HEADLESS_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-dev-shm-usage",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
  "--disable-renderer-backgrounding",
  "--hide-scrollbars",
  "--mute-audio",
  "--window-size=1280,800",
];

/**
 * Launches Chromium (CHROMIUM_PATH, else Debian's) with `--remote-debugging-pipe` and returns a
 * handle that opens pages in fresh browser contexts.
 */
export async function launchCdpBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), "socketscope-cdp-"));
  const child = spawn(
    process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    [
      ...HEADLESS_FLAGS,
      ...QUIET_FLAGS,
      `--user-data-dir=${userDataDir}`,
      "--remote-debugging-pipe",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const [, , , toBrowser, fromBrowser] = child.stdio;

  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  let buffered = "";
  fromBrowser.setEncoding("utf8");
  fromBrowser.on("data", (chunk) => {
    buffered += chunk;
    let end = buffered.indexOf("\0");
    while (end !== -1) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf("\0");
      if (message.id !== undefined) {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(`${waiter.method}: ${message.error.message}`));
        else waiter?.resolve(message.result);
      } else for (const listener of listeners) listener(message);
    }
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error("Chromium exited"));
  });

  /** Sends a command (to a page's session when `sessionId` is given) and resolves its result. */
  function send(method, params = {}, sessionId) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, method });
      toBrowser.write(
        `${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`,
      );
    });
  }

  /** Resolves with the first event `method` of `sessionId` (after `timeoutMs`, rejects). */
  function nextEvent(sessionId, method, timeoutMs) {
    return new Promise((resolve, reject) => {
      const listener = (message) => {
        if (message.sessionId !== sessionId || message.method !== method) return;
        listeners.delete(listener);
        clearTimeout(timer);
        resolve(message.params);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      listeners.add(listener);
    });
  }

  const { product } = await send("Browser.getVersion");

  return {
    version: () => product,
    /** A browser-level command, or one to a target's session (a page's, a worker's). */
    send,
    /** Calls `listener` with every event (method, params, sessionId); returns a remover. */
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Opens a page in a fresh browser context (its own storage and cache). */
    async newPage() {
      const { browserContextId } = await send("Target.createBrowserContext");
      const { targetId } = await send("Target.createTarget", {
        url: "about:blank",
        browserContextId,
      });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      const command = (method, params) => send(method, params, sessionId);
      await command("Page.enable");
      return makePage(
        sessionId,
        command,
        (method, timeoutMs) => nextEvent(sessionId, method, timeoutMs),
        () => send("Target.disposeBrowserContext", { browserContextId }),
      );
    },
    async close() {
      process.off("exit", killOnExit);
      await send("Browser.close").catch(() => {});
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A page: scripts before load, navigation, evaluation, and input as a user gives it. */
function makePage(sessionId, command, nextEvent, dispose) {
  /** Runs `fn(arg)` in the page (awaiting a returned promise) and returns its value. */
  async function evaluate(fn, arg) {
    const { result, exceptionDetails } = await command("Runtime.evaluate", {
      expression: `(${fn})(${JSON.stringify(arg)})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails)
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  }

  return {
    sessionId,
    /** A command to this page's session. */
    command,
    evaluate,
    /** Runs `fn(arg)` in every document this page loads, before its own scripts. */
    addInitScript: (fn, arg) =>
      command("Page.addScriptToEvaluateOnNewDocument", {
        source: `(${fn})(${JSON.stringify(arg)})`,
      }),
    /** Navigates and waits for the load event. */
    async goto(url, timeoutMs = 30_000) {
      const loaded = nextEvent("Page.loadEventFired", timeoutMs);
      await command("Page.navigate", { url });
      await loaded;
    },
    /**
     * Clicks, with the mouse, the centre of the element `locate()` returns in the page (a
     * function evaluated there).
     */
    async click(locate) {
      const point = await evaluate(`() => {
        const element = (${locate})();
        if (!element) return null;
        const box = element.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }`);
      if (!point) throw new Error("nothing to click");
      const mouse = { ...point, button: "left", clickCount: 1 };
      await command("Input.dispatchMouseEvent", { type: "mouseMoved", ...point });
      await command("Input.dispatchMouseEvent", { type: "mousePressed", ...mouse });
      await command("Input.dispatchMouseEvent", { type: "mouseReleased", ...mouse });
    },
    /** Focuses the field `locate()` returns, selects its text and types `text` over it. */
    async fill(locate, text) {
      const found = await evaluate(`() => {
        const element = (${locate})();
        element?.focus();
        element?.select();
        return element !== null && element !== undefined;
      }`);
      if (!found) throw new Error("no field to fill");
      await command("Input.insertText", { text });
    },
    close: dispose,
  };
}
