// The support tickets the demo submits. The demo app classifies them with
// rules (convex/supportText.ts), so each lands in a known category.
export type SampleTicket = { customer: string; subject: string; body: string };

export const SAMPLE_TICKETS: SampleTicket[] = [
  {
    customer: "Maria Lopez",
    subject: "Charged twice for my March invoice",
    body:
      "Hi, my card was charged twice for invoice INV-2041 (March, 49.00 EUR). " +
      "Could you refund the duplicate payment? Thanks, Maria",
  },
  {
    customer: "Dev Patel (Acme Corp)",
    subject: "Dashboard down for our whole team",
    body:
      "Since 09:10 UTC every page of the dashboard returns a 500 error and " +
      "none of our 40 agents can work. This is urgent, please escalate.",
  },
  {
    customer: "Sam Okafor",
    subject: "Password reset link expired",
    body:
      "I asked for a password reset yesterday but the link in the email says " +
      "it has expired. How do I get a new one?",
  },
];
