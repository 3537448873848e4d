import {
  Component,
  type ErrorInfo as ReactErrorInfo,
  type ReactNode,
} from "react";

type Props = { title: string; children: ReactNode };
type State = { error: Error | null };

/**
 * Keeps one panel's failure (a hook or render error) inside that panel:
 * the rest of the page keeps working and updating.
 */
export class PanelBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ReactErrorInfo) {
    console.error(
      `${this.props.title} failed to render`,
      error,
      info.componentStack,
    );
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="card" data-testid="panel-error">
        <div className="card__head">
          <h2 className="card__title">{this.props.title}</h2>
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => this.setState({ error: null })}
          >
            Retry
          </button>
        </div>
        <p className="card__pad error-text">
          This panel failed to render: {error.message}
        </p>
      </section>
    );
  }
}
