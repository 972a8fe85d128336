import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Env } from '../env'

/** Name of the generated key file under the data dir, next to (never inside) the database. */
export const SECRET_KEY_FILE = 'secret.key'

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

export interface SealedSecret {
  ciphertext: Buffer
  iv: Buffer
  tag: Buffer
}

/** Thrown when a ciphertext does not authenticate: tampered, moved to another row, or a different key. */
export class SecretIntegrityError extends Error {
  constructor() {
    super('A stored credential failed its integrity check')
    this.name = 'SecretIntegrityError'
  }
}

/**
 * AES-256-GCM with a fresh 96-bit IV per encryption. The additional data ties a ciphertext to the
 * row it was written for (id, owner, provider), so copying it into another row fails to decrypt.
 */
export class SecretBox {
  readonly #key: Buffer

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`The secret key must be ${KEY_BYTES} bytes`)
    this.#key = Buffer.from(key)
  }

  seal(plaintext: string, aad: string): SealedSecret {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(aad, 'utf8'))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return { ciphertext, iv, tag: cipher.getAuthTag() }
  }

  open(sealed: SealedSecret, aad: string): string {
    if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) throw new SecretIntegrityError()
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.iv, { authTagLength: TAG_BYTES })
      decipher.setAAD(Buffer.from(aad, 'utf8'))
      decipher.setAuthTag(sealed.tag)
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8')
    } catch {
      throw new SecretIntegrityError()
    }
  }

  /** `seal` as one storable string: base64 IV, tag and ciphertext joined by dots. */
  sealText(plaintext: string, aad: string): string {
    const s = this.seal(plaintext, aad)
    return [s.iv, s.tag, s.ciphertext].map((b) => b.toString('base64')).join('.')
  }

  /** Opens what `sealText` stored, or null when it is malformed or does not authenticate. */
  openText(stored: string, aad: string): string | null {
    const [iv, tag, ciphertext] = stored.split('.').map((p) => Buffer.from(p, 'base64'))
    if (!iv || !tag || !ciphertext) return null
    try {
      return this.open({ iv, tag, ciphertext }, aad)
    } catch {
      return null
    }
  }

  /**
   * HMAC-SHA256 of `message` (base64url) under a key derived for `purpose` (HKDF), so a signature
   * made for one purpose never verifies for another and the encryption key itself signs nothing.
   */
  sign(purpose: string, message: string): string {
    const key = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `exocorp ${purpose}`, KEY_BYTES))
    return createHmac('sha256', key).update(message, 'utf8').digest('base64url')
  }

  /** Keeps the key out of logs and error reports that serialise objects. */
  toJSON() {
    return { secretBox: '[redacted]' }
  }
}

type KeyEnv = Pick<Env, 'EXOCORP_SECRET_KEY' | 'dataDir'>

export interface LoadedKey {
  key: Buffer
  source: 'env' | 'file'
  /** The key file, when the key came from one. */
  file: string | null
  /** True when this call created the key file. */
  generated: boolean
}

/**
 * `EXOCORP_SECRET_KEY` (base64 of 32 bytes) wins; otherwise `<data dir>/secret.key`, generated on first
 * use with mode 0600. The file is created under a temporary name and hard-linked into place, so two
 * processes starting at once agree on one key and nobody reads a half-written file.
 */
export function loadSecretKey(env: KeyEnv): LoadedKey {
  if (env.EXOCORP_SECRET_KEY !== undefined && env.EXOCORP_SECRET_KEY !== '') {
    const key = Buffer.from(env.EXOCORP_SECRET_KEY.trim(), 'base64')
    if (key.length !== KEY_BYTES) {
      throw new Error(`EXOCORP_SECRET_KEY must be ${KEY_BYTES} random bytes, base64 encoded (openssl rand -base64 32)`)
    }
    return { key, source: 'env', file: null, generated: false }
  }
  const file = path.join(env.dataDir, SECRET_KEY_FILE)
  let generated = false
  if (!fs.existsSync(file)) {
    fs.mkdirSync(env.dataDir, { recursive: true, mode: 0o700 })
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    const fd = fs.openSync(tmp, 'wx', 0o600)
    try {
      fs.writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    try {
      fs.linkSync(tmp, file)
      generated = true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      fs.rmSync(tmp, { force: true })
    }
  }
  // A key file readable by others is tightened rather than trusted as is.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600)
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')
  if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold a ${KEY_BYTES}-byte base64 key`)
  return { key, source: 'file', file, generated }
}

const boxes = new Map<string, SecretBox>()

/** One box per key source for the process; the key is read (or generated) on first use. */
export function secretBoxFor(env: KeyEnv): SecretBox {
  const cacheKey = env.EXOCORP_SECRET_KEY ? `env:${env.EXOCORP_SECRET_KEY}` : `file:${path.join(env.dataDir, SECRET_KEY_FILE)}`
  let box = boxes.get(cacheKey)
  if (!box) {
    box = new SecretBox(loadSecretKey(env).key)
    boxes.set(cacheKey, box)
  }
  return box
}
