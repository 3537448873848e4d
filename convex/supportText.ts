// Deterministic text helpers for the demo's offline mode: rules, not a
// model, so the demo runs with no network and no API key.

const CATEGORIES: { category: string; words: string[] }[] = [
  {
    category: "billing",
    words: ["invoice", "refund", "charge", "billing", "payment"],
  },
  {
    category: "outage",
    words: ["down", "outage", "error", "500", "cannot log in"],
  },
  { category: "account", words: ["password", "login", "account", "email"] },
];

export function classifyTicket(
  subject: string,
  body: string,
): { category: string; priority: string } {
  const text = `${subject} ${body}`.toLowerCase();
  const match = CATEGORIES.find(({ words }) =>
    words.some((w) => text.includes(w)),
  );
  const urgent = /urgent|asap|immediately|outage|down/.test(text);
  return {
    category: match?.category ?? "general",
    priority: urgent ? "urgent" : "normal",
  };
}

export function outlineReply(
  subject: string,
  articles: { title: string; text: string }[],
): string[] {
  const points = [`Thank the customer for writing about "${subject}".`];
  for (const article of articles)
    points.push(`${article.title}: ${article.text}`);
  if (articles.length === 0)
    points.push("A specialist will follow up within one business day.");
  return points;
}

export function draftReplyText(customer: string, points: string[]): string {
  return [
    `Hi ${customer},`,
    "",
    ...points.map((p) => `- ${p}`),
    "",
    "Best regards,",
    "Support team",
  ].join("\n");
}
