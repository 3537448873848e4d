import { fns } from "./functions";
import { usePendingSignals } from "convex-agent-workflows/react";
import { useOfflineBackend } from "./backend";
import { Icon, type IconName } from "./icons";
import { DEMO_USERS, useIdentity } from "./identity";
import { Link, paths, type Route } from "./router";

type NavItem = {
  to: string;
  label: string;
  icon: IconName;
  active: (route: Route) => boolean;
  testId: string;
  /** Shown to support agents only (the backend refuses the rest). */
  agentsOnly?: boolean;
};

const NAV: NavItem[] = [
  {
    to: paths.runs(),
    label: "Runs",
    icon: "list",
    active: (r) => r.page === "runs" || r.page === "run",
    testId: "nav-runs",
  },
  {
    to: paths.inbox(),
    label: "Approvals",
    icon: "inbox",
    active: (r) => r.page === "inbox",
    testId: "nav-inbox",
    agentsOnly: true,
  },
  {
    to: paths.newTicket(),
    label: "New ticket",
    icon: "plus",
    active: (r) => r.page === "new",
    testId: "nav-new",
  },
];

export function Header({ route }: { route: Route }) {
  const offline = useOfflineBackend();
  const { user, setUser, me, ready, isAgent } = useIdentity();
  const { requests } = usePendingSignals(
    fns.pendingSignals,
    isAgent ? { assignee: "team:support", owner: null } : "skip",
    { pageSize: 50 },
  );
  const groups = [...new Set(DEMO_USERS.map((option) => option.kind))];
  return (
    <header className="topbar">
      <div className="topbar__inner">
        <Link to={paths.runs()} className="brand" data-testid="brand">
          <span className="brand__mark" aria-hidden>
            <Icon name="child" size={18} />
          </span>
          <span className="brand__name">Agent Workflows</span>
          <span className="brand__sub">Support desk</span>
        </Link>
        <nav className="nav" aria-label="Main">
          {NAV.filter((item) => !item.agentsOnly || isAgent).map((item) => (
            <Link
              key={item.to}
              to={item.to}
              className={`nav__link${item.active(route) ? " nav__link--active" : ""}`}
              aria-current={item.active(route) ? "page" : undefined}
              data-testid={item.testId}
            >
              <Icon name={item.icon} />
              {item.label}
              {item.to === paths.inbox() && requests.length > 0 && (
                <span className="nav__count" data-testid="inbox-count">
                  {requests.length}
                </span>
              )}
            </Link>
          ))}
        </nav>
        <div className="topbar__right">
          {offline && (
            <span
              className="badge badge--offline"
              data-testid="offline-badge"
              title="In-memory demo backend (convex-test): nothing is saved, the model is a deterministic offline one."
            >
              <Icon name="database" size={14} />
              Offline backend
            </span>
          )}
          <label className="identity">
            <span className="identity__label">Acting as</span>
            <select
              className="identity__select"
              value={user.subject}
              onChange={(event) => setUser(event.target.value)}
              data-testid="identity-select"
              title="Signs in with an unsigned development token (offline backend only)"
            >
              {groups.map((kind) => (
                <optgroup key={kind} label={kind}>
                  {DEMO_USERS.filter((option) => option.kind === kind).map(
                    (option) => (
                      <option key={option.subject} value={option.subject}>
                        {option.name} ({option.subject})
                      </option>
                    ),
                  )}
                </optgroup>
              ))}
            </select>
          </label>
          <span
            className={`badge ${isAgent ? "badge--agent" : "badge--customer"}`}
            data-testid="role-badge"
            data-role={!ready ? "pending" : isAgent ? "agent" : "customer"}
            title={
              isAgent
                ? "On the app's staff list: sees every customer's runs and decides approvals"
                : "Sees only their own tickets' runs; cannot decide approvals"
            }
          >
            <Icon name={isAgent ? "inbox" : "user"} size={13} />
            {!ready
              ? me === null
                ? "signed out"
                : "signing in…"
              : isAgent
                ? "Agent"
                : "Customer"}
          </span>
        </div>
      </div>
    </header>
  );
}
