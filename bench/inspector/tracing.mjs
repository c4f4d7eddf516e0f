// Chrome tracing over the DevTools pipe (cdp-browser.mjs): every process and thread.

/** Starts tracing `categories`; `stop()` resolves with the trace as a Buffer. */
export async function startTracing(browser, categories) {
  await browser.send("Tracing.start", {
    traceConfig: { includedCategories: categories, recordMode: "recordAsMuchAsPossible" },
    transferMode: "ReturnAsStream",
  });
  return {
    async stop() {
      const complete = new Promise((resolve) => {
        const stopListening = browser.onEvent(({ method, params }) => {
          if (method !== "Tracing.tracingComplete") return;
          stopListening();
          resolve(params.stream);
        });
      });
      await browser.send("Tracing.end");
      const stream = await complete;
      const chunks = [];
      for (;;) {
        const { data, eof, base64Encoded } = await browser.send("IO.read", {
          handle: stream,
          size: 1 << 20,
        });
        chunks.push(Buffer.from(data, base64Encoded ? "base64" : "utf8"));
        if (eof) break;
      }
      await browser.send("IO.close", { handle: stream });
      return Buffer.concat(chunks);
    },
  };
}
