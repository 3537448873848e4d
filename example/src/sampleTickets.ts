// Tickets to fill the form with in one click. The demo's offline model
// classifies them with rules, so each lands in a known category.
export type TicketDraft = { subject: string; body: string };

export const SAMPLE_TICKETS: {
  key: string;
  label: string;
  ticket: TicketDraft;
}[] = [
  {
    key: "billing",
    label: "Double charge",
    ticket: {
      subject: "Charged twice for my March invoice",
      body:
        "Hi, my card was charged twice for invoice INV-2041 (March, 49.00 EUR). " +
        "Could you refund the duplicate payment? Thanks!",
    },
  },
  {
    key: "outage",
    label: "Outage (urgent)",
    ticket: {
      subject: "Dashboard down for our whole team",
      body:
        "Since 09:10 UTC every page of the dashboard returns a 500 error and " +
        "none of our 40 agents can work. This is urgent, please escalate.",
    },
  },
  {
    key: "account",
    label: "Password reset",
    ticket: {
      subject: "Password reset link expired",
      body:
        "I asked for a password reset yesterday but the link in the email says " +
        "it has expired. How do I get a new one?",
    },
  },
  {
    key: "general",
    label: "Feature question",
    ticket: {
      subject: "Can we export reports to CSV?",
      body:
        "Our finance team would like to export the monthly usage report as a " +
        "CSV file. Is that possible today, or on the roadmap?",
    },
  },
];
