/** A full page load of a URL this app does not render (a BFF redirect such as the portal hand-off). */
export function leaveApp(url: string): void {
  window.location.assign(url)
}
