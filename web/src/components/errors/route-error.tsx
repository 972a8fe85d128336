import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { ErrorMessage } from './error-message'

export function RouteError() {
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="centered-page">
        <h1>Page not found</h1>
        <p>
          <Link to="/dashboard">Back to your dashboard</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="centered-page">
      <h1>Something went wrong</h1>
      <ErrorMessage error={error} />
      <p>
        <Link to="/dashboard">Back to your dashboard</Link>
      </p>
    </div>
  )
}
