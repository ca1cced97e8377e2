import type { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/config';
import { HeavyWork } from './heavy-work';
import { ProblemException } from './errors';

const settings = (limit: number, queue: number) =>
  ({
    get: (key: string) => (key === 'IMPORT_CONCURRENCY' ? limit : queue),
  }) as unknown as ConfigService<AppConfig, true>;

/** A piece of work that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, work: () => opened.then(() => 'done') };
}

describe('HeavyWork', () => {
  it('runs up to the limit at once, queues the next ones in order, and refuses beyond the queue (503)', async () => {
    const heavy = new HeavyWork(settings(1, 1));
    const first = gate();
    const second = gate();
    const order: string[] = [];
    const running = heavy.run(first.work).then(() => order.push('first'));
    const queued = heavy.run(second.work).then(() => order.push('second'));
    const refused = await heavy.run(() => Promise.resolve('third')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).getStatus()).toBe(503);
    expect((refused as ProblemException).headers).toEqual({ 'Retry-After': '10' });
    second.open();
    first.open();
    await Promise.all([running, queued]);
    expect(order).toEqual(['first', 'second']);
    // Both slots are free again.
    await expect(heavy.run(() => Promise.resolve('again'))).resolves.toBe('again');
  });

  it('frees the slot when the work fails', async () => {
    const heavy = new HeavyWork(settings(1, 0));
    await expect(heavy.run(() => Promise.reject(new Error('bad file')))).rejects.toThrow('bad file');
    await expect(heavy.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
