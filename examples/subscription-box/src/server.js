// npm start: the box on http://127.0.0.1:3000 with a billing worker (pg-boss) in the same process.
import { startStack } from './stack.js'

const stack = await startStack({ port: Number(process.env.PORT ?? 3000) })
const worker = await stack.billing.startWorker()
stack.billing.on('charge.succeeded', (e) => console.log(`charged ${e.data.amount} yen for ${e.data.subscriptionId} (${e.data.periodStart})`))
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await worker.stop()
    await stack.close()
    process.exit(0)
  })
}
