// The demo's script: the support tickets it submits and how its support
// agents answer the approval request each one's workflow opens. The demo app
// classifies tickets with rules (convex/supportText.ts), so each lands in a
// known category.
export type SampleTicket = { customer: string; subject: string; body: string };

/** What a support agent sends for a ticket (api.approvals.decideReply). */
export type Review = {
  by: string;
  approved: boolean;
  /** Sent instead of the drafted reply. */
  editedReply?: string;
  note?: string;
};

export const SAMPLE_TICKETS: { ticket: SampleTicket; review: Review }[] = [
  {
    ticket: {
      customer: "Maria Lopez",
      subject: "Charged twice for my March invoice",
      body:
        "Hi, my card was charged twice for invoice INV-2041 (March, 49.00 EUR). " +
        "Could you refund the duplicate payment? Thanks, Maria",
    },
    review: {
      by: "support:ana",
      approved: true,
      editedReply: [
        "Hi Maria,",
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
    ticket: {
      customer: "Dev Patel (Acme Corp)",
      subject: "Dashboard down for our whole team",
      body:
        "Since 09:10 UTC every page of the dashboard returns a 500 error and " +
        "none of our 40 agents can work. This is urgent, please escalate.",
    },
    review: { by: "support:ana", approved: true },
  },
  {
    ticket: {
      customer: "Sam Okafor",
      subject: "Password reset link expired",
      body:
        "I asked for a password reset yesterday but the link in the email says " +
        "it has expired. How do I get a new one?",
    },
    review: {
      by: "support:lee",
      approved: false,
      note: "Already solved by phone this morning; no email needed.",
    },
  },
];

/** Someone outside the support team tries to answer a request first. */
export const REFUSED_ATTEMPT = { by: "guest:sam", ticket: 3 } as const;
