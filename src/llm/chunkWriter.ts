import type { GenericActionCtx, GenericDataModel } from "convex/server";
import type { AgentWorkflowsComponent } from "../client/types.js";

/** At most one write per this long, unless a sentence ends sooner. */
export const CHUNK_INTERVAL_MS = 250;
const SENTENCE_END = /[.!?…]["')\]]?\s$|\n$/;

/**
 * Buffers streamed text and appends it to the call's live text at most
 * every 250 ms or at a sentence boundary: a write per sentence, not per
 * token. Without a call (run outside the component) it only buffers.
 * When the component refuses a write (the call was canceled, or a newer
 * attempt replaced this one), `onStop` runs: the caller aborts the stream.
 */
export class ChunkWriter {
  private buffer = "";
  private seq = 0;
  private lastWrite = Date.now();
  /** All the text pushed so far, written or not. */
  text = "";

  constructor(
    private ctx: GenericActionCtx<GenericDataModel>,
    private component: AgentWorkflowsComponent,
    private call: { callId: string; attempt: number } | undefined,
    private onStop: () => void = () => {},
  ) {}

  async push(delta: string): Promise<void> {
    this.buffer += delta;
    this.text += delta;
    const due = Date.now() - this.lastWrite >= CHUNK_INTERVAL_MS;
    if (due || SENTENCE_END.test(this.buffer)) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.call || this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = "";
    this.lastWrite = Date.now();
    const kept = await this.ctx.runMutation(
      this.component.llm.text.appendText,
      {
        callId: this.call.callId,
        attempt: this.call.attempt,
        seq: this.seq++,
        text,
      },
    );
    if (!kept) this.onStop();
  }
}
