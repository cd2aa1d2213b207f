// `express4` is Express 4.21 installed under an alias (npm:express@4.21.2) to test the router on Express 4.
declare module 'express4' {
  const express: (...args: unknown[]) => unknown
  export default express
}
