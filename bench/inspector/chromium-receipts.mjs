// Chromium's own receive time for each WebSocket frame of a page's workers, read from the
// DevTools protocol (the timestamps DevTools' Messages tab shows). The capture worker's stamps
// can then be checked against the browser's, apart from the noise of the path that delivers
// the frames.

/**
 * Starts watching the frames the page's workers receive. Resolves once the workers' network
 * events are on; call it after the worker exists and before it opens the socket.
 */
export async function watchWorkerFrames(page) {
  const cdp = await page.context().newCDPSession(page);
  const received = new Map();
  let clock;
  let enabled;
  const networkOn = new Promise((resolve) => {
    enabled = resolve;
  });
  cdp.on("Target.attachedToTarget", ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== "worker") return;
    const message = JSON.stringify({ id: 1, method: "Network.enable" });
    cdp.send("Target.sendMessageToTarget", { sessionId, message }).catch(() => {});
  });
  cdp.on("Target.receivedMessageFromTarget", ({ message }) => {
    const { id, method, params } = JSON.parse(message);
    if (id === 1) enabled();
    // The handshake event carries both clocks: the monotonic one of every frame event, and
    // the wall clock (epoch) the capture worker's stamps are on.
    else if (method === "Network.webSocketWillSendHandshakeRequest")
      clock = { epochMs: params.wallTime * 1000, monotonicS: params.timestamp };
    else if (method === "Network.webSocketFrameReceived")
      received.set(params.response.payloadData, params.timestamp);
  });
  // Non-flattened sessions: the worker's events come through this page session.
  await cdp.send("Target.setAutoAttach", {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  await networkOn;
  return {
    /** Epoch ms at which Chromium received the frame with this text, if it saw it. */
    receivedAt(payload) {
      const at = received.get(payload);
      if (at === undefined || clock === undefined) return undefined;
      return clock.epochMs + (at - clock.monotonicS) * 1000;
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}
