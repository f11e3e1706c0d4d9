import { describe, it } from 'vitest'
import { RuleTester } from '../../../../plugins/config-lint/index.js'

RuleTester.describe = describe
RuleTester.it = it

/** The harness rule authors use, wired to vitest. */
export const tester = new RuleTester()
