/** Message templates live with what the server shares (scenarios expand them too). */
export * from "../../../../echo-server/protocol/templates.ts";
