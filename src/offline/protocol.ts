// The Convex sync protocol's JSON frames, as the real client sends and
// expects them (node_modules/convex/dist/esm/browser/sync/protocol.js and
// its protocol.d.ts), and the encoding of their timestamps.
import type { JSONValue } from "convex/values";

/** A timestamp on the wire: a u64 as 8 little-endian bytes in base64. */
export type EncodedTs = string;

export function encodeTs(ts: bigint): EncodedTs {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, ts));
  return bytes.toString("base64");
}

export function decodeTs(encoded: EncodedTs): bigint {
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length !== 8) throw new Error(`bad timestamp ${encoded}`);
  return bytes.readBigUInt64LE();
}

// ---- Client -> server ----------------------------------------------------

export type AddQuery = {
  type: "Add";
  queryId: number;
  udfPath: string;
  args: JSONValue[];
  journal?: string | null;
  componentPath?: string;
};
export type RemoveQuery = { type: "Remove"; queryId: number };

export type ClientMessage =
  | {
      type: "Connect";
      sessionId: string;
      connectionCount: number;
      lastCloseReason: string | null;
      maxObservedTimestamp?: EncodedTs;
      clientTs?: number;
    }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (AddQuery | RemoveQuery)[];
    }
  | {
      type: "Mutation" | "Action";
      requestId: number;
      udfPath: string;
      args: JSONValue[];
      componentPath?: string;
    }
  | {
      type: "Authenticate";
      tokenType: "Admin" | "User" | "None";
      baseVersion: number;
      value?: string;
    }
  | { type: "Event"; eventType: string; event: unknown };

const CLIENT_TYPES = new Set([
  "Connect",
  "ModifyQuerySet",
  "Mutation",
  "Action",
  "Authenticate",
  "Event",
]);

/** Parse one text frame from the client; throws on anything malformed. */
export function parseClientMessage(text: string): ClientMessage {
  const message = JSON.parse(text) as { type?: unknown };
  if (
    typeof message !== "object" ||
    message === null ||
    typeof message.type !== "string" ||
    !CLIENT_TYPES.has(message.type)
  ) {
    throw new Error(`unknown client message: ${text.slice(0, 200)}`);
  }
  const m = message as ClientMessage;
  if (
    (m.type === "Mutation" || m.type === "Action") &&
    (typeof m.requestId !== "number" ||
      typeof m.udfPath !== "string" ||
      !Array.isArray(m.args))
  ) {
    throw new Error(`malformed ${m.type}: ${text.slice(0, 200)}`);
  }
  if (m.type === "ModifyQuerySet" && !Array.isArray(m.modifications)) {
    throw new Error(`malformed ModifyQuerySet: ${text.slice(0, 200)}`);
  }
  return m;
}

// ---- Server -> client ----------------------------------------------------

/** Which query set, data snapshot and identity a client's results are for. */
export type StateVersion = { querySet: number; ts: bigint; identity: number };

export type StateModification =
  | {
      type: "QueryUpdated";
      queryId: number;
      value: JSONValue;
      logLines: string[];
      /** Opaque to the client, which sends it back in Add after reconnecting. */
      journal: string | null;
    }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      logLines: string[];
      errorData?: JSONValue;
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: number };

type EncodedVersion = { querySet: number; ts: EncodedTs; identity: number };

export type ServerMessage =
  | {
      type: "Transition";
      startVersion: EncodedVersion;
      endVersion: EncodedVersion;
      modifications: StateModification[];
    }
  | ({
      type: "MutationResponse" | "ActionResponse";
      requestId: number;
      logLines: string[];
    } & (
      | { success: true; result: JSONValue; ts?: EncodedTs }
      | { success: false; result: string; errorData?: JSONValue }
    ))
  | { type: "FatalError"; error: string }
  | {
      /** A token was refused; the identity stays what it was. */
      type: "AuthError";
      error: string;
      baseVersion: number;
      authUpdateAttempted: boolean;
    }
  | { type: "Ping" };

export const encodeVersion = (v: StateVersion): EncodedVersion => ({
  querySet: v.querySet,
  ts: encodeTs(v.ts),
  identity: v.identity,
});

/** The outcome of running one function, in wire form. */
export type Outcome =
  | { success: true; value: JSONValue }
  | { success: false; errorMessage: string; errorData?: JSONValue };

/** A MutationResponse or ActionResponse frame for `outcome`. */
export function responseFrame(
  type: "MutationResponse" | "ActionResponse",
  requestId: number,
  outcome: Outcome,
  ts?: bigint,
): ServerMessage {
  if (outcome.success) {
    return {
      type,
      requestId,
      success: true,
      result: outcome.value,
      ...(type === "MutationResponse" && ts !== undefined
        ? { ts: encodeTs(ts) }
        : {}),
      logLines: [],
    };
  }
  return {
    type,
    requestId,
    success: false,
    result: outcome.errorMessage,
    ...(outcome.errorData !== undefined
      ? { errorData: outcome.errorData }
      : {}),
    logLines: [],
  };
}
