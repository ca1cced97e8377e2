/** `linebreak` (UAX #14, the line breaker pdfkit uses) ships no types. */
declare module 'linebreak' {
  class LineBreaker {
    constructor(text: string);
    /** The next place a line may (or, after a newline, must) break: before `position`. */
    nextBreak(): { position: number; required: boolean } | null;
  }
  export = LineBreaker;
}
