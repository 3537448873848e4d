// Exactly-once mutations across reconnects. After a reconnect the client
// sends again every mutation it has no final answer for, including ones
// this backend already ran (their response or the Transition that resolves
// them was lost with the socket). Convex answers those from the session's
// record instead of running them twice; so does this.
import type { Outcome } from "./protocol.js";

export type MutationResult = { outcome: Outcome; ts?: bigint };

/** Request ids kept per session (they only grow; old ones are settled). */
const PER_SESSION = 256;
/** Sessions kept (a browser tab is one session). */
const SESSIONS = 1024;

export class MutationLog {
  private readonly sessions = new Map<
    string,
    Map<number, Promise<MutationResult>>
  >();

  /**
   * The result of mutation `requestId` of `sessionId`: `run`'s, the first
   * time this request is seen, else the one recorded for it.
   */
  once(
    sessionId: string | null,
    requestId: number,
    run: () => Promise<MutationResult>,
  ): { result: Promise<MutationResult>; repeated: boolean } {
    if (sessionId === null) return { result: run(), repeated: false };
    let session = this.sessions.get(sessionId);
    if (session) {
      // Most recently used last, so the oldest session goes first.
      this.sessions.delete(sessionId);
    } else {
      session = new Map();
    }
    this.sessions.set(sessionId, session);
    if (this.sessions.size > SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const known = session.get(requestId);
    if (known) return { result: known, repeated: true };
    const result = run();
    session.set(requestId, result);
    if (session.size > PER_SESSION) {
      const oldest = session.keys().next().value;
      if (oldest !== undefined) session.delete(oldest);
    }
    return { result, repeated: false };
  }
}
