/**
 * The conformance-suite machinery, after better-auth's `createTestSuite`: a suite is a named set of tests over the
 * ports it needs; `runConformance` registers the chosen suites with vitest against the stores you open.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { AttemptCounters, JournalStore, MemberStore, OnceKeys, OrderPort } from '../ports.js'
import type { FlowOrder } from '../types.js'

/** An order port under test, with a way to create the orders it holds. */
export interface OrdersUnderTest {
  port: OrderPort
  /** Creates a payable (`pending`) order of `amount` yen with a fresh link key. */
  create(input: { amount: number; customerId?: string | null }): Promise<FlowOrder>
}

/** The stores a conformance run checks; a suite needs some of them. */
export interface StoresUnderTest {
  journal?: JournalStore
  onceKeys?: OnceKeys
  members?: MemberStore
  orders?: OrdersUnderTest
  /** Attempt counters (throttling). */
  attempts?: AttemptCounters
}

type Port = keyof StoresUnderTest

/** Stores with the ports a suite asked for. */
export type With<P extends Port> = Required<Pick<StoresUnderTest, P>> & StoresUnderTest

/** A named set of tests over some ports. */
export interface TestSuite<P extends Port = Port> {
  name: string
  ports: readonly P[]
  tests: Record<string, (stores: With<P>) => Promise<void>>
}

/** Any suite, whatever ports it needs (what {@link runConformance} accepts). */
export interface AnyTestSuite {
  name: string
  ports: readonly Port[]
  tests: Record<string, (stores: never) => Promise<void>>
}

/**
 * Defines a suite: `createTestSuite('journal', ['journal'], { 'keeps lines in order': async ({ journal }) => … })`.
 */
export function createTestSuite<P extends Port>(name: string, ports: readonly P[], tests: TestSuite<P>['tests']): TestSuite<P> {
  return { name, ports, tests }
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Shown in the test names, e.g. `postgres`. */
  name: string
  /** Opens the stores (once for the run). */
  open: () => StoresUnderTest | Promise<StoresUnderTest>
  /** Closes what `open` opened. */
  close?: (stores: StoresUnderTest) => void | Promise<void>
  /** Which suites to run; default all of `escott-flows/testing`'s suites. */
  suites: readonly AnyTestSuite[]
}

/** Registers the suites with vitest. Call it at the top level of a test file. */
export function runConformance(options: ConformanceOptions): void {
  describe(`${options.name} stores conform to escott-flows' ports`, () => {
    let stores: StoresUnderTest | undefined
    beforeAll(async () => {
      stores = await options.open()
    })
    afterAll(async () => {
      if (stores) await options.close?.(stores)
    })
    for (const suite of options.suites) {
      describe(suite.name, () => {
        for (const [title, test] of Object.entries(suite.tests)) {
          it(title, async () => {
            const missing = suite.ports.filter((p: Port) => stores?.[p] === undefined)
            if (missing.length) throw new Error(`the ${suite.name} suite needs ${missing.join(', ')}: return it from open()`)
            await test(stores as never)
          })
        }
      })
    }
  })
}
