import { ConnectionBanner } from "./ConnectionBanner";
import { DecisionStoreProvider } from "./decisionStore";
import { Header } from "./Header";
import { useIdentity } from "./identity";
import { InboxPage } from "./InboxPage";
import { NewTicketPage } from "./NewTicketPage";
import { PanelBoundary } from "./PanelBoundary";
import { Link, paths, useRoute, type Route } from "./router";
import { RunPage } from "./RunPage";
import { RunsPage } from "./RunsPage";
import { SignInState } from "./SignInState";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "runs":
      return <RunsPage status={route.status} />;
    case "run":
      return <RunPage key={route.runId} runId={route.runId} />;
    case "new":
      return <NewTicketPage />;
    case "inbox":
      return <InboxPage />;
    case "notFound":
      return (
        <div className="empty" data-testid="not-found">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>.{" "}
            <Link to={paths.runs()}>See all runs</Link>.
          </p>
        </div>
      );
  }
}

export function App() {
  const route = useRoute();
  const { user, ready } = useIdentity();
  return (
    <>
      <Header route={route} />
      <ConnectionBanner />
      <main className="page">
        {ready ? (
          // Keyed by the user: nothing of one user's page, nor what their
          // decisions came to, is shown to the next.
          <DecisionStoreProvider key={user.subject}>
            <PanelBoundary
              key={`${route.page}:${user.subject}`}
              title="This page"
            >
              <Page route={route} />
            </PanelBoundary>
          </DecisionStoreProvider>
        ) : (
          <SignInState />
        )}
      </main>
    </>
  );
}
