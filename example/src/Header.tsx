import { fns } from "./functions";
import { usePendingSignals } from "convex-agent-workflows/react";
import { useOfflineBackend } from "./backend";
import { Icon, type IconName } from "./icons";
import { IDENTITIES, useIdentity } from "./identity";
import { Link, paths, type Route } from "./router";

type NavItem = {
  to: string;
  label: string;
  icon: IconName;
  active: (route: Route) => boolean;
  testId: string;
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
  const { identity, setIdentity } = useIdentity();
  const { requests } = usePendingSignals(
    fns.pendingSignals,
    { assignee: "team:support" },
    { pageSize: 50 },
  );
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
          {NAV.map((item) => (
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
              value={identity}
              onChange={(event) => setIdentity(event.target.value)}
              data-testid="identity-select"
            >
              {IDENTITIES.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name} ({option.id})
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
    </header>
  );
}
