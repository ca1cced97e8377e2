import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `condition` holds, checking every few milliseconds, and fails after `timeoutMs` naming
 * `what`: for a state another party reaches (a request arriving, a job finishing), never a fixed sleep.
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, everyMs = 5 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
