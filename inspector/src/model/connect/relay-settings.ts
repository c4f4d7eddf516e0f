import { checkHeaderName, checkHeaderValue } from "../../../../echo-server/protocol/headers.ts";
import { checkOrigin, RelayLimits } from "../../../../echo-server/protocol/relay-command.ts";
import type { HeaderList, RelaySettings } from "../../../../echo-server/protocol/relay-wire.ts";
import { isSecretHeader } from "../../../../echo-server/protocol/secret-names.ts";
import { describeMissing, expandEnvReferences } from "../environments/env-references.ts";

/** What the relay form holds. */
export interface RelayForm {
  headers: { name: string; value: string }[];
  auth:
    | { kind: "none" }
    | { kind: "bearer"; token: string }
    | { kind: "basic"; user: string; password: string };
  origin: string;
  handshakeTimeoutMs: string;
  followRedirects: boolean;
  autoPong: boolean;
  /** Save secret header values, the bearer token and the password with the workspace. @default false */
  rememberSecrets: boolean;
}

export const emptyRelayForm: RelayForm = {
  headers: [],
  auth: { kind: "none" },
  origin: "",
  handshakeTimeoutMs: String(RelayLimits.defaultHandshakeTimeoutMs),
  followRedirects: false,
  autoPong: true,
  rememberSecrets: false,
};

/**
 * A field of the relay form that a problem is about: `headers.2.name`, `headers.2.value`,
 * `headers` (the list as a whole), `auth.token`, `auth.user`, `origin`, `handshakeTimeoutMs`.
 */
export type RelayFormField = string;

/** The field of header row `index`'s name or value. */
export const headerField = (index: number, part: "name" | "value"): RelayFormField =>
  `headers.${index}.${part}`;

/** What is wrong with one field of the form. */
export interface RelayFormProblem {
  field: RelayFormField;
  message: string;
}

/** The Authorization header the helper makes, if any. */
export function authorizationHeader(auth: RelayForm["auth"]): string | undefined {
  if (auth.kind === "bearer") return auth.token.trim() ? `Bearer ${auth.token.trim()}` : undefined;
  if (auth.kind === "basic") {
    const bytes = new TextEncoder().encode(`${auth.user}:${auth.password}`);
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return `Basic ${btoa(binary)}`;
  }
  return undefined;
}

/** Whether a header row is blank (skipped rather than refused). */
const isBlankRow = (header: RelayForm["headers"][number]) =>
  header.name.trim() === "" && header.value === "";

/**
 * Everything wrong with the form, field by field, by the relay's own rules
 * (`echo-server/protocol`): header names and values, duplicates, the header count, the
 * Authorization helper's value, the Origin and the handshake timeout. Empty when the relay
 * would accept the form.
 */
export function checkRelayForm(form: RelayForm): RelayFormProblem[] {
  const problems: RelayFormProblem[] = [];
  const seen = new Set<string>();
  let count = 0;
  form.headers.forEach((header, index) => {
    if (isBlankRow(header)) return;
    count++;
    const name = header.name.trim();
    const nameProblem = checkHeaderName(name);
    if (nameProblem) problems.push({ field: headerField(index, "name"), message: nameProblem });
    else if (seen.has(name.toLowerCase()))
      problems.push({
        field: headerField(index, "name"),
        message: `${name} is given twice: send it once`,
      });
    seen.add(name.toLowerCase());
    const valueProblem = checkHeaderValue(name || "this header", header.value);
    if (valueProblem) problems.push({ field: headerField(index, "value"), message: valueProblem });
  });
  const helper = authorizationHeader(form.auth);
  // The helper's header goes out unless one is typed in; Basic is base64, so only a token can be bad.
  if (helper !== undefined && !seen.has("authorization")) {
    count++;
    const problem =
      (form.auth.kind === "bearer"
        ? checkHeaderValue("the token", form.auth.token.trim())
        : undefined) ?? checkHeaderValue("Authorization", helper);
    if (problem)
      problems.push({
        field: form.auth.kind === "bearer" ? "auth.token" : "auth.password",
        message: problem,
      });
  }
  if (form.auth.kind === "basic" && form.auth.user.includes(":"))
    problems.push({
      field: "auth.user",
      message: "A Basic user name cannot contain a colon (RFC 7617)",
    });
  if (count > RelayLimits.maxHeaders)
    problems.push({
      field: "headers",
      message: `At most ${RelayLimits.maxHeaders} custom headers`,
    });
  const origin = form.origin.trim();
  if (origin !== "") {
    const problem = checkOrigin(origin);
    if (problem) problems.push({ field: "origin", message: problem });
  }
  const timeout = Number(form.handshakeTimeoutMs);
  const { minHandshakeTimeoutMs: min, maxHandshakeTimeoutMs: max } = RelayLimits;
  if (!Number.isInteger(timeout) || timeout < min || timeout > max)
    problems.push({
      field: "handshakeTimeoutMs",
      message: `Handshake timeout must be from ${min} to ${max} ms`,
    });
  return problems;
}

/** Why the form cannot be used: the first problem and its field. */
export interface RelayFormFailure {
  ok: false;
  error: string;
  field: RelayFormField;
  /** Set when the problem is `{{env.NAME}}` that the environment does not set: those names. */
  unset?: string[];
}

/**
 * The form with `{{env.NAME}}` filled in from `env` in header values, the bearer token and the
 * Basic user and password; or the first field that reads a variable `env` does not set.
 */
export function expandRelayForm(
  form: RelayForm,
  env: Readonly<Record<string, string>>,
): { ok: true; form: RelayForm } | RelayFormFailure {
  let missing: { field: RelayFormField; names: string[] } | undefined;
  const expand = (text: string, field: RelayFormField) => {
    const expanded = expandEnvReferences(text, env);
    if (expanded.ok) return expanded.text;
    missing ??= { field, names: expanded.missing };
    return text;
  };
  const headers = form.headers.map((header, index) => ({
    ...header,
    value: expand(header.value, headerField(index, "value")),
  }));
  const auth: RelayForm["auth"] =
    form.auth.kind === "bearer"
      ? { kind: "bearer", token: expand(form.auth.token, "auth.token") }
      : form.auth.kind === "basic"
        ? {
            kind: "basic",
            user: expand(form.auth.user, "auth.user"),
            password: expand(form.auth.password, "auth.password"),
          }
        : form.auth;
  if (missing)
    return {
      ok: false,
      field: missing.field,
      error: describeMissing(missing.names.map((name) => `env.${name}`)),
      unset: missing.names,
    };
  return { ok: true, form: { ...form, headers, auth } };
}

/**
 * Turns the form into what the relay is asked for, or says what to fix (the first problem of
 * `checkRelayForm`, and its field). Empty header rows are skipped; the Authorization helper adds
 * its header unless one is typed in by hand. With `env`, `{{env.NAME}}` in header values and
 * credentials is filled in first (see `expandRelayForm`).
 */
export function relaySettingsFrom(
  typed: RelayForm,
  relayUrl: string,
  env?: Readonly<Record<string, string>>,
): { ok: true; settings: RelaySettings } | RelayFormFailure {
  const expanded = env ? expandRelayForm(typed, env) : { ok: true as const, form: typed };
  if (!expanded.ok) return expanded;
  const form = expanded.form;
  const [problem] = checkRelayForm(form);
  if (problem) return { ok: false, error: problem.message, field: problem.field };
  const headers: HeaderList = form.headers
    .filter((header) => !isBlankRow(header))
    .map(({ name, value }) => [name.trim(), value]);
  const authorization = authorizationHeader(form.auth);
  if (authorization && !headers.some(([name]) => name.toLowerCase() === "authorization")) {
    headers.push(["Authorization", authorization]);
  }
  const origin = form.origin.trim();
  return {
    ok: true,
    settings: {
      relayUrl,
      connect: {
        headers,
        ...(origin ? { origin } : {}),
        handshakeTimeoutMs: Number(form.handshakeTimeoutMs),
        followRedirects: form.followRedirects,
        autoPong: form.autoPong,
      },
    },
  };
}

/**
 * The form as the workspace saves it. Unless the user ticked "Remember secrets", the values of
 * secret headers (`isSecretHeader`), the bearer token and the Basic password are blanked; names
 * stay, so the user sees what to fill in after a reload.
 */
export function persistedRelayForm(form: RelayForm): RelayForm {
  if (form.rememberSecrets) return form;
  return {
    ...form,
    headers: form.headers.map((header) =>
      isSecretHeader(header.name) ? { ...header, value: "" } : header,
    ),
    auth:
      form.auth.kind === "bearer"
        ? { kind: "bearer", token: "" }
        : form.auth.kind === "basic"
          ? { ...form.auth, password: "" }
          : form.auth,
  };
}
