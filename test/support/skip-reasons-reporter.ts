import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Playwright's list reporter shows a skipped test without its reason. A skip here is always a statement about
 * the machine (no Electron binary, no display), so say it at the end of every run.
 */
export default class SkipReasonsReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    this.skipped.push(`${test.titlePath().filter(Boolean).join(' › ')}: ${reason}`);
  }

  onEnd(): void {
    for (const line of this.skipped) process.stdout.write(`  skipped: ${line}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
