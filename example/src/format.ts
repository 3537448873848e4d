// Numbers, times and money as the UI shows them.

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function timeAgo(at: number, now: number): string {
  const s = Math.round((now - at) / 1000);
  if (s < 5) return "just now";
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ago`;
  return `${Math.floor(h / 24)}d ago`;
}

export function timeLeft(until: number, now: number): string {
  const ms = until - now;
  if (ms <= 0) return "expired";
  const m = Math.floor(ms / 60_000);
  if (m < 1) return `${Math.ceil(ms / 1000)}s left`;
  if (m < 60) return `${m}m left`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m left`;
  return `${Math.floor(h / 24)}d ${h % 24}h left`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return "$0.00";
  if (usd < 0.000001) return "<$0.000001";
  // Tiny LLM costs: two significant digits ($0.000023).
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

const integer = new Intl.NumberFormat("en-US");

export function formatTokens(count: number): string {
  return integer.format(count);
}

export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString("en-GB", { hour12: false });
}

export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString("en-GB", {
    hour12: false,
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** An id short enough for a list: "#10077" for the offline backend's ids. */
export function shortId(id: string): string {
  const counter = /^0+(\d+)[a-z]+$/i.exec(id);
  if (counter) return `#${counter[1]}`;
  return id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

/** "supportTicket" → "Support ticket"; "drafting:draftReply" → "Draft reply". */
export function humanize(name: string): string {
  const base = name.includes(":")
    ? name.slice(name.lastIndexOf(":") + 1)
    : name;
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
