/** RTT statistics live with what the server shares (the headless ping and scenarios use them). */
export * from "../../../../echo-server/protocol/rtt-stats.ts";
