import type { AddressInfo } from 'node:net'
import dns2 from 'dns2'

const { Packet } = dns2

/** Records a name has in the test zone. */
export interface ZoneEntry {
  txt?: string[]
  cname?: string
  a?: string[]
}

/**
 * A real DNS server on a loopback UDP port (dns2), answering from a zone the test edits: a name
 * the zone lacks is NXDOMAIN, a name without the asked type an empty NOERROR answer — what an
 * authoritative server says. The platform's resolver talks to it over the wire (decision 042).
 * `port` 0 takes a free one; the e2e custom-domain spec passes the port its server was told.
 */
export async function startDnsServer(port = 0) {
  const zone = new Map<string, ZoneEntry>()
  const queries: string[] = []
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request)
      const [question] = request.questions
      if (!question) return void send(response)
      const name = question.name.toLowerCase().replace(/\.$/, '')
      queries.push(`${name} ${question.type}`)
      const entry = zone.get(name)
      if (!entry) {
        response.header.rcode = 3 // NXDOMAIN
        return void send(response)
      }
      response.header.aa = 1
      const record = (r: { type: number; data?: string; domain?: string; address?: string }) =>
        response.answers.push(Packet.createResourceFromQuestion(question, { class: Packet.CLASS.IN, ttl: 1, ...r }))
      if (question.type === Packet.TYPE.TXT) {
        for (const data of entry.txt ?? []) record({ type: Packet.TYPE.TXT, data })
      } else if (question.type === Packet.TYPE.CNAME && entry.cname) {
        record({ type: Packet.TYPE.CNAME, domain: entry.cname })
      } else if (question.type === Packet.TYPE.A) {
        if (entry.cname) record({ type: Packet.TYPE.CNAME, domain: entry.cname })
        else for (const address of entry.a ?? []) record({ type: Packet.TYPE.A, address })
      }
      void send(response)
    },
  })
  const addresses = await server.listen({ udp: { port, address: '127.0.0.1' } })
  const bound = (addresses.udp as AddressInfo).port
  let closed: Promise<unknown> | null = null
  return {
    zone,
    queries,
    /** For EXOCORP_DNS_SERVERS. */
    address: `127.0.0.1:${bound}`,
    /** Resolves once the socket is closed; a second call is a no-op. */
    close: () => {
      if (!closed) closed = server.close()
      return closed
    },
  }
}
