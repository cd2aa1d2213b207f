/** The DB_* variables Medusa's test runners read (DB_HOST must contain "localhost" or they force SSL). */
function medusaDbEnv(connectionString) {
  const u = new URL(connectionString)
  return {
    DB_HOST: u.hostname === '127.0.0.1' ? 'localhost' : u.hostname,
    DB_PORT: u.port || '5432',
    DB_USERNAME: decodeURIComponent(u.username),
    DB_PASSWORD: decodeURIComponent(u.password),
  }
}

module.exports = { medusaDbEnv }
