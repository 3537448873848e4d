// Users' roles, for the signal policy in guardedApprovals.ts.
import { v } from "convex/values";
import { internalMutation, internalQuery } from "./_generated/server.js";

export const setRole = internalMutation({
  args: { user: v.string(), role: v.string() },
  returns: v.null(),
  handler: async (ctx, { user, role }): Promise<null> => {
    await ctx.db.insert("roles", { user, role });
    return null;
  },
});

export const rolesOf = internalQuery({
  args: { user: v.string() },
  returns: v.array(v.string()),
  handler: async (ctx, { user }): Promise<string[]> => {
    const rows = await ctx.db
      .query("roles")
      .withIndex("user", (q) => q.eq("user", user))
      .collect();
    return rows.map((row) => row.role);
  },
});
