import { Global, Injectable, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/config';
import { daysBetween, laoDay } from './lao-calendar';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What time it is for the service: now, and today in Lao PDR. Every service, job and page asks it, never
 * `new Date()`, so tests, trials and the demo loader can set the day. CLOCK_TODAY (not in production)
 * starts the clock on that Lao day at the current time of day; it then runs on.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  constructor(config: ConfigService<AppConfig, true>) {
    const today = config.get('CLOCK_TODAY', { infer: true });
    if (today) this.offsetMs = daysBetween(laoDay(new Date()), today) * DAY_MS;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today's date in Lao PDR, YYYY-MM-DD: licences, certificates and due dates follow the Lao calendar. */
  today(): string {
    return laoDay(this.now());
  }

  /**
   * Runs `work` as if it were noon of the Lao `day`, then sets the clock back. For the demo loader, which
   * writes a history at start-up before the service takes requests; never call it while serving them.
   */
  async during<T>(day: string, work: () => Promise<T>): Promise<T> {
    const saved = this.offsetMs;
    const noon = new Date(`${day}T12:00:00+07:00`).getTime();
    this.offsetMs = noon - Date.now();
    try {
      return await work();
    } finally {
      this.offsetMs = saved;
    }
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
