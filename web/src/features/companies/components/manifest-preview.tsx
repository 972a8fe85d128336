import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { CopyButton } from '@/components/ui/copy-button'
import { Skeleton } from '@/components/ui/skeleton'
import { ErrorMessage } from '@/components/errors/error-message'
import { companyQueries } from '../api/queries'
import { RelativeTime } from '@/components/ui/relative-time'

/**
 * A tiny YAML highlighter: comments, keys, strings, numbers/booleans. Enough for a manifest preview,
 * at a few hundred bytes instead of a syntax-highlighting library.
 */
export function highlightYaml(yaml: string): ReactNode[] {
  return yaml.split('\n').map((line, i) => {
    const parts: ReactNode[] = []
    const comment = line.match(/^(\s*)(#.*)$/)
    if (comment) {
      parts.push(
        comment[1],
        <span key="c" className="tok-comment">
          {comment[2]}
        </span>,
      )
    } else {
      const m = line.match(/^(\s*(?:- )?)([\w.-]+)(:)(\s*)(.*)$/)
      if (m) {
        parts.push(
          m[1],
          <span key="k" className="tok-key">
            {m[2]}
          </span>,
          m[3],
          m[4],
          value(m[5] ?? ''),
        )
      } else {
        const item = line.match(/^(\s*- )(.*)$/)
        parts.push(...(item ? [item[1], value(item[2] ?? '')] : [line]))
      }
    }
    return (
      <span key={i} className="code-line">
        {parts}
        {'\n'}
      </span>
    )
  })
}

function value(v: string): ReactNode {
  if (!v) return null
  const kind = /^".*"$|^'.*'$/.test(v)
    ? 'tok-string'
    : /^(true|false|null|~|-?\d+(\.\d+)?)$/.test(v)
      ? 'tok-literal'
      : 'tok-value'
  return (
    <span key="v" className={kind}>
      {v}
    </span>
  )
}

/** Owner-only: the effective manifest the runtime was provisioned with. */
export function ManifestPreview({ companyId }: { companyId: string }) {
  const manifest = useQuery(companyQueries.manifest(companyId))
  return (
    <section className="card stack" aria-labelledby="manifest-heading">
      <div className="row wrap spread">
        <h2 id="manifest-heading">Manifest</h2>
        {manifest.data ? <CopyButton text={manifest.data.yaml} label="Copy YAML" /> : null}
      </div>
      {manifest.isPending ? (
        <Skeleton label="Loading the manifest" variant="block" />
      ) : manifest.isError ? (
        <ErrorMessage error={manifest.error} />
      ) : (
        <>
          <p className="muted small">
            {manifest.data.generatedAt ? (
              <>
                Generated <RelativeTime iso={manifest.data.generatedAt} />
              </>
            ) : (
              'Preview from the saved draft; not provisioned yet.'
            )}
          </p>
          <pre className="code-block" tabIndex={0} aria-label="Manifest YAML">
            <code>{highlightYaml(manifest.data.yaml)}</code>
          </pre>
        </>
      )}
    </section>
  )
}
