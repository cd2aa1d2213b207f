/**
 * Customers and admin users with their own passwords (node:crypto scrypt, a random salt each), and login sessions kept
 * in PostgreSQL: the browser holds a random token, the database only its SHA-256, so sessions survive a restart and a
 * leaked table logs nobody in.
 */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { T } from './db.js'

const scryptAsync = promisify(scrypt)
const KEY_LENGTH = 32
const COST = { N: 16384, r: 8, p: 1 }

/** `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password) {
  const salt = randomBytes(16)
  const key = await scryptAsync(String(password).normalize('NFKC'), salt, KEY_LENGTH, COST)
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password, stored) {
  const [scheme, N, r, p, salt, hash] = String(stored ?? '').split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scryptAsync(String(password).normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, { N: Number(N), r: Number(r), p: Number(p) })
  return timingSafeEqual(key, expected)
}

/** A hash to compare against when the user does not exist, so the answer takes as long either way. */
let dummyHash
async function dummy() {
  dummyHash ??= await hashPassword(randomBytes(12).toString('hex'))
  return dummyHash
}

const tokenHash = (token) => createHash('sha256').update(String(token)).digest('hex')

export function accounts(pool) {
  const customerOf = (r) => r && { id: r.id, email: r.email, name: r.name, kana: r.kana, phone: r.phone, postalCode: r.postal_code, prefecture: r.prefecture, address: r.address, lang: r.lang }
  return {
    async createCustomer(c) {
      const id = randomUUID()
      try {
        const { rows } = await pool.query(
          `INSERT INTO ${T.customers} (id, email, password_hash, name, kana, phone, postal_code, prefecture, address, lang)
           VALUES ($1, lower($2), $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
          [id, c.email, await hashPassword(c.password), c.name, c.kana ?? '', c.phone ?? '', c.postalCode ?? '', c.prefecture ?? '', c.address ?? '', c.lang ?? null],
        )
        return customerOf(rows[0])
      } catch (err) {
        if (err.code === '23505') return undefined
        throw err
      }
    },
    async customer(id) {
      const { rows } = await pool.query(`SELECT * FROM ${T.customers} WHERE id = $1`, [id])
      return customerOf(rows[0])
    },
    /** The customer when the password matches. */
    async loginCustomer(email, password) {
      const { rows } = await pool.query(`SELECT * FROM ${T.customers} WHERE email = lower($1)`, [String(email ?? '').trim()])
      const ok = await verifyPassword(password, rows[0]?.password_hash ?? (await dummy()))
      return ok && rows[0] ? customerOf(rows[0]) : undefined
    },
    async addAdmin(login, password) {
      try {
        await pool.query(`INSERT INTO ${T.admins} (login, password_hash) VALUES ($1, $2)`, [login, await hashPassword(password)])
        return true
      } catch (err) {
        if (err.code === '23505') return false
        throw err
      }
    },
    async setAdminPassword(login, password) {
      await pool.query(`UPDATE ${T.admins} SET password_hash = $2 WHERE login = $1`, [login, await hashPassword(password)])
    },
    async admins() {
      const { rows } = await pool.query(`SELECT login, created_at FROM ${T.admins} ORDER BY created_at`)
      return rows.map((r) => ({ login: r.login, createdAt: r.created_at }))
    },
    async loginAdmin(login, password) {
      const { rows } = await pool.query(`SELECT * FROM ${T.admins} WHERE login = $1`, [String(login ?? '').trim()])
      const ok = await verifyPassword(password, rows[0]?.password_hash ?? (await dummy()))
      return ok && rows[0] ? { login: rows[0].login } : undefined
    },
    /** Starts a session; returns the token for the cookie. */
    async startSession(kind, subject, maxAgeSeconds) {
      const token = randomBytes(32).toString('base64url')
      await pool.query(`INSERT INTO ${T.sessions} (token_hash, kind, subject, expires_at) VALUES ($1, $2, $3, clock_timestamp() + $4 * interval '1 second')`, [
        tokenHash(token),
        kind,
        subject,
        maxAgeSeconds,
      ])
      return token
    },
    async session(kind, token) {
      if (!token) return undefined
      const { rows } = await pool.query(`SELECT subject FROM ${T.sessions} WHERE token_hash = $1 AND kind = $2 AND expires_at > clock_timestamp()`, [tokenHash(token), kind])
      return rows[0]?.subject
    },
    async endSession(token) {
      if (token) await pool.query(`DELETE FROM ${T.sessions} WHERE token_hash = $1`, [tokenHash(token)])
    },
  }
}
