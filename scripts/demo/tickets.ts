// The demo's script: who is who, the support tickets the customers submit,
// and how the support agents answer the approval request each one's
// workflow opens. The demo app classifies tickets with rules
// (convex/supportText.ts), so each lands in a known category.

/** A demo user: who a token would name (subject, name). */
export type User = { subject: string; name: string };

export const CUSTOMERS = {
  ada: { subject: "customer:ada", name: "Ada Park" },
  ben: { subject: "customer:ben", name: "Ben Okafor" },
} satisfies Record<string, User>;

/** On the app's staff list (convex/users.ts). */
export const AGENTS = {
  ana: { subject: "support:ana", name: "Ana Silva" },
  raj: { subject: "support:raj", name: "Raj Patel" },
} satisfies Record<string, User>;

export type SampleTicket = { subject: string; body: string };

/** What a support agent sends for a ticket (api.approvals.decideReply). */
export type Review = {
  by: User;
  approved: boolean;
  /** Sent instead of the drafted reply. */
  editedReply?: string;
  note?: string;
};

export const SAMPLE_TICKETS: {
  customer: User;
  ticket: SampleTicket;
  review: Review;
}[] = [
  {
    customer: CUSTOMERS.ada,
    ticket: {
      subject: "Charged twice for my March invoice",
      body:
        "Hi, my card was charged twice for invoice INV-2041 (March, 49.00 EUR). " +
        "Could you refund the duplicate payment? Thanks, Ada",
    },
    review: {
      by: AGENTS.ana,
      approved: true,
      editedReply: [
        "Hi Ada,",
        "",
        "Sorry about the double charge on invoice INV-2041. I have refunded the",
        "duplicate 49.00 EUR payment: it will be back on your card within 5",
        "business days. Your invoices are under Settings > Billing.",
        "",
        "Best regards,",
        "Ana, Support team",
      ].join("\n"),
      note: "Refund issued, reply made personal.",
    },
  },
  {
    customer: CUSTOMERS.ben,
    ticket: {
      subject: "Dashboard down for our whole team",
      body:
        "Since 09:10 UTC every page of the dashboard returns a 500 error and " +
        "none of our 40 agents can work. This is urgent, please escalate.",
    },
    review: { by: AGENTS.raj, approved: true },
  },
  {
    customer: CUSTOMERS.ada,
    ticket: {
      subject: "Password reset link expired",
      body:
        "I asked for a password reset yesterday but the link in the email says " +
        "it has expired. How do I get a new one?",
    },
    review: {
      by: AGENTS.ana,
      approved: false,
      note: "Already solved by phone this morning; no email needed.",
    },
  },
];

/** A customer tries to answer a request on another customer's ticket first. */
export const REFUSED_ATTEMPT = { by: CUSTOMERS.ben, ticket: 1 } as const;
