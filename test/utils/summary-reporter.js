/**
 * Prints one plain closing line after Jest's own summary, e.g. "tests: 120 passed, 0 failed, 1 skipped",
 * so CI logs end with the count in a runner-neutral form. Written at exit so it comes last.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = SummaryReporter;
