// The durable timeout of a signal request. It and a decision both write the
// request row, so whichever commits second sees it closed: exactly one wins.
import { v } from "convex/values";
import { internalMutation } from "../_generated/server.js";
import { settleRequest } from "./requests.js";

export const fire = internalMutation({
  args: { requestId: v.id("signalRequests") },
  returns: v.null(),
  handler: async (ctx, { requestId }) => {
    const request = await ctx.db.get("signalRequests", requestId);
    if (request?.status !== "pending") return null;
    await settleRequest(ctx, request, "timedOut", { kind: "timedOut" });
    return null;
  },
});
