// Who is who in the demo: every caller is a signed-in user (their identity's
// `subject`); support agents are the subjects on the app's staff list, and
// everyone else is a customer. A real app would keep staff in a table or
// read an org membership; the point is that the server decides, from the
// verified identity, never from what the client says about itself.
import { ConvexError, v } from "convex/values";
import type { UserIdentity } from "convex/server";
import { query, type QueryCtx } from "./_generated/server.js";

/** The support team: these subjects see every ticket and answer approvals. */
export const SUPPORT_AGENTS: ReadonlySet<string> = new Set([
  "support:ana",
  "support:raj",
]);

/** Whether a user id (an identity's subject) is a support agent. */
export const isAgentId = (subject: string | null | undefined): boolean =>
  subject !== null && subject !== undefined && SUPPORT_AGENTS.has(subject);

/** Whether the caller is a signed-in support agent. */
export async function isAgent(ctx: Pick<QueryCtx, "auth">): Promise<boolean> {
  return isAgentId((await ctx.auth.getUserIdentity())?.subject);
}

/** The signed-in caller, or NOT_AUTHORIZED. */
export async function requireUser(
  ctx: Pick<QueryCtx, "auth">,
): Promise<UserIdentity> {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) {
    throw new ConvexError({ code: "NOT_AUTHORIZED", message: "Sign in." });
  }
  return identity;
}

/** The signed-in caller if a support agent, or NOT_AUTHORIZED. */
export async function requireAgent(
  ctx: Pick<QueryCtx, "auth">,
): Promise<UserIdentity> {
  const identity = await requireUser(ctx);
  if (!isAgentId(identity.subject)) {
    throw new ConvexError({
      code: "NOT_AUTHORIZED",
      message: "Only support agents may do this.",
    });
  }
  return identity;
}

/** Who the server says the caller is, and what they may do. */
export const me = query({
  args: {},
  returns: v.union(
    v.null(),
    v.object({
      subject: v.string(),
      name: v.optional(v.string()),
      /** On the staff list (decided here, not claimed by the client). */
      agent: v.boolean(),
    }),
  ),
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return null;
    return {
      subject: identity.subject,
      name: identity.name,
      agent: isAgentId(identity.subject),
    };
  },
});
