import { ConnectionBanner } from "./ConnectionBanner";
import { Header } from "./Header";
import { InboxPage } from "./InboxPage";
import { NewTicketPage } from "./NewTicketPage";
import { PanelBoundary } from "./PanelBoundary";
import { Link, paths, useRoute, type Route } from "./router";
import { RunPage } from "./RunPage";
import { RunsPage } from "./RunsPage";

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
  return (
    <>
      <Header route={route} />
      <ConnectionBanner />
      <main className="page">
        <PanelBoundary key={route.page} title="This page">
          <Page route={route} />
        </PanelBoundary>
      </main>
    </>
  );
}
