import { useId, type ReactElement, type ReactNode } from 'react'

/**
 * A text-only tooltip shown on hover and on keyboard focus (CSS :hover / :focus-within), and always
 * linked to its trigger with aria-describedby so screen readers hear it too.
 */
export function Tooltip({ content, children }: { content: ReactNode; children: (describedBy: string) => ReactElement }) {
  const id = useId()
  return (
    <span className="tooltip-anchor">
      {children(id)}
      <span role="tooltip" id={id} className="tooltip">
        {content}
      </span>
    </span>
  )
}
