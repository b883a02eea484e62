/** Times the steps of a job, for its log line: "statistics 610 ms, merge 1802 ms, …". */
export function stepTimer() {
  let last = performance.now();
  const laps: string[] = [];
  return {
    lap(step: string) {
      const now = performance.now();
      laps.push(`${step} ${Math.round(now - last)} ms`);
      last = now;
    },
    laps: () => laps.join(', '),
  };
}
